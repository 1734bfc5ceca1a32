"""The fake Slack's HTTP side: /api/<method>, response_url posts, and /_fake/ for a fake in
its own process."""

from __future__ import annotations

import base64
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from bot.sandbox.files import UPLOAD_PATH

if TYPE_CHECKING:
    from bot.sandbox.core import FakeSlack


class Server(ThreadingHTTPServer):
    request_queue_size = 256  # many sending threads connect at once
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client that gave up waiting (a timeout test) is not the fake's error
        super().handle_error(request, client_address)


def handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as two writes

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            content = self.rfile.read(length)
            if self.path.startswith(UPLOAD_PATH):  # an upload URL: the file's raw bytes
                status = fake.upload(self.path, content)
                self._send_text(status, f"OK - {len(content)}" if status == 200 else "Not Found")
                return
            raw = content.decode("utf-8")
            if self.headers.get("Content-Type", "").startswith("application/json"):
                args = json.loads(raw) if raw else {}
            else:
                args = dict(parse_qsl(raw, keep_blank_values=True))
            if self.path.startswith("/_fake/"):
                self._send(200, fake.admin(self.path[len("/_fake/") :], args))
                return
            if self.path.startswith("/response/"):
                self._send(*fake.record_response_url(self.path, args))
                return
            if not self.path.startswith("/api/"):
                self._send(404, {"ok": False, "error": "not_found"})
                return
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):  # oauth.v2.access: the app's client ID and secret
                client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                args = {**args, "client_id": client_id, "client_secret": secret}
            token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else args.get("token")
            method = self.path[len("/api/") :]
            status, body = fake.handle(method, args, token)
            fake.take_hang(method)
            headers = {}
            if body.get("retry_after") is not None:
                headers["Retry-After"] = str(body.pop("retry_after"))
            self._send(status, body, headers)

        def _send_text(self, status: int, text: str) -> None:
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _send(self, status: int, body: dict[str, Any], headers: dict | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
