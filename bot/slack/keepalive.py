"""A WebClient that keeps its HTTP connections open between calls.

slack_sdk's WebClient opens a new connection (and, against Slack, a new TLS session) for
every call. The outbox makes tens of thousands of calls in a fan-out, so each of its
threads keeps one connection per host and reuses it. A kept connection that the server
has closed meanwhile is noticed before it is used (the socket reads as closed), so a post
is not sent into a dead connection, whose failure could not be told from a lost answer.
"""

from __future__ import annotations

import io
import select
import socket
import threading
from http.client import HTTPConnection, HTTPResponse, HTTPSConnection
from typing import Any, cast
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient


class KeepAliveWebClient(WebClient):
    """WebClient whose requests go over per-thread, reused HTTP(S) connections."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    def _connection(self, scheme: str, netloc: str) -> HTTPConnection:
        connections: dict[tuple[str, str], HTTPConnection] = self._local.__dict__.setdefault(
            "connections", {}
        )
        connection = connections.get((scheme, netloc))
        if connection is not None and _closed_by_peer(connection):
            connection.close()
            connection = None
        if connection is None:
            if scheme == "https":
                connection = HTTPSConnection(netloc, timeout=self.timeout, context=self.ssl)
            else:
                connection = HTTPConnection(netloc, timeout=self.timeout)
            connections[(scheme, netloc)] = connection
        return connection

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        connection = self._connection(parts.scheme, parts.netloc)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            if connection.sock is None:
                connection.connect()
                # Small requests, answered at once: do not let Nagle hold them back.
                sock = cast(socket.socket, connection.sock)  # set by connect()
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection.request("POST", path, body=req.data, headers=dict(req.header_items()))
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
