"""The outbox's WebClient reuses its connection, and notices one the server has closed."""

from __future__ import annotations

import base64
import json
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from slack_sdk.errors import SlackApiError

from bot.sandbox import FakeSlack
from bot.slack.keepalive import KeepAliveWebClient


class _Counting(ThreadingHTTPServer):
    daemon_threads = True
    connections = 0
    close_each = False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Counting

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        data = json.dumps({"ok": True, "url": "x", "team": "t", "user": "u"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        # Closing without saying so, as an idle timeout on a real server would.
        self.close_connection = self.server.close_each


@pytest.fixture
def server() -> Iterator[_Counting]:
    server = _Counting(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _client(server: _Counting) -> KeepAliveWebClient:
    host, port = server.server_address[:2]
    return KeepAliveWebClient(token="xoxb-test", base_url=f"http://{host}:{port}/api/")


def test_calls_share_one_connection(server: _Counting) -> None:
    client = _client(server)
    for _ in range(3):
        assert client.auth_test()["ok"] is True
    assert server.connections == 1


def test_a_connection_the_server_closed_is_replaced_before_use(server: _Counting) -> None:
    server.close_each = True
    client = _client(server)
    for _ in range(3):
        assert client.auth_test()["ok"] is True
    assert server.connections == 3


def test_a_429_still_carries_retry_after(fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", "ratelimited", status=429, retry_after=7)
    client = KeepAliveWebClient(token="xoxb-test-token", base_url=fake_slack.api_url)
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="UOWNER001", text="hi")
    assert refused.value.response.status_code == 429
    assert refused.value.response.headers["Retry-After"] == "7"
    assert client.chat_postMessage(channel="UOWNER001", text="hi")["ok"] is True


class _Proxy(ThreadingHTTPServer):
    """A forward proxy for http: it is asked for whole URLs and passes them on."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.seen: list[tuple[str, str]] = []  # (URL asked for, Proxy-Authorization)


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Proxy

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append((self.path, self.headers.get("Proxy-Authorization", "")))
        forwarded = urllib.request.Request(
            self.path,
            data=body,
            method="POST",
            headers={k: v for k, v in self.headers.items() if not k.startswith("Proxy-")},
        )
        with urllib.request.urlopen(forwarded, timeout=30) as answer:
            data = answer.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def proxy() -> Iterator[_Proxy]:
    server = _Proxy()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_proxy_in_https_proxy_is_used_unless_no_proxy_names_the_host(
    proxy: _Proxy, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = f"user:s%40cret@127.0.0.1:{proxy.server_address[1]}"
    monkeypatch.setenv("HTTPS_PROXY", f"http://{address}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = KeepAliveWebClient(token=fake_slack.token, base_url=fake_slack.api_url)
    assert client.auth_test()["ok"] is True
    [(url, credentials)] = proxy.seen
    assert url == fake_slack.api_url + "auth.test"
    assert base64.b64decode(credentials.removeprefix("Basic ")) == b"user:s@cret"

    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    direct = KeepAliveWebClient(token=fake_slack.token, base_url=fake_slack.api_url)
    assert direct.auth_test()["ok"] is True
    assert len(proxy.seen) == 1  # straight to the host NO_PROXY names
