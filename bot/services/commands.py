"""Routes a `/mentor` command to its subcommand, refusing owner commands to non-owners."""

from __future__ import annotations

from bot.commands.registry import Audience, CommandRequest, Outcome, Reply, find
from bot.context import Tandem
from bot.services import help as help_service
from bot.services.owners import is_owner


def run_command(tandem: Tandem, request: CommandRequest) -> Outcome:
    if request.name == "":
        return help_service.show_help(tandem, request)
    command = find(request.name)
    if command is None:
        return help_service.unknown_command(tandem, request)
    if command.audience is Audience.OWNERS:
        with tandem.sessions() as session:
            allowed = is_owner(session, tandem.settings, request.team_id, request.user_id)
        if not allowed:
            return Reply(text=tandem.composer.render("owners_only.j2", name=request.name))
    return command.handler(tandem, request)
