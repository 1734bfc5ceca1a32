"""Finding the milestones nobody clicked for: check-ins, feedback, anniversaries.

Each looks only where something can have changed, in a few set-based queries:
- check-ins (each pass, see passes.py): the pairs with a check-in answered since the last
  pass looked (less a margin for answers still being committed then), found by the index
  on `answered_at` in one statement with the watermark kept in `job_runs`; their check-ins
  that went out are read in one query, and the first check-in and streaks decided in
  bot/domain/milestones.py;
- hourly, feedback: delivered feedback of live pairs in a direction that has no milestone
  yet; and anniversaries: live pairs whose 1, 3, 6 or 12 months fell due in the last week,
  by the index on `pairs.started_at`.
Already recorded milestones are skipped, and the unique (pair, kind, ref) makes a milestone
found by two workers at once count once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, case, exists, func, or_, select, union_all
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.domain.milestones import (
    MONTHS,
    STREAKS,
    Answer,
    MilestoneKind,
    checkin_milestones,
    due_anniversaries,
    started_between,
)
from bot.domain.states import LIVE, WENT_OUT, CheckInState
from bot.models import CheckIn, Feedback, JobRun, Milestone, Pair, UTCDateTime
from bot.scheduler.sweeps import mark_run_in
from bot.services.celebrations.recording import ShoutoutRules, record_milestone

WATERMARK = "milestones.answered"  # job_runs: answers after this instant are still to look at
MARGIN = timedelta(minutes=15)
FIRST_LOOK = timedelta(days=1)  # on the very first pass, answers this recent count
CHECKIN_KINDS = (MilestoneKind.FIRST_CHECKIN, *STREAKS.values())
SEEN_STATES = (*WENT_OUT, CheckInState.MISSED)  # check-ins that count towards a streak


def answered_lately(session: Session, now: datetime) -> set[int]:
    """The pairs with a check-in answered since the watermark (one statement)."""
    watermark = select(JobRun.last_run_at).where(JobRun.name == WATERMARK).scalar_subquery()
    first_look = bindparam("first_look", now - FIRST_LOOK, type_=UTCDateTime())
    return set(
        session.scalars(
            select(CheckIn.pair_id)
            .where(CheckIn.answered_at > func.coalesce(watermark, first_look))
            .distinct()
        )
    )


def checkin_milestones_of(tandem: Tandem, session: Session, pairs: set[int], now: datetime) -> int:
    """Record what these pairs reached; the watermark moves on (only when something was
    answered, so a quiet pass costs one read)."""
    found = _checkin_milestones(tandem, session, pairs, now)
    mark_run_in(session, WATERMARK, now - MARGIN)
    return found


def feedback_and_anniversaries(tandem: Tandem, session: Session, now: datetime) -> tuple[int, int]:
    """The first feedback delivered in each direction (a read of every delivered feedback
    without its milestone, so not on every pass) and the anniversaries that fell due."""
    return _feedback_milestones(tandem, session, now), _anniversaries(tandem, session, now)


def _recorded(session: Session, pair_ids: Sequence[int], kinds: Sequence[str]) -> set[tuple]:
    rows = session.execute(
        select(Milestone.pair_id, Milestone.kind).where(
            Milestone.pair_id.in_(pair_ids), Milestone.kind.in_(kinds)
        )
    )
    return {(pair_id, kind) for pair_id, kind in rows}


def _checkin_milestones(tandem: Tandem, session: Session, pair_ids: set[int], now: datetime) -> int:
    pairs = session.scalars(select(Pair).where(Pair.id.in_(pair_ids), Pair.status.in_(LIVE))).all()
    if not pairs:
        return 0
    done = _recorded(session, [p.id for p in pairs], CHECKIN_KINDS)
    pairs = [p for p in pairs if any((p.id, kind) not in done for kind in CHECKIN_KINDS)]
    if not pairs:
        return 0
    gave = and_(CheckIn.reflection.is_not(None), CheckIn.reflection != "")
    rows = session.execute(
        select(
            CheckIn.pair_id,
            CheckIn.member_id,
            CheckIn.period,
            CheckIn.state,
            or_(CheckIn.pulse.is_not(None), gave),
        ).where(CheckIn.pair_id.in_([p.id for p in pairs]), CheckIn.state.in_(SEEN_STATES))
    )
    answers: dict[tuple[int, int], list[Answer]] = defaultdict(list)
    for pair_id, member_id, period, state, was_answered in rows:
        answers[(pair_id, member_id)].append(
            Answer(period, bool(was_answered), open=state == CheckInState.OPEN)
        )
    rules = ShoutoutRules.load(session, pairs)
    found = 0
    for pair in pairs:
        mentor, mentee = answers[(pair.id, pair.mentor_id)], answers[(pair.id, pair.mentee_id)]
        for kind in checkin_milestones(mentor, mentee):
            if (pair.id, kind) not in done:
                found += record_milestone(session, tandem.composer, pair, kind, now, rules=rules)
    return found


def _feedback_milestones(tandem: Tandem, session: Session, now: datetime) -> int:
    """A direction counts once feedback in it was delivered (read, not only written)."""
    to_mentee = and_(
        Feedback.from_member_id == Pair.mentor_id, Feedback.to_member_id == Pair.mentee_id
    )
    to_mentor = and_(
        Feedback.from_member_id == Pair.mentee_id, Feedback.to_member_id == Pair.mentor_id
    )
    kind = case(
        (Feedback.from_member_id == Pair.mentor_id, MilestoneKind.FIRST_FEEDBACK_TO_MENTEE.value),
        else_=MilestoneKind.FIRST_FEEDBACK_TO_MENTOR.value,
    )
    recorded = exists().where(Milestone.pair_id == Pair.id, Milestone.kind == kind)
    found = session.execute(
        select(Feedback.pair_id, kind)
        .join(Pair, Pair.id == Feedback.pair_id)
        .where(Feedback.delivered.is_(True), Pair.status.in_(LIVE), or_(to_mentee, to_mentor))
        .where(~recorded)
        .distinct()
    ).all()
    if not found:
        return 0
    pairs = {
        p.id: p for p in session.scalars(select(Pair).where(Pair.id.in_({i for i, _ in found})))
    }
    rules = ShoutoutRules.load(session, pairs.values())
    return sum(
        record_milestone(
            session, tandem.composer, pairs[pair_id], MilestoneKind(kind), now, rules=rules
        )
        for pair_id, kind in found
    )


def _anniversaries(tandem: Tandem, session: Session, now: datetime) -> int:
    """1, 3, 6 and 12 months together."""
    candidates = set(
        session.scalars(
            union_all(
                *(
                    select(Pair.id).where(
                        Pair.started_at.between(*started_between(now, months)),
                        Pair.status.in_(LIVE),
                        ~exists().where(Milestone.pair_id == Pair.id, Milestone.kind == kind),
                    )
                    for months, kind in MONTHS.items()
                )
            )
        )
    )
    if not candidates:
        return 0
    pairs = session.scalars(select(Pair).where(Pair.id.in_(candidates))).all()
    done = _recorded(session, [p.id for p in pairs], list(MONTHS.values()))
    due = [
        (pair, kind, at)
        for pair in pairs
        for kind, at in due_anniversaries(pair.started_at, now)
        if (pair.id, kind) not in done
    ]
    rules = ShoutoutRules.load(session, {pair for pair, _, _ in due})
    return sum(
        record_milestone(session, tandem.composer, pair, kind, now, rules=rules, achieved_at=at)
        for pair, kind, at in due
    )
