"""Turning a service's Result into Slack's answer, and the plain values listeners read."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from bot.context import Tandem
from bot.results import Result
from bot.slack.gateway import SlackFailure


def show(
    tandem: Tandem, team_id: str, body: dict[str, Any], respond: Respond, result: Result
) -> None:
    """Open the modal, or reply where the click happened (a DM when it came from Home)."""
    text, blocks = result.text, result.blocks
    if result.modal is not None:
        try:
            tandem.slack_for(team_id).open_view(body["trigger_id"], result.modal)
            return
        except SlackFailure:
            text, blocks = result.fallback, None
    if text is None:
        return
    if body.get("response_url"):
        respond(
            text=text, blocks=blocks, response_type="ephemeral", replace_original=result.replace
        )
    else:
        tandem.slack_for(team_id).post_message(body["user"]["id"], text, blocks=blocks)


def finish(ack: Ack, result: Result) -> None:
    """Answer a view_submission (errors, a new view, or close), then run the slow part."""
    if result.errors:
        ack(response_action="errors", errors=dict(result.errors))
    elif result.modal is not None:
        ack(response_action="update", view=result.modal)
    else:
        ack()
    if result.then is not None:
        result.then()


def team_of(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or body.get("user", {}).get("team_id") or "")


def user_of(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")
