"""Starting Tandem from the command line: the database reachable and migrated, the token
accepted, or one line that says what is wrong."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.bootstrap import build_tandem
from bot.clock import FixedClock
from bot.context import Tandem
from bot.db import schema
from bot.db.engine import describe, make_engine, ping
from bot.settings import Settings
from bot.slack.gateway import SlackFailure

log = logging.getLogger("bot")


class StartupError(Exception):
    """Tandem cannot start; the message is one line that says why and what to do."""


def prepared_database(settings: Settings) -> Any:
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


def tandem_for(settings: Settings, clock: FixedClock | None = None) -> Tandem:
    if not settings.oauth:
        settings.require_bot_token()
    tandem = build_tandem(settings, engine=prepared_database(settings), clock=clock)
    require_good_prompts(tandem)
    return tandem


def require_good_prompts(tandem: Tandem) -> None:
    """Refuse to start on prompts that would fail in Slack (what `tandem prompts check` says)."""
    from bot.promptcheck.run import check_prompts

    report = check_prompts(tandem.composer)
    if report.ok:
        return
    shown = "\n  ".join(str(p) for p in report.problems[:20])
    more = len(report.problems) - 20
    raise StartupError(
        f"the prompts have {len(report.problems)} problem(s); fix them and run "
        f"`tandem prompts check`:\n  {shown}" + (f"\n  ... and {more} more" if more > 0 else "")
    )


def check_token(tandem: Tandem) -> None:
    if tandem.settings.oauth:
        log.info("installed by OAuth: each workspace's token is read from the database")
        return
    try:
        # SLACK_BOT_TOKEN serves one workspace, whichever team is asked for.
        identity = tandem.slack_for("").auth_test()
    except SlackFailure as failure:
        raise StartupError(
            f"Slack refused SLACK_BOT_TOKEN ({failure.error}): check the token on your Slack "
            "app's 'OAuth & Permissions' page, and SLACK_API_URL if you set it."
        ) from None
    log.info("connected to Slack as %s in %s", identity.get("user"), identity.get("team"))
