"""Events API listeners."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.context import Tandem
from bot.formatting import unescape
from bot.services.checkins.reflections import reply_in_dm
from bot.services.program.home import publish_home


def handle_home_opened(event: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab") not in (None, "home"):
        return
    tandem: Tandem = context["tandem"]
    publish_home(
        tandem, team_id=context.team_id or "", user_id=event["user"], now=tandem.clock.now()
    )


def handle_message(event: dict[str, Any], context: BoltContext) -> None:
    """A person writing to Tandem in its DM (message.im): their reflection for the check-in.

    Every message event is acknowledged here, so Slack never retries one; edits, deletions
    and bot messages are left alone.
    """
    if event.get("channel_type") != "im" or event.get("bot_id") or not event.get("user"):
        return
    if event.get("subtype") not in (None, "file_share"):
        return
    tandem: Tandem = context["tandem"]
    reply_in_dm(
        tandem,
        team_id=context.team_id or "",
        user_id=event["user"],
        channel_id=event["channel"],
        text=unescape(event.get("text") or ""),
        ts=event["ts"],
        thread_ts=event.get("thread_ts"),
        now=tandem.clock.now(),
    )


def register(app: App) -> None:
    app.event("app_home_opened")(handle_home_opened)
    app.event("message")(handle_message)
