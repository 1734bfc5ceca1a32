"""Turning a service's Result into Slack's answer, and the plain values listeners read."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.context import Tandem
from bot.results import Result
from bot.slack.gateway import SlackFailure

logger = logging.getLogger(__name__)


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
    if result.then is None:
        return
    try:
        result.then()
    except Exception:
        # Slack has its answer already. An exception escaping the listener now would make
        # Bolt overwrite that answer with nothing (thread_runner sets ack.response = None
        # for an acknowledged request that then fails), and Slack would see a 404.
        logger.exception("the part after the ack failed")


def installed_team(context: BoltContext) -> str:
    """The workspace Tandem is installed in, where its pairs and check-ins live: Bolt reads
    it from `view.app_installed_team_id`, `team.id` or the event's `authorizations`. A
    member from another organisation (Slack Connect) acts with their own team ID, which
    must not decide whose objects these are."""
    return str(context.team_id or "")


def user_of(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")
