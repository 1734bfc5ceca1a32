"""The `tandem` command line. `main(argv)` can be called many times in one interpreter."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from dotenv import load_dotenv
from sqlalchemy.exc import SQLAlchemyError

from bot import logs, processes, tooling
from bot.clock import FixedClock
from bot.db import schema
from bot.db.engine import describe, make_engine
from bot.settings import ConfigError, Settings, load_settings
from bot.startup import StartupError, tandem_for

log = logging.getLogger("bot")
TEAM_ID = re.compile(r"^[TE][A-Z0-9]{2,}$")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


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

    demo = sub.add_parser(
        "demo", help="play a program's first weeks against a sandbox Slack and write a transcript"
    )
    demo.add_argument(
        "--out", default="tandem-demo.html", help="the HTML transcript (default: tandem-demo.html)"
    )
    demo.add_argument("--weeks", type=int, default=8, help="weeks to play, 1 to 52 (default: 8)")
    demo.add_argument("--pairs", type=int, default=3, help="pairs in the program (default: 3)")
    demo.add_argument(
        "--database-url", help="a database to play on (default: SQLite in a temporary folder)"
    )

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
    tooling.add_parsers(sub)
    tooling.add_prompt_parsers(sub)

    report = sub.add_parser("report", help="write the program report (CSV and PNG chart)")
    report.add_argument("--team", required=True, help="the Slack workspace ID, e.g. T0123ABCD")
    report.add_argument("--out", required=True, help="the directory to write the files to")
    report.add_argument("--now", help="the instant the report is as of, ISO-8601 (default: now)")
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
    tandem = tandem_for(settings, FixedClock(now))
    print(f"tick at {now.isoformat().replace('+00:00', 'Z')}")
    for line in run_pass(tandem, now):
        print(line)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.demo.command import DemoRefused, Options, run

    options = Options(Path(args.out), args.weeks, args.pairs, args.database_url)
    try:
        return run(options)
    except DemoRefused as exc:
        raise StartupError(str(exc)) from None


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
    tandem = tandem_for(settings)
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


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    from bot.bootstrap import build_tandem
    from bot.services.status.export import report_files
    from bot.startup import prepared_database

    if not TEAM_ID.match(args.team):
        raise StartupError(f"--team {args.team!r} is not a Slack workspace ID; use e.g. T0123ABCD.")
    now = _parse_instant(args.now) if args.now else datetime.now(UTC)
    try:
        os.makedirs(args.out, exist_ok=True)
    except OSError as exc:
        raise StartupError(f"Cannot write to {args.out}: {exc.strerror}.") from None
    # No Slack call: the report is made from the database alone (no token needed).
    tandem = build_tandem(settings, engine=prepared_database(settings), clock=FixedClock(now))
    with tandem.sessions() as session:
        files = report_files(tandem.composer, session, args.team, now, settings.timezone)
    for file in files:
        path = os.path.join(args.out, file.filename)
        with open(path, "wb") as handle:
            handle.write(file.content)
        print(f"wrote {path} ({len(file.content):,} bytes)")
    return 0


SECRET_VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "DATABASE_URL",
    "SLACK_CLIENT_SECRET",
    "SLACK_STATE_SECRET",
)

COMMANDS = {
    "serve": processes.serve,
    "socket": processes.socket,
    "scheduler": processes.scheduler,
    "tick": cmd_tick,
    "migrate": cmd_migrate,
    "pairs": cmd_pairs,
    "report": cmd_report,
    "manifest": tooling.cmd_manifest,
    "prompts": tooling.cmd_prompts,
}


def main(argv: Sequence[str] | None = None, env: dict[str, str] | None = None) -> int:
    """Run one tandem command; returns the exit code and never calls sys.exit itself."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help or a usage error: argparse has printed it
        return int(exc.code or 0)
    try:
        if args.command == "demo":  # needs no settings: it brings its own Slack and database
            return cmd_demo(args)
        settings = load_settings(os.environ if env is None else env)
        return COMMANDS[args.command](settings, args)
    except (ConfigError, StartupError) as exc:
        print(f"tandem: {exc}", file=sys.stderr)
        return 2


def entry_point() -> None:
    """The console script and `python -m bot`: read .env, set up logging, run."""
    load_dotenv(os.path.join(os.getcwd(), ".env"))
    secrets = [os.environ.get(name, "") for name in SECRET_VARIABLES]
    fmt = os.environ.get("LOG_FORMAT", "").strip().lower() or "plain"
    logs.configure(
        os.environ.get("LOG_LEVEL", "INFO"), secrets, fmt if fmt in logs.FORMATS else "plain"
    )
    sys.exit(main())
