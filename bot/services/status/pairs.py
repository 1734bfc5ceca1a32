"""One pair's metrics: dates, response rates, pulse trends, goals, milestones, feedback."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from bot.domain.attention import reasons
from bot.domain.figures import pulse_trend, rate_trend
from bot.domain.reports import FeedbackCounts, MemberFigures, PairMetrics, pair_facts
from bot.domain.rounds import closed_sent, pair_rounds
from bot.domain.states import LIVE
from bot.domain.trends import rate
from bot.models import Goal, Member, Milestone, Pair
from bot.services.status import reading

SHOWN_PAIRS = 3


def pairs_of(session: Session, team_id: str, user_id: str) -> list[int]:
    """The person's pairs, live ones first, the newest first (at most SHOWN_PAIRS)."""
    mentor, mentee = aliased(Member), aliased(Member)
    live_first = Pair.status.in_(LIVE).desc()
    query = (
        select(Pair.id)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .where(Pair.team_id == team_id)
        .where(or_(mentor.user_id == user_id, mentee.user_id == user_id))
        .order_by(live_first, Pair.started_at.desc(), Pair.id.desc())
        .limit(SHOWN_PAIRS)
    )
    return list(session.scalars(query))


def pair_metrics(session: Session, team_id: str, pair_id: int, now: datetime) -> PairMetrics:
    [row] = [r for r in reading.pair_rows(session, team_id) if r.pair_id == pair_id]
    rounds = pair_rounds(reading.sent_checkins(session, team_id, pair_ids=[pair_id], recent=None))
    mine = rounds.get(pair_id, ())
    last = reading.last_feedback(session, team_id)
    since = reading.feedback_window(now)
    feedback = reading.feedback_since(session, team_id, since, by_pair=True)
    goals = session.scalars(select(Goal).where(Goal.pair_id == pair_id).order_by(Goal.position))
    milestones = session.execute(
        select(Milestone.title, Milestone.achieved_at)
        .where(Milestone.pair_id == pair_id)
        .order_by(Milestone.achieved_at, Milestone.id)
    )
    return PairMetrics(
        row=row,
        rounds=len(mine),
        mentor=_member(pair_id, mine, "mentor"),
        mentee=_member(pair_id, mine, "mentee"),
        goals=[(g.text, g.progress, g.done_at is not None) for g in goals],
        milestones=[(title, at) for title, at in milestones],
        feedback=feedback.get(pair_id, FeedbackCounts(0, 0)),
        reasons=reasons(pair_facts(row, rounds, last)) if row.status == "active" else [],
    )


def _member(pair_id: int, rounds: tuple, role: str) -> MemberFigures:
    sent = closed_sent(pair_id, rounds, role)
    return MemberFigures(rate_trend(sent), pulse_trend(sent), rate(sent, range(len(rounds) + 1)))
