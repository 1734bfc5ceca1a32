"""Showing a service's answer to the person who clicked: a modal, or an ephemeral reply."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond

from bot.commands.registry import Modal, Outcome
from bot.context import Tandem
from bot.slack.gateway import SlackFailure


def show(
    tandem: Tandem,
    body: dict[str, Any],
    respond: Respond,
    outcome: Outcome | None,
    *,
    replace: bool = False,
) -> None:
    """Open the modal, or reply where the click happened (a DM when it came from Home)."""
    if outcome is None:
        return
    if isinstance(outcome, Modal):
        try:
            tandem.slack.open_view(body["trigger_id"], outcome.view)
            return
        except SlackFailure:
            outcome = outcome.fallback
    if body.get("response_url"):
        respond(
            text=outcome.text,
            blocks=outcome.blocks,
            response_type="ephemeral",
            replace_original=replace,
        )
    else:
        tandem.slack.post_message(body["user"]["id"], outcome.text, blocks=outcome.blocks)


def action_value(body: dict[str, Any]) -> str:
    return str((body.get("actions") or [{}])[0].get("value") or "")


def team_of(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or body.get("user", {}).get("team_id") or "")
