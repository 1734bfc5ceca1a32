"""Runs the real app (router + Bolt) on a real port, in-process (bot/sandbox/app.py, with the
tests' driver) or as `tandem serve`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from bot.context import Tandem
from bot.sandbox import FakeSlack
from bot.sandbox import app as sandbox_app
from bot.sandbox.app import RunningApp
from tests.support.driver import SlackDriver
from tests.support.waiting import PATIENCE

__all__ = ["RunningApp", "free_port", "run_in_thread", "start_serve"]


def run_in_thread(tandem: Tandem, fake: FakeSlack) -> RunningApp:
    """Serve the real WSGI router and Bolt app on 127.0.0.1 in a background thread."""
    return sandbox_app.run_in_thread(tandem, fake, driver_type=SlackDriver)


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
