"""A WebClient that keeps its HTTP connections open between calls.

slack_sdk's WebClient opens a new connection (and, against Slack, a new TLS session) for
every call. The outbox makes tens of thousands of calls in a fan-out, so each of its
threads keeps one connection per host and reuses it. A kept connection that the server
has closed meanwhile is noticed before it is used (the socket reads as closed), so a post
is not sent into a dead connection, whose failure could not be told from a lost answer.

Like slack_sdk, it goes through the proxy in HTTPS_PROXY (or https_proxy, HTTP_PROXY,
http_proxy; WebClient reads them into `self.proxy`), and, as urllib does, not for hosts
that NO_PROXY names: https through a CONNECT tunnel, http by asking for the whole URL.
"""

from __future__ import annotations

import base64
import io
import select
import socket
import threading
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPResponse, HTTPSConnection
from typing import Any, cast
from urllib.error import HTTPError, URLError
from urllib.parse import SplitResult, unquote, urlsplit
from urllib.request import Request, proxy_bypass_environment  # type: ignore[attr-defined]

from slack_sdk import WebClient


class KeepAliveWebClient(WebClient):
    """WebClient whose requests go over per-thread, reused HTTP(S) connections."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    def _proxy_for(self, host: str) -> SplitResult | None:
        if not self.proxy or proxy_bypass_environment(host):
            return None
        return urlsplit(self.proxy if "://" in self.proxy else f"http://{self.proxy}")

    def _connection(self, scheme: str, netloc: str) -> _Kept:
        """This thread's kept connection to `netloc` (directly or through the proxy)."""
        connections: dict[tuple[str, str], _Kept] = self._local.__dict__.setdefault(
            "connections", {}
        )
        kept = connections.get((scheme, netloc))
        if kept is not None and _closed_by_peer(kept.connection):
            kept.connection.close()
            kept = None
        if kept is None:
            proxy = self._proxy_for(urlsplit(f"//{netloc}").hostname or netloc)
            kept = _open(scheme, netloc, proxy, self.timeout, self.ssl)
            connections[(scheme, netloc)] = kept
        return kept

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        kept = self._connection(parts.scheme, parts.netloc)
        connection = kept.connection
        path = kept.prefix + parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            if connection.sock is None:
                connection.connect()
                # Small requests, answered at once: do not let Nagle hold them back.
                sock = cast(socket.socket, connection.sock)  # set by connect()
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            headers = {**dict(req.header_items()), **kept.headers}
            connection.request("POST", path, body=req.data, headers=headers)
        except OSError as exc:
            connection.close()
            raise URLError(exc) from exc  # the request was not (wholly) sent
        try:
            response: HTTPResponse = connection.getresponse()
            body = response.read()
        except Exception:
            connection.close()
            raise  # sent, but no answer: the caller treats it as uncertain
        if response.will_close:
            connection.close()
        if response.status >= 300:
            raise HTTPError(url, response.status, response.reason, response.msg, io.BytesIO(body))
        charset = response.msg.get_content_charset() or "utf-8"
        return {"status": response.status, "headers": response.msg, "body": body.decode(charset)}


@dataclass
class _Kept:
    connection: HTTPConnection
    prefix: str = ""  # http through a proxy: requests name the whole URL
    headers: dict[str, str] = field(default_factory=dict)  # the proxy's credentials


def _open(scheme: str, netloc: str, proxy: SplitResult | None, timeout: int, ssl: Any) -> _Kept:
    if proxy is None:
        if scheme == "https":
            return _Kept(HTTPSConnection(netloc, timeout=timeout, context=ssl))
        return _Kept(HTTPConnection(netloc, timeout=timeout))
    headers = {}
    if proxy.username:
        credentials = f"{unquote(proxy.username)}:{unquote(proxy.password or '')}"
        headers["Proxy-Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
    host, port = proxy.hostname or "", proxy.port or (443 if proxy.scheme == "https" else 80)
    if scheme == "https":
        tunnel = HTTPSConnection(host, port, timeout=timeout, context=ssl)
        tunnel.set_tunnel(netloc, headers=headers)
        return _Kept(tunnel)
    return _Kept(HTTPConnection(host, port, timeout=timeout), f"{scheme}://{netloc}", headers)


def _closed_by_peer(connection: HTTPConnection) -> bool:
    """An idle kept connection that is readable has been closed (or broken) by the server."""
    sock = connection.sock
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
