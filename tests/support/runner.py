"""Runs the real app (router + Bolt) on a real port, in-process or as `tandem serve`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.app import create_app
from bot.context import Tandem
from bot.delivery.health import refused_tokens
from bot.sandbox import FakeSlack
from bot.web.health import health_report
from bot.web.router import Router
from tests.support.driver import SlackDriver
from tests.support.waiting import PATIENCE


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@dataclass
class RunningApp:
    url: str
    driver: SlackDriver
    tandem: Tandem
    fake: FakeSlack
    server: WSGIServer

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def run_in_thread(tandem: Tandem, fake: FakeSlack) -> RunningApp:
    """Serve the real WSGI router and Bolt app on 127.0.0.1 in a background thread."""
    settings = tandem.settings
    app = create_app(settings, tandem=tandem)
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
    driver = SlackDriver(url, settings.require_signing_secret(), fake)
    return RunningApp(url=url, driver=driver, tandem=tandem, fake=fake, server=server)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_serve(env: dict[str, str], port: int, *extra: str) -> subprocess.Popen[str]:
    """Start `tandem serve` as a subprocess and wait until /healthz answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port), *extra],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"tandem serve exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"tandem serve did not answer /healthz within {PATIENCE:.0f} s")
