"""The long-running commands: `tandem serve`, `tandem socket` and `tandem scheduler`."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
from collections.abc import Iterator

from bot.bootstrap import build_tandem
from bot.db.engine import make_engine
from bot.delivery.health import refused_tokens
from bot.settings import Settings
from bot.startup import StartupError, check_token, tandem_for
from bot.web.health import health_report

log = logging.getLogger("bot")

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


@contextlib.contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Block SIGTERM and SIGINT in this thread and every thread started after it, so that
    `_wait_for_stop` receives them. A handler would run only when the kernel happens to
    deliver the signal to the main thread; delivered to a worker thread, it waited until
    the main thread woke up by itself (up to a minute). The mask is given back on the way
    out: `main` may run in a process that goes on (and starts processes of its own)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _wait_for_stop() -> int:
    received = signal.sigwait(STOP_SIGNALS)
    log.info("received %s: stopping", signal.Signals(received).name)
    return received


def scheduler(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.scheduler.loop import build_scheduler

    with _stop_signals_held():
        tandem = tandem_for(settings)
        check_token(tandem)
        scheduler = build_scheduler(tandem)
        log.info("scheduler running as %s", tandem.worker_id)
        scheduler.start()
        _wait_for_stop()
        scheduler.shutdown(wait=False)
    return 0


def serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import create_app
    from bot.scheduler.loop import build_scheduler
    from bot.web.router import Router
    from bot.web.server import serve as serve_http

    settings.require_signing_secret()
    port = args.port or _port_from_env()
    check_token(tandem_for(settings))  # fail fast, before gunicorn forks

    def build() -> Router:
        tandem = build_tandem(settings, engine=make_engine(settings.database_url))
        app = create_app(settings, tandem=tandem)
        if not args.no_scheduler:
            build_scheduler(tandem).start()
        return Router(
            app,
            tandem.engine,
            settings.require_signing_secret(),
            refused_tokens=lambda: refused_tokens(tandem),
            report=lambda: health_report(tandem),
        )

    log.info("serving Slack requests on port %d", port)
    serve_http(build, port=port, log_format=settings.log_format)
    return 0


def socket(settings: Settings, args: argparse.Namespace) -> int:
    app_token = settings.require_app_token()
    with _stop_signals_held():
        _socket(settings, args, app_token)
    return 0


def _socket(settings: Settings, args: argparse.Namespace, app_token: str) -> None:
    settings.require_bot_token()  # Socket Mode serves one workspace; installs need `serve`
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    from bot.app import create_app
    from bot.scheduler.loop import build_scheduler

    tandem = tandem_for(settings)
    check_token(tandem)
    app = create_app(settings, tandem=tandem, socket_mode=True)
    if not args.no_scheduler:
        build_scheduler(tandem).start()
    handler = SocketModeHandler(app, app_token)
    try:
        handler.connect()
    except SlackApiError as exc:
        raise StartupError(
            f"Slack refused SLACK_APP_TOKEN ({exc.response.get('error')}): create an app-level "
            "token with connections:write on your Slack app's 'Basic Information' page and "
            "enable Socket Mode."
        ) from None
    log.info("connected over Socket Mode")
    _wait_for_stop()  # the socket client runs in its own threads
    handler.close()


def _port_from_env() -> int:
    value = os.environ.get("PORT", "").strip()
    if not value:
        return 3000
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise StartupError(f"PORT {value!r} is not a port number; use e.g. PORT=3000.")
    return int(value)
