"""`/mentor status`: the program for owners, one pair with `@person`, a member's own pair."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.command_text import user_id
from bot.results import Result, reply
from bot.services.people.members import known_member
from bot.services.program.owners import is_owner
from bot.services.status.pairs import pair_metrics, pairs_of
from bot.services.status.report import program_report
from bot.services.succession.readiness_summary import status_section
from bot.slack.views.status_report import pairs_message, program_message


def reader_tz(tandem: Tandem, session: Session, team_id: str, user: str) -> str:
    """The zone dates are shown in: the reader's own, else the program's."""
    member = known_member(session, team_id, user)
    return member.tz if member is not None else tandem.settings.timezone


def status_command(tandem: Tandem, request: CommandRequest) -> Result:
    """Owners: the program, or one pair (`@person`). Anyone else: their own pair."""
    composer, team = tandem.composer, request.team_id
    with tandem.sessions.begin() as session:  # the report may save a new snapshot
        owner = is_owner(session, tandem.settings, team, request.user_id)
        tz = reader_tz(tandem, session, team, request.user_id)
        if owner and not request.args:
            report = program_report(session, team, request.now, tz)
            readiness = status_section(tandem, session, team)
            return reply(*program_message(composer, report, readiness=readiness))
        person = request.user_id
        if request.args:
            found = user_id(request.args[0]) if len(request.args) == 1 else None
            if not owner or found is None:
                return reply(text=composer.render("status/usage.j2", owner=owner))
            person = found
        pair_ids = pairs_of(session, team, person)
        if not pair_ids:
            shown = None if person == request.user_id and not owner else person
            return reply(text=composer.render("status/no_pair.j2", person=shown))
        metrics = [pair_metrics(session, team, pair_id, request.now) for pair_id in pair_ids]
    own = None if owner else request.user_id
    return reply(*pairs_message(composer, metrics, tz, own))
