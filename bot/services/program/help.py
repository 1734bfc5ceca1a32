"""`/mentor help`, and the answer to a subcommand Tandem does not know."""

from __future__ import annotations

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.authorization import Audience, Standing
from bot.results import Result, reply
from bot.services.program.standing import standing


def help_text(tandem: Tandem, team_id: str, user_id: str) -> str:
    with tandem.sessions() as session:
        found = standing(session, tandem.settings, team_id, user_id)
    owner = found is Standing.OWNER
    words = tandem.composer.data("commands.toml")
    order = list(words)  # help lists commands in the order of prompts/commands.toml
    commands = [
        {"name": s.name, **words[s.name], "owners_only": s.audience is Audience.OWNERS}
        for s in sorted(tandem.wiring.commands.available(found), key=lambda s: order.index(s.name))
    ]
    return tandem.composer.render("help.j2", commands=commands, is_owner=owner)


def show_help(tandem: Tandem, request: CommandRequest) -> Result:
    return reply(text=help_text(tandem, request.team_id, request.user_id))


def unknown_command(tandem: Tandem, request: CommandRequest) -> Result:
    intro = tandem.composer.render("unknown_command.j2", name=request.name)
    return reply(text=intro + "\n\n" + help_text(tandem, request.team_id, request.user_id))
