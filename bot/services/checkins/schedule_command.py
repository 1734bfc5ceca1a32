"""`/mentor schedule`: see or change when a pair's check-ins come.

A member changes their own pair's schedule (`/mentor schedule biweekly thu 16:30`, adding
`@partner` when they are in several pairs); a program owner names the pair first
(`/mentor schedule @mentor @mentee weekly tue 10:00`). Without a rhythm it shows the schedule.
"""

from __future__ import annotations

import calendar
import logging
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from bot.audit import audit
from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.schedule import Cadence
from bot.domain.schedule_args import ScheduleArgs, ScheduleProblem, parse_schedule_args
from bot.domain.states import LIVE, CheckInState
from bot.models import CheckIn, Member, Pair
from bot.results import Result, reply
from bot.services.checkins.cadence import pair_cadence
from bot.services.checkins.cards import local_label
from bot.services.checkins.replanning import replan_pair
from bot.services.program.owners import is_owner
from bot.slack.gateway import SlackFailure

log = logging.getLogger(__name__)


class Refusal(Exception):
    def __init__(self, problem: str, **words: Any) -> None:
        super().__init__(problem)
        self.words = {"problem": problem, **words}


def _render(tandem: Tandem, outcome: str, **words: Any) -> str:
    return tandem.composer.render("checkins/schedule.j2", outcome=outcome, **words)


def _rhythm(cadence: Cadence) -> dict[str, str]:
    return {
        "every": cadence.every,
        "day": calendar.day_name[cadence.weekday],
        "at": f"{cadence.at:%H:%M}",
    }


def _live_pairs(session: Session, team_id: str, user_ids: list[str]) -> list[Pair]:
    """Live pairs whose members include every one of these people."""
    mentor, mentee = aliased(Member), aliased(Member)
    query = (
        select(Pair)
        .join(mentor, Pair.mentor_id == mentor.id)
        .join(mentee, Pair.mentee_id == mentee.id)
        .where(Pair.team_id == team_id, Pair.status.in_(LIVE))
        .order_by(Pair.id)
    )
    for user in user_ids:
        query = query.where(or_(mentor.user_id == user, mentee.user_id == user))
    return list(session.scalars(query).unique())


def _find_pairs(
    session: Session, tandem: Tandem, request: CommandRequest, args: ScheduleArgs
) -> list[Pair]:
    people = list(args.people)
    if len(people) == 2:
        found = _live_pairs(session, request.team_id, people)
        if not found:
            raise Refusal("no_such_pair", people=people, with_you=False)
        pair = found[0]
        mine = request.user_id in (pair.mentor.user_id, pair.mentee.user_id)
        if not mine and not is_owner(session, tandem.settings, request.team_id, request.user_id):
            raise Refusal("not_yours")
        return [pair]
    found = _live_pairs(session, request.team_id, [request.user_id, *people])
    if not found:
        problem = "no_such_pair" if people else "no_pair"
        raise Refusal(problem, people=people, with_you=True, show=args.cadence is None)
    if len(found) > 1 and args.cadence is not None:
        partners = [
            p.mentee.user_id if p.mentor.user_id == request.user_id else p.mentor.user_id
            for p in found
        ]
        raise Refusal("which_pair", partners=partners, example=partners[0])
    return found


def _next_times(tandem: Tandem, session: Session, pair: Pair) -> list[dict[str, str]]:
    times = []
    for member in (pair.mentor, pair.mentee):
        due = session.scalar(
            select(CheckIn.due_at).where(
                CheckIn.pair_id == pair.id,
                CheckIn.member_id == member.id,
                CheckIn.state.in_((CheckInState.PLANNED, CheckInState.QUEUED)),
            )
        )
        if due is not None:
            times.append(
                {
                    "user": member.user_id,
                    "when": local_label(tandem.composer, due, member.tz),
                    "tz": member.tz,
                }
            )
    return times


def schedule_command(tandem: Tandem, request: CommandRequest) -> Result:
    parsed = parse_schedule_args(request.args)
    if isinstance(parsed, ScheduleProblem):
        return reply(text=_render(tandem, "problem", problem=parsed.problem, token=parsed.token))
    try:
        with tandem.sessions.begin() as session:
            pairs = _find_pairs(session, tandem, request, parsed)
            if parsed.cadence is None:
                return reply(text=_show(tandem, session, pairs))
            return _change(tandem, session, request, pairs[0], parsed.cadence)
    except Refusal as refusal:
        return reply(text=_render(tandem, "problem", **refusal.words))


def _show(tandem: Tandem, session: Session, pairs: list[Pair]) -> str:
    shown = []
    for pair in pairs:
        shown.append(
            {
                "mentor": pair.mentor.user_id,
                "mentee": pair.mentee.user_id,
                "default": pair.cadence is None,
                "next": _next_times(tandem, session, pair),
                **_rhythm(pair_cadence(session, pair)),
            }
        )
    return _render(tandem, "show", pairs=shown)


def _change(
    tandem: Tandem, session: Session, request: CommandRequest, pair: Pair, cadence: Cadence
) -> Result:
    pair.cadence, pair.cadence_weekday = cadence.every, cadence.weekday
    pair.cadence_time = f"{cadence.at:%H:%M}"
    replan_pair(session, pair, request.now)
    session.flush()
    if request.user_id not in (pair.mentor.user_id, pair.mentee.user_id):
        audit(
            session,
            team_id=request.team_id,
            actor_id=request.user_id,
            action="pair.schedule",
            at=request.now,
            summary=f"check-ins {cadence.signature('local')}",
            pair_id=pair.id,
            cadence=cadence.every,
            weekday=cadence.weekday,
            time=pair.cadence_time,
        )
    if pair.channel_id:
        notice = _render(tandem, "notice", actor=request.user_id, **_rhythm(cadence))
        try:
            tandem.slack_for(request.team_id).post_message(pair.channel_id, notice)
        except SlackFailure as failure:
            log.warning("could not tell pair %s about its schedule: %s", pair.id, failure.error)
    text = _render(
        tandem,
        "changed",
        mentor=pair.mentor.user_id,
        mentee=pair.mentee.user_id,
        next_times=_next_times(tandem, session, pair),
        **_rhythm(cadence),
    )
    return reply(text=text)
