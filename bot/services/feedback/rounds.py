"""Opening feedback rounds: every few check-in rounds, the working day after each person's
check-in, at the same local time, both partners are nudged to give each other feedback.

The sweep looks at check-ins that fell due since it last looked (a watermark in job_runs:
the instant before the earliest due check-in not queued yet, so one that another worker is
still queueing, or that a new schedule moved into the past, is looked at once it came),
numbers each one's round in the pair, and for every N-th round records a
feedback round with one nudge per person whose check-in of that round exists. The unique
(pair, period) makes a round found twice, or by two workers, count once. The same look
plans the mentee's monthly self-assessment with their first check-in of each month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from bot.composer import Composer
from bot.delivery.planning import Planned, plan_many
from bot.domain.feedback import (
    DEFAULT_EVERY,
    first_of_month,
    is_feedback_round,
    month_of,
)
from bot.domain.states import CheckInState, PairStatus, Role
from bot.models import CheckIn, Goal, Member, Pair, ProgramSettings
from bot.scheduler.sweeps import last_run_in, mark_run_in
from bot.services.feedback.keys import ASSESSMENT_KIND, assessment_key
from bot.services.feedback.opening import Due, open_rounds
from bot.slack.views.feedback import assessment_prompts
from bot.slack.views.stencil import Stencil

WATERMARK = "feedback.checkins"
FIRST_LOOK = timedelta(days=1)
NOT_YET = CheckInState.PLANNED  # a check-in whose round has not come
# The states of a check-in whose round came, listed so the (state, due_at) index serves.
CAME = [state for state in CheckInState if state != CheckInState.PLANNED]


def _every(session: Session, team_id: str, cache: dict[str, int]) -> int:
    if team_id not in cache:
        row = session.get(ProgramSettings, team_id)
        cache[team_id] = row.feedback_every_rounds if row is not None else DEFAULT_EVERY
    return cache[team_id]


CHUNK = 1000  # pairs read per query


class _PairRow(NamedTuple):
    id: int
    team_id: str
    status: PairStatus
    mentor: str  # user IDs
    mentee: str
    started_at: datetime


class _Came(NamedTuple):
    """A check-in the look meets (columns, not the row: after a fan-out there are 20,000)."""

    id: int
    pair_id: int
    member_id: int
    role: Role
    state: CheckInState
    period: str
    due_at: datetime


_mentor, _mentee = aliased(Member), aliased(Member)
_PAIR_ROW = (
    select(Pair.id, Pair.team_id, Pair.status, _mentor.user_id, _mentee.user_id, Pair.started_at)
    .join(_mentor, _mentor.id == Pair.mentor_id)
    .join(_mentee, _mentee.id == Pair.mentee_id)
)


@dataclass
class _History:
    """What the look needs of each pair it meets, read a thousand pairs per query."""

    pairs: dict[int, _PairRow] = field(default_factory=dict)
    came: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # (member, period)
    open_goals: dict[int, int] = field(default_factory=dict)

    @classmethod
    def read(cls, session: Session, pair_ids: set[int]) -> _History:
        history = cls()
        ordered = sorted(pair_ids)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            for row in session.execute(_PAIR_ROW.where(Pair.id.in_(chunk))):
                history.pairs[row[0]] = _PairRow(*row)
            for pair_id, member_id, period in session.execute(
                select(CheckIn.pair_id, CheckIn.member_id, CheckIn.period).where(
                    CheckIn.pair_id.in_(chunk), CheckIn.state != NOT_YET
                )
            ):
                history.came.setdefault(pair_id, []).append((member_id, period))
            for pair_id, count in session.execute(
                select(Goal.pair_id, func.count())
                .where(Goal.pair_id.in_(chunk), Goal.done_at.is_(None))
                .group_by(Goal.pair_id)
            ):
                history.open_goals[pair_id] = count
        return history

    def round_number(self, pair_id: int, period: str) -> int:
        """The check-in round's number in the pair: its periods that came, up to this one."""
        return len({p for _, p in self.came.get(pair_id, []) if p <= period})

    def earlier(self, checkin: _Came) -> list[str]:
        """The member's periods in the pair that came before this check-in's."""
        return [
            p
            for member, p in self.came.get(checkin.pair_id, [])
            if member == checkin.member_id and p < checkin.period
        ]


def _assessment(
    history: _History, prompts: Stencil[tuple[str, int]], pair: _PairRow, checkin: _Came
) -> Planned | None:
    """The mentee's self-assessment, with their first check-in of the month (once a month)."""
    if not first_of_month(checkin.period, history.earlier(checkin)):
        return None
    if not history.open_goals.get(pair.id):
        return None
    text, blocks = prompts((pair.mentor, pair.id))
    return Planned(
        key=assessment_key(pair.id, month_of(checkin.period)),
        team_id=pair.team_id,
        kind=ASSESSMENT_KIND,
        recipient=pair.mentee,
        due_at=checkin.due_at,
        payload={"text": text, "blocks": blocks},
    )


def _came_before(session: Session, now: datetime) -> datetime:
    """An instant before which every check-in that fell due has come: just before the
    earliest one due but not queued yet, else `now`."""
    waiting = session.scalar(
        select(func.min(CheckIn.due_at)).where(CheckIn.state == NOT_YET, CheckIn.due_at <= now)
    )
    return now if waiting is None else waiting - timedelta(microseconds=1)


def look_at_checkins(session: Session, composer: Composer, now: datetime) -> tuple[int, int]:
    """Rounds opened and self-assessments planned for the check-ins that came lately."""
    since = last_run_in(session, WATERMARK) or now - FIRST_LOOK
    # Read before the check-ins: one queued in between is then still ahead of the watermark.
    came_before = _came_before(session, now)
    checkins = [
        _Came(*row)
        for row in session.execute(
            select(
                CheckIn.id,
                CheckIn.pair_id,
                CheckIn.member_id,
                CheckIn.role,
                CheckIn.state,
                CheckIn.period,
                CheckIn.due_at,
            )
            .where(CheckIn.state.in_(CAME), CheckIn.due_at > since, CheckIn.due_at <= now)
            .order_by(CheckIn.due_at, CheckIn.id)
        )
    ]
    history = _History.read(session, {checkin.pair_id for checkin in checkins})
    prompts = assessment_prompts(composer)
    every: dict[str, int] = {}
    seen: set[tuple[int, str]] = set()
    planned: dict[str, Planned] = {}
    rounds: list[Due] = []
    for checkin in checkins:
        pair = history.pairs.get(checkin.pair_id)
        if pair is None or pair.status != PairStatus.ACTIVE:
            continue
        if checkin.role == Role.MENTEE and checkin.state != CheckInState.MISSED:
            assessment = _assessment(history, prompts, pair, checkin)
            if assessment is not None:
                planned.setdefault(assessment.key, assessment)
        if (pair.id, checkin.period) in seen:
            continue
        seen.add((pair.id, checkin.period))
        number = history.round_number(pair.id, checkin.period)
        if is_feedback_round(number, _every(session, pair.team_id, every)):
            rounds.append(Due(pair.id, pair.team_id, pair.started_at, checkin.period, number))
    opened = open_rounds(session, rounds)
    assessments = plan_many(session, list(planned.values()), now)
    # Looking again is harmless (a round and an assessment are recorded once), but costs a
    # few queries per check-in: after a fan-out of 20,000 a margin of minutes made every
    # pass in those minutes look at all of them again.
    mark_run_in(session, WATERMARK, came_before)
    return opened, assessments
