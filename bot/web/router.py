"""WSGI router: /healthz, and /slack/events guarded before Bolt sees it.

Bolt answers a bad signature with 401 but lets a malformed body raise (a 500). Here every
request to /slack/events is checked first: bad or stale signature -> 401, signed but
unreadable body (invalid UTF-8, invalid JSON, a broken payload= field) -> 400.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.request.internals import parse_body
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.db.engine import ping
from bot.slack.payloads import problem

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
MAX_BODY = 1024 * 1024  # Slack payloads are far smaller
MAX_AGE_SECONDS = 60 * 5  # Slack's replay window


def _reply(start_response: StartResponse, status: str, body: dict[str, Any]) -> Iterable[bytes]:
    data = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    )
    return [data]


class Router:
    def __init__(
        self,
        app: App,
        engine: Engine,
        signing_secret: str,
        refused_tokens: Callable[[], dict[str, dict[str, str]]] | None = None,
        report: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        self.bolt = SlackRequestHandler(app)
        flow = app.oauth_flow
        self.oauth_paths = (
            {flow.install_path, flow.redirect_uri_path} if flow is not None else set[str]()
        )
        self.engine = engine
        self.secret = signing_secret.encode()
        # Workspaces whose bot token Slack refuses (bot/delivery/health.py), for /healthz.
        self.refused_tokens = refused_tokens
        # The scheduler and Slack per workspace (bot/web/health.py), when given.
        self.report = report

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz":
            return self.health(start_response)
        if path in self.oauth_paths:
            # Installs (GET only): Bolt's OAuth flow checks the state and its cookie itself.
            if method != "GET":
                return _reply(start_response, "405 Method Not Allowed", {"ok": False})
            return self.bolt(environ, start_response)
        if path != "/slack/events":
            return _reply(start_response, "404 Not Found", {"ok": False, "error": "not_found"})
        if method != "POST":
            return _reply(start_response, "405 Method Not Allowed", {"ok": False})
        return self.slack(environ, start_response)

    def health(self, start_response: StartResponse) -> Iterable[bytes]:
        try:
            ping(self.engine)
        except SQLAlchemyError:
            log.warning("health check: database unreachable")
            return _reply(
                start_response, "503 Service Unavailable", {"ok": False, "database": "unreachable"}
            )
        body: dict[str, Any] = {"ok": True, "database": "ok"}
        if self.report is not None:
            return _reply(start_response, "200 OK", {**body, **self.report()})
        refused = self.refused_tokens() if self.refused_tokens else {}
        if refused:
            body["slack"] = {team: {"ok": False, **state} for team, state in refused.items()}
        return _reply(start_response, "200 OK", body)

    def _signed(self, raw: bytes, headers: dict[str, str]) -> bool:
        """Slack's v0 signature over the raw bytes (which may not even be UTF-8)."""
        timestamp, signature = headers["x-slack-request-timestamp"], headers["x-slack-signature"]
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        base = b"v0:" + timestamp.encode() + b":" + raw
        expected = "v0=" + hmac.new(self.secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)

    def slack(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            return _reply(start_response, "413 Payload Too Large", {"ok": False})
        raw: bytes = environ["wsgi.input"].read(length) if length > 0 else b""
        headers = {
            "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", ""),
            "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
        }
        if not self._signed(raw, headers):
            return _reply(start_response, "401 Unauthorized", {"ok": False, "error": "invalid"})
        try:
            body = raw.decode("utf-8")
            parsed = parse_body(body, environ.get("CONTENT_TYPE"))
            if not isinstance(parsed, dict):
                raise ValueError("body is not an object")
        except (UnicodeDecodeError, ValueError):
            return _reply(start_response, "400 Bad Request", {"ok": False, "error": "malformed"})
        reason = problem(parsed)
        if reason is not None:
            log.warning(
                "refused a signed Slack request that is not a payload Slack sends: %s", reason
            )
            return _reply(start_response, "400 Bad Request", {"ok": False, "error": "malformed"})

        # Hand Bolt the body we already read.
        environ = dict(environ)
        environ["wsgi.input"] = _Body(raw)
        return self.bolt(environ, start_response)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data
