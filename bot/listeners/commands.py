"""The `/mentor` slash command."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.command_text import parse
from bot.services.program.dispatch import run_command
from bot.slack.gateway import SlackFailure


def handle_mentor(
    ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    tandem: Tandem = context["tandem"]
    parsed = parse(command.get("text") or "")
    request = CommandRequest(
        team_id=str(context.team_id or command.get("team_id") or ""),
        user_id=str(command.get("user_id") or ""),
        channel_id=command.get("channel_id", ""),
        name=parsed.name,
        args=parsed.args,
        trigger_id=command.get("trigger_id", ""),
        now=tandem.clock.now(),
    )
    result = run_command(tandem, request)
    text, blocks = result.text, result.blocks
    if result.modal is not None:
        try:
            tandem.slack_for(request.team_id).open_view(request.trigger_id, result.modal)
            return
        except SlackFailure:
            text, blocks = result.fallback, None
    if text is not None:
        respond(text=text, blocks=blocks, response_type="ephemeral")
    if result.then is not None:  # slow work (Slack calls, files), after the answer
        result.then()


def register(app: App) -> None:
    app.command("/mentor")(handle_mentor)
