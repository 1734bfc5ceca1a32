"""Routes a `/mentor` command to its subcommand, if the person's standing allows it
(bot/domain/authorization.py): owner commands for owners, pair commands for pair members."""

from __future__ import annotations

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.authorization import Audience, may_use
from bot.results import Result, reply
from bot.services.program import help as help_service
from bot.services.program.standing import standing


def run_command(tandem: Tandem, request: CommandRequest) -> Result:
    if request.name == "":
        return help_service.show_help(tandem, request)
    command = tandem.wiring.commands.find(request.name)
    if command is None:
        return help_service.unknown_command(tandem, request)
    if command.audience is not Audience.EVERYONE:
        with tandem.sessions() as session:
            found = standing(session, tandem.settings, request.team_id, request.user_id)
        if not may_use(command.audience, found):
            refusal = "owners_only.j2" if command.audience is Audience.OWNERS else "members_only.j2"
            return reply(text=tandem.composer.render(refusal, name=request.name))
    return command.handler(tandem, request)
