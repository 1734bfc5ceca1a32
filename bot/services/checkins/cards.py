"""What a check-in DM shows, built from the database: the card, its question and labels."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.composer import Composer, load_toml
from bot.domain.questions import Question, load_questions
from bot.domain.schedule import zone
from bot.domain.states import CheckInState, Role
from bot.models import CheckIn, Goal, Member, Pair
from bot.slack.views.checkins import CheckInCard, GoalLine


@cache
def _questions(path: Path) -> dict[str, Question]:
    return {q.id: q for q in load_questions(load_toml(path))}


def questions(composer: Composer) -> dict[str, Question]:
    """The questions file (the owner's copy if there is one), parsed once per process."""
    return _questions(composer.path("checkins/questions.toml"))


def question_text(composer: Composer, question_id: str) -> str:
    found = questions(composer).get(question_id)
    if found is not None:
        return found.text
    # A question retired from the file after it was asked.
    return str(composer.data("checkins/questions.toml")["retired"])


def period_label(composer: Composer, period: str) -> str:
    """'Tuesday 12 January': the nominal day of a check-in's period."""
    day = date.fromisoformat(period)
    return composer.render(
        "checkins/when.j2", weekday=f"{day:%A}", day=day.day, month=f"{day:%B}", time=None
    )


def local_label(composer: Composer, instant: datetime, tz: str) -> str:
    """'on Tuesday 12 January at 10:00' in the person's time zone."""
    local = instant.astimezone(zone(tz))
    return composer.render(
        "checkins/when.j2",
        weekday=f"{local:%A}",
        day=local.day,
        month=f"{local:%B}",
        time=f"{local:%H:%M}",
    )


def goal_lines(session: Session, pair_id: int) -> list[GoalLine]:
    goals = session.scalars(select(Goal).where(Goal.pair_id == pair_id).order_by(Goal.position))
    return [GoalLine(g.id, g.position, g.text, g.progress) for g in goals]


def next_due(session: Session, checkin: CheckIn) -> datetime | None:
    """When this member's next check-in in the pair is planned."""
    return session.scalar(
        select(CheckIn.due_at).where(
            CheckIn.pair_id == checkin.pair_id,
            CheckIn.member_id == checkin.member_id,
            CheckIn.state.in_((CheckInState.PLANNED, CheckInState.QUEUED)),
        )
    )


def card_for(
    session: Session,
    composer: Composer,
    checkin: CheckIn,
    *,
    member: Member,
    pair: Pair,
    goals: list[GoalLine] | None = None,
) -> CheckInCard:
    """The card of one check-in; goals are loaded unless the caller has them already."""
    partner = pair.mentee if checkin.role == Role.MENTOR else pair.mentor
    if goals is None:
        goals = goal_lines(session, pair.id) if checkin.role == Role.MENTEE else []
    upcoming = next_due(session, checkin) if checkin.state == CheckInState.SKIPPED else None
    return CheckInCard(
        checkin_id=checkin.id,
        state=checkin.state
        if checkin.state in (CheckInState.ANSWERED, CheckInState.SKIPPED)
        else "open",
        role=checkin.role,
        partner_user_id=partner.user_id,
        partner_name=partner.display_name or partner.user_id,
        period=period_label(composer, checkin.period),
        question=question_text(composer, checkin.question_id),
        pulse=checkin.pulse,
        reflection=checkin.reflection,
        shared=checkin.shared,
        shared_ts=checkin.shared_ts,
        pair_channel_id=pair.channel_id,
        goals=goals,
        next_at=local_label(composer, upcoming, member.tz) if upcoming else None,
        revision=checkin.dm_revision,
    )
