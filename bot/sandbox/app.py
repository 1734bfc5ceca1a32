"""The real app (router + Bolt) on a real port in this process, talking to the sandbox Slack:
for the tests and `tandem demo`.

Bolt acknowledges a request and finishes the listener in its executor. Here that executor
counts the work it has not finished, so `settle()` waits until everything a request started
is done: the demo's people read the app's answers only once they are all there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.app import create_app
from bot.context import Tandem
from bot.delivery.health import refused_tokens
from bot.sandbox.core import FakeSlack
from bot.sandbox.driver import SlackDriver
from bot.sandbox.waiting import PATIENCE, wait_until
from bot.web.health import health_report
from bot.web.router import Router


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class CountingExecutor(ThreadPoolExecutor):
    """A thread pool that knows how many submitted tasks have not finished."""

    def __init__(self) -> None:
        super().__init__(max_workers=8, thread_name_prefix="listener")
        self._pending = 0
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._lock:
            self._pending -= 1

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending


@dataclass
class RunningApp:
    url: str
    driver: SlackDriver
    tandem: Tandem
    fake: FakeSlack
    server: WSGIServer
    listeners: CountingExecutor

    def settle(self, timeout: float = PATIENCE) -> None:
        """Wait until every listener the requests so far started has finished."""
        wait_until(
            lambda: self.listeners.pending,
            lambda n: n == 0,
            timeout=timeout,
            what="the app's listeners to finish",
        )

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.listeners.shutdown(wait=False)


def run_in_thread(
    tandem: Tandem, fake: FakeSlack, driver_type: type[SlackDriver] = SlackDriver
) -> RunningApp:
    """Serve the real WSGI router and Bolt app on 127.0.0.1 in a background thread."""
    settings = tandem.settings
    listeners = CountingExecutor()
    app = create_app(settings, tandem=tandem, listener_executor=listeners)
    router = Router(
        app,
        tandem.engine,
        settings.require_signing_secret(),
        refused_tokens=lambda: refused_tokens(tandem),
        report=lambda: health_report(tandem),
    )
    server = make_server(
        "127.0.0.1", 0, router, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
    )
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    ).start()
    url = f"http://127.0.0.1:{server.server_port}"
    driver = driver_type(url, settings.require_signing_secret(), fake)
    return RunningApp(
        url=url, driver=driver, tandem=tandem, fake=fake, server=server, listeners=listeners
    )
