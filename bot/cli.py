"""The `tandem` command line. `main(argv)` can be called many times in one interpreter."""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from dotenv import load_dotenv
from sqlalchemy.exc import SQLAlchemyError

from bot import logs
from bot.bootstrap import build_tandem
from bot.clock import FixedClock
from bot.context import Tandem
from bot.db import schema
from bot.db.engine import describe, make_engine, ping
from bot.settings import ConfigError, Settings, load_settings
from bot.slack.gateway import SlackFailure

log = logging.getLogger("bot")
TEAM_ID = re.compile(r"^[TE][A-Z0-9]{2,}$")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class StartupError(Exception):
    """Tandem cannot start; the message is one line that says why and what to do."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tandem", description="Tandem, the mentorship bot.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve Slack's HTTP requests (and run the scheduler)")
    serve.add_argument("--port", type=int, help="port to listen on (default: $PORT or 3000)")
    serve.add_argument("--no-scheduler", action="store_true", help="do not run scheduled work")

    socket = sub.add_parser("socket", help="connect to Slack over Socket Mode")
    socket.add_argument("--no-scheduler", action="store_true", help="do not run scheduled work")

    sub.add_parser("scheduler", help="run only the scheduler (a worker process)")

    tick = sub.add_parser("tick", help="run one pass of scheduled work and exit")
    tick.add_argument("--now", help="the instant to run as, ISO-8601 (default: now)")

    sub.add_parser("migrate", help="bring the database to the newest schema")

    pairs = sub.add_parser("pairs", help="manage mentorship pairs")
    pairs_sub = pairs.add_subparsers(dest="pairs_command", required=True, metavar="ACTION")
    imports = pairs_sub.add_parser(
        "import", help="add pairs from a CSV (mentor_email,mentee_email or mentor_id,mentee_id)"
    )
    imports.add_argument("file", help="the CSV file; its first line names the columns")
    imports.add_argument("--team", required=True, help="the Slack workspace ID, e.g. T0123ABCD")
    imports.add_argument(
        "--yes", action="store_true", help="if some rows have problems, add the valid rows anyway"
    )
    imports.add_argument(
        "--owner", help="Slack user ID told about progress by DM (default: first TANDEM_OWNERS)"
    )
    return parser


def _parse_instant(value: str) -> datetime:
    try:
        instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise StartupError(
            f"--now {value!r} is not an ISO-8601 instant; use e.g. 2027-01-04T09:00:00Z."
        ) from None
    if instant.tzinfo is None:
        raise StartupError(f"--now {value!r} has no time zone; add Z or an offset like +01:00.")
    return instant.astimezone(UTC)


def _prepared_database(settings: Settings) -> Any:
    engine = make_engine(settings.database_url)
    try:
        ping(engine)
    except SQLAlchemyError as exc:
        reason = str(exc.orig if hasattr(exc, "orig") and exc.orig else exc).splitlines()[0]
        raise StartupError(
            f"Cannot reach the database at {describe(engine)} ({reason}). Check DATABASE_URL "
            "and that the database server is running."
        ) from None
    try:
        schema.ensure_schema(engine)
    except schema.SchemaOutOfDate as exc:
        raise StartupError(str(exc)) from None
    return engine


def _tandem(settings: Settings, clock: FixedClock | None = None) -> Tandem:
    settings.require_bot_token()
    return build_tandem(settings, engine=_prepared_database(settings), clock=clock)


def _check_token(tandem: Tandem) -> None:
    try:
        # SLACK_BOT_TOKEN serves one workspace, whichever team is asked for.
        identity = tandem.slack_for("").auth_test()
    except SlackFailure as failure:
        raise StartupError(
            f"Slack refused SLACK_BOT_TOKEN ({failure.error}): check the token on your Slack "
            "app's 'OAuth & Permissions' page, and SLACK_API_URL if you set it."
        ) from None
    log.info("connected to Slack as %s in %s", identity.get("user"), identity.get("team"))


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    engine = make_engine(settings.database_url)
    try:
        before, after = schema.upgrade(engine)
    except SQLAlchemyError as exc:
        raise StartupError(
            f"Cannot migrate the database at {describe(engine)}: {str(exc).splitlines()[0]}"
        ) from None
    if before == after:
        print(f"Database already at the newest revision ({after}).")
    else:
        print(f"Database migrated from {before or 'empty'} to {after}.")
    return 0


def cmd_tick(settings: Settings, args: argparse.Namespace) -> int:
    from bot.scheduler.tick import run_pass

    now = _parse_instant(args.now) if args.now else datetime.now(UTC)
    tandem = _tandem(settings, FixedClock(now))
    print(f"tick at {now.isoformat().replace('+00:00', 'Z')}")
    for line in run_pass(tandem, now):
        print(line)
    return 0


def cmd_pairs(settings: Settings, args: argparse.Namespace) -> int:
    from bot.services.imports.file import import_file

    if not TEAM_ID.match(args.team):
        raise StartupError(f"--team {args.team!r} is not a Slack workspace ID; use e.g. T0123ABCD.")
    owner = args.owner or (settings.owners[0] if settings.owners else None)
    if owner is not None and not USER_ID.match(owner):
        raise StartupError(f"--owner {owner!r} is not a Slack user ID; use e.g. U0123ABCD.")
    try:
        with open(args.file, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise StartupError(f"Cannot read {args.file}: {reason}.") from None
    tandem = _tandem(settings)
    result = import_file(
        tandem,
        team_id=args.team,
        text=text,
        confirm=args.yes,
        notify_user=owner,
        now=tandem.clock.now(),
    )
    for line in result.lines:
        print(line)
    return result.code


STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def _hold_stop_signals() -> None:
    """Block SIGTERM and SIGINT in this thread and every thread started after it, so that
    `_wait_for_stop` receives them. A handler would run only when the kernel happens to
    deliver the signal to the main thread; delivered to a worker thread, it waited until
    the main thread woke up by itself (up to a minute)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)


