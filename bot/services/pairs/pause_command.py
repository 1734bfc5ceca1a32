"""`/mentor pause` and `/mentor resume`, in both forms.

With two mentions an owner pauses or resumes a whole pair. Without, any member pauses their
own prompts: for N weeks, or until they resume (stored as a far-future `paused_until`, see
bot/domain/pausing.py). The check-in planner reads both and skips what is paused.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.pair_args import has_mentions
from bot.domain.pausing import PauseProblem, is_paused, parse_pause, paused_until, until_resumed
from bot.results import Result, reply
from bot.services.pairs.admin import pair_status_command
from bot.services.pairs.pausing import pause_member
from bot.services.people.members import known_member
from bot.services.program.owners import is_owner


def pause(tandem: Tandem, request: CommandRequest) -> Result:
    if has_mentions(request.args):
        return _owner_form(tandem, request, "pause")
    wanted = parse_pause(request.args)
    if isinstance(wanted, PauseProblem):
        return reply(
            text=tandem.composer.render("pausing/usage.j2", text=wanted.text, resume=False)
        )
    until = paused_until(wanted, request.now)
    with tandem.sessions.begin() as session:
        member = known_member(session, request.team_id, request.user_id)
        if member is None:
            return reply(text=tandem.composer.render("pausing/no_pair.j2"))
        pause_member(session, member, until)
        tz = member.tz
    return reply(
        text=tandem.composer.render(
            "pausing/paused.j2", weeks=wanted.weeks, until=_local_day(until, tz)
        )
    )


def resume(tandem: Tandem, request: CommandRequest) -> Result:
    if has_mentions(request.args):
        return _owner_form(tandem, request, "resume")
    if request.args:
        text = " ".join(request.args)
        return reply(text=tandem.composer.render("pausing/usage.j2", text=text, resume=True))
    with tandem.sessions.begin() as session:
        member = known_member(session, request.team_id, request.user_id)
        if member is None:
            return reply(text=tandem.composer.render("pausing/no_pair.j2"))
        was_paused = is_paused(member.paused_until, request.now)
        member.paused_until = None
    return reply(text=tandem.composer.render("pausing/resumed.j2", was_paused=was_paused))


def _owner_form(tandem: Tandem, request: CommandRequest, action: str) -> Result:
    with tandem.sessions() as session:
        allowed = is_owner(session, tandem.settings, request.team_id, request.user_id)
    if not allowed:
        name = f"{action} @mentor @mentee"
        return reply(text=tandem.composer.render("owners_only.j2", name=name))
    return pair_status_command(tandem, request, action)


def _local_day(until: datetime, tz: str) -> str | None:
    """'Monday 1 February' in the member's time zone; None for 'until you resume'."""
    if until_resumed(until):
        return None
    local = until.astimezone(ZoneInfo(tz))
    return f"{local:%A} {local.day} {local:%B %Y}"
