"""Shortcuts: "Log knowledge transfer" on a message (a message_action payload)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.formatting import unescape
from bot.ids import ShortcutId
from bot.listeners.answers import installed_team, show, user_of
from bot.services.succession import handovers


def log_handover(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    """The handover modal prefilled with the message's text (a refusal in the person's
    view when the message is not in their pair channel)."""
    ack()
    tandem, team_id = context["tandem"], installed_team(context)
    message, channel = _object(body.get("message")), _object(body.get("channel"))
    result = handovers.from_message(
        tandem,
        team_id=team_id,
        user_id=user_of(body),
        channel_id=str(channel.get("id") or ""),
        message_ts=str(message.get("ts") or body.get("message_ts") or ""),
        text=unescape(str(message.get("text") or "")),
        now=tandem.clock.now(),
    )
    show(tandem, team_id, body, respond, result)


def _object(value: object) -> dict[str, Any]:
    """A part of the payload that should be an object; anything else reads as empty."""
    return value if isinstance(value, dict) else {}


def register(app: App) -> None:
    app.shortcut(ShortcutId.LOG_HANDOVER)(log_handover)