def _wait_for_stop() -> int:
    received = signal.sigwait(STOP_SIGNALS)
    log.info("received %s: stopping", signal.Signals(received).name)
    return received


def cmd_scheduler(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.scheduler.loop import build_scheduler

    _hold_stop_signals()
    tandem = _tandem(settings)
    _check_token(tandem)
    scheduler = build_scheduler(tandem)
    log.info("scheduler running as %s", tandem.worker_id)
    scheduler.start()
    _wait_for_stop()
    scheduler.shutdown(wait=False)
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import create_app
    from bot.scheduler.loop import build_scheduler
    from bot.web.router import Router
    from bot.web.server import serve

    settings.require_signing_secret()
    port = args.port or _port_from_env()
    _check_token(_tandem(settings))  # fail fast, before gunicorn forks

    def build() -> Router:
        tandem = build_tandem(settings, engine=make_engine(settings.database_url))
        app = create_app(settings, tandem=tandem)
        if not args.no_scheduler:
            build_scheduler(tandem).start()
        return Router(app, tandem.engine, settings.require_signing_secret())

    log.info("serving Slack requests on port %d", port)
    serve(build, port=port)
    return 0


def cmd_socket(settings: Settings, args: argparse.Namespace) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    from bot.app import create_app
    from bot.scheduler.loop import build_scheduler

    app_token = settings.require_app_token()
    _hold_stop_signals()
    tandem = _tandem(settings)
    _check_token(tandem)
    app = create_app(settings, tandem=tandem)
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
    return 0


def _port_from_env() -> int:
    value = os.environ.get("PORT", "").strip()
    if not value:
        return 3000
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise StartupError(f"PORT {value!r} is not a port number; use e.g. PORT=3000.")
    return int(value)


SECRET_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DATABASE_URL")

COMMANDS = {
    "serve": cmd_serve,
    "socket": cmd_socket,
    "scheduler": cmd_scheduler,
    "tick": cmd_tick,
    "migrate": cmd_migrate,
    "pairs": cmd_pairs,
}


def main(argv: Sequence[str] | None = None, env: dict[str, str] | None = None) -> int:
    """Run one tandem command; returns the exit code and never calls sys.exit itself."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help or a usage error: argparse has printed it
        return int(exc.code or 0)
    try:
        settings = load_settings(os.environ if env is None else env)
        return COMMANDS[args.command](settings, args)
    except (ConfigError, StartupError) as exc:
        print(f"tandem: {exc}", file=sys.stderr)
        return 2


def entry_point() -> None:
    """The console script and `python -m bot`: read .env, set up logging, run."""
    load_dotenv(os.path.join(os.getcwd(), ".env"))
    secrets = [os.environ.get(name, "") for name in SECRET_VARIABLES]
    logs.configure(os.environ.get("LOG_LEVEL", "INFO"), secrets)
    sys.exit(main())
