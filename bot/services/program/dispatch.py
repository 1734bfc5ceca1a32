"""Routes a `/mentor` command to its subcommand, refusing owner commands to non-owners."""

from __future__ import annotations

from bot.commands.registry import Audience, CommandRequest
from bot.context import Tandem
from bot.results import Result, reply
from bot.services.program import help as help_service
from bot.services.program.owners import is_owner


def run_command(tandem: Tandem, request: CommandRequest) -> Result:
    if request.name == "":
        return help_service.show_help(tandem, request)
    command = tandem.wiring.commands.find(request.name)
    if command is None:
        return help_service.unknown_command(tandem, request)
    if command.audience is Audience.OWNERS:
        with tandem.sessions() as session:
            allowed = is_owner(session, tandem.settings, request.team_id, request.user_id)
        if not allowed:
            return reply(text=tandem.composer.render("owners_only.j2", name=request.name))
    return command.handler(tandem, request)
