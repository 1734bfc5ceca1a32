"""Events API listeners."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.context import Tandem
from bot.formatting import unescape
from bot.listeners.answers import installed_team
from bot.services.checkins.replies import DmMessage, edit_in_dm, reply_in_dm
from bot.services.program.home import publish_home
from bot.services.workspaces.removal import bot_tokens_revoked, workspace_removed

# A person's words in the DM: plain messages, a file with a comment, and a thread reply
# also sent to the channel ("also send as direct message" gives thread_broadcast).
ANSWERS = frozenset({None, "file_share", "thread_broadcast"})


def handle_home_opened(event: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab") not in (None, "home"):
        return
    tandem: Tandem = context["tandem"]
    publish_home(
        tandem, team_id=installed_team(context), user_id=event["user"], now=tandem.clock.now()
    )


def _message(
    context: BoltContext, body: dict[str, Any], channel: str, message: dict[str, Any]
) -> DmMessage:
    return DmMessage(
        team_id=installed_team(context),
        user_id=str(message.get("user") or ""),
        channel_id=channel,
        ts=str(message.get("ts") or ""),
        thread_ts=message.get("thread_ts")
        if message.get("thread_ts") != message.get("ts")
        else None,
        text=unescape(str(message.get("text") or "")),
        event_id=str(body.get("event_id") or ""),
    )


def handle_message(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
    """A person writing to Tandem in its DM (message.im): their reflection for the check-in,
    or an edit of it. Deletions, bot messages and Tandem's own messages are left alone."""
    if event.get("channel_type") != "im" or not isinstance(event.get("channel"), str):
        return
    tandem: Tandem = context["tandem"]
    subtype = event.get("subtype")
    if subtype == "message_changed":
        edited, before = event.get("message"), event.get("previous_message")
        if not isinstance(edited, dict) or edited.get("bot_id") or not edited.get("user"):
            return
        previous = (
            unescape(str((before or {}).get("text") or "")) if isinstance(before, dict) else ""
        )
        message = _message(context, body, event["channel"], edited)
        edit_in_dm(tandem, message, previous, tandem.clock.now())
        return
    if subtype not in ANSWERS or event.get("bot_id") or not event.get("user"):
        return
    reply_in_dm(tandem, _message(context, body, event["channel"], event), tandem.clock.now())


def handle_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
    tandem: Tandem = context["tandem"]
    workspace_removed(tandem, team_id=_team_of(body), now=tandem.clock.now())


def handle_tokens_revoked(
    event: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:
    """event.tokens: {"oauth": [user IDs], "bot": [bot user IDs]}
    (https://docs.slack.dev/reference/events/tokens_revoked)."""
    tandem: Tandem = context["tandem"]
    tokens = event.get("tokens")
    tokens = tokens if isinstance(tokens, dict) else {}
    bots = [str(b) for b in tokens.get("bot") or [] if isinstance(b, str)]
    bot_tokens_revoked(tandem, team_id=_team_of(body), bot_users=bots, now=tandem.clock.now())


def _team_of(body: dict[str, Any]) -> str:
    # The wrapper's team_id is the workspace that removed the app; after an uninstall,
    # Bolt has no installation to read it from (context.team_id may be empty).
    return str(body.get("team_id") or "")


def register(app: App) -> None:
    app.event("app_home_opened")(handle_home_opened)
    app.event("message")(handle_message)
    app.event("app_uninstalled")(handle_uninstalled)
    app.event("tokens_revoked")(handle_tokens_revoked)
