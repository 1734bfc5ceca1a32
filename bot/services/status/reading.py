"""What a status report reads from the database: plain facts, never anyone's words.

Reflections are only tested for being there (`IS NOT NULL` in SQL) and feedback is only
counted, so no private text is ever loaded into a report.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session, aliased

from bot.domain.reports import FeedbackCounts, PairRow
from bot.domain.rounds import SentCheckIn
from bot.domain.states import WENT_OUT, CheckInState, PairStatus
from bot.models import CheckIn, Feedback, Member, Pair
from bot.services.agreement.text import CLAIMED

RECENT_ROUNDS = 9  # the 8 closed rounds trends compare, and an open one
FEEDBACK_DAYS = 30


def pair_rows(
    session: Session, team_id: str, *, statuses: Collection[PairStatus] | None = None
) -> list[PairRow]:
    mentor, mentee = aliased(Member), aliased(Member)
    query = (
        select(
            Pair.id,
            Pair.status,
            mentor.user_id,
            mentee.user_id,
            Pair.started_at,
            Pair.ended_at,
            Pair.agreement_ts,
        )
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .where(Pair.team_id == team_id)
        .order_by(Pair.id)
    )
    if statuses is not None:
        query = query.where(Pair.status.in_(statuses))
    return [
        PairRow(pid, status, a, b, started, ended, agreed not in (None, CLAIMED))
        for pid, status, a, b, started, ended, agreed in session.execute(query)
    ]


def sent_checkins(
    session: Session,
    team_id: str,
    *,
    statuses: Collection[PairStatus] | None = None,
    pair_ids: Collection[int] | None = None,
    recent: int | None = RECENT_ROUNDS,
) -> list[SentCheckIn]:
    """The check-ins that went out, each member's latest `recent` (None: all)."""
    answered = (CheckIn.pulse.is_not(None)) | (CheckIn.reflection.is_not(None))
    rank = (
        func.row_number()
        .over(partition_by=(CheckIn.pair_id, CheckIn.member_id), order_by=CheckIn.due_at.desc())
        .label("rank")
    )
    inner = (
        select(
            CheckIn.pair_id,
            CheckIn.role,
            CheckIn.due_at,
            case((answered, True), else_=False).label("answered"),
            CheckIn.pulse,
            CheckIn.state,
            rank,
        )
        .join(Pair, Pair.id == CheckIn.pair_id)
        .where(CheckIn.team_id == team_id, CheckIn.state.in_(WENT_OUT))
    )
    if statuses is not None:
        inner = inner.where(Pair.status.in_(statuses))
    if pair_ids is not None:
        inner = inner.where(CheckIn.pair_id.in_(pair_ids))
    ranked = inner.subquery()
    query = select(
        ranked.c.pair_id,
        ranked.c.role,
        ranked.c.due_at,
        ranked.c.answered,
        ranked.c.pulse,
        ranked.c.state,
    )
    if recent is not None:
        query = query.where(ranked.c.rank <= recent)
    return [
        SentCheckIn(pid, str(role), due, bool(done), pulse, state == CheckInState.OPEN and not done)
        for pid, role, due, done, pulse, state in session.execute(query)
    ]


def last_feedback(session: Session, team_id: str) -> dict[int, datetime]:
    """The latest feedback of each pair, either way (by when it was written)."""
    query = (
        select(Feedback.pair_id, func.max(Feedback.created_at))
        .where(Feedback.team_id == team_id)
        .group_by(Feedback.pair_id)
    )
    return {pair_id: at for pair_id, at in session.execute(query)}


def feedback_since(
    session: Session, team_id: str, since: datetime, *, by_pair: bool = False
) -> dict[int | None, FeedbackCounts]:
    """Feedback written since `since` in each direction: the program's (key None), or each
    pair's."""
    to_mentee = func.sum(case((Feedback.from_member_id == Pair.mentor_id, 1), else_=0))
    to_mentor = func.sum(case((Feedback.from_member_id == Pair.mentee_id, 1), else_=0))
    query = (
        select(to_mentee, to_mentor, Feedback.pair_id if by_pair else literal(None))
        .join(Pair, Pair.id == Feedback.pair_id)
        .where(Feedback.team_id == team_id, Feedback.created_at >= since)
    )
    if by_pair:
        query = query.group_by(Feedback.pair_id)
    counts: dict[int | None, FeedbackCounts] = {}
    for mentee_count, mentor_count, pair_id in session.execute(query):
        counts[pair_id] = FeedbackCounts(int(mentee_count or 0), int(mentor_count or 0))
    return counts


def feedback_window(now: datetime) -> datetime:
    return now - timedelta(days=FEEDBACK_DAYS)


def pairs_by_status(session: Session, team_id: str, started_since: datetime) -> dict[str, int]:
    """How many pairs are in each status, and ("new") how many started since."""
    counts: dict[str, int] = {
        str(status): count
        for status, count in session.execute(
            select(Pair.status, func.count()).where(Pair.team_id == team_id).group_by(Pair.status)
        )
    }
    counts["new"] = int(
        session.scalar(
            select(func.count())
            .select_from(Pair)
            .where(Pair.team_id == team_id, Pair.started_at >= started_since)
        )
        or 0
    )
    return counts
