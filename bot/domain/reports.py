"""What a status report holds: plain figures, never anyone's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.attention import PairFacts, Reason, Round
from bot.domain.figures import Attention, Trend
from bot.domain.states import PairStatus


@dataclass(frozen=True)
class FeedbackCounts:
    to_mentee: int  # mentor -> mentee
    to_mentor: int  # mentee -> mentor


@dataclass(frozen=True)
class PairRow:
    pair_id: int
    status: PairStatus
    mentor: str  # Slack user IDs
    mentee: str
    started_at: datetime
    ended_at: datetime | None
    agreement_set: bool


@dataclass(frozen=True)
class ProgramReport:
    now: datetime
    tz: str  # the reader's zone: "this month" is theirs
    counts: dict[str, int]  # pairs by status, and "new" this month
    rate: Trend  # check-ins answered, over the active pairs' rounds
    pulse: Trend
    feedback: FeedbackCounts  # in the last 30 days
    milestones: int  # reached this month
    kudos: int  # given this month
    attention: Attention
    rounds_at: datetime  # when the round figures (rates, pulses, attention) were computed


@dataclass(frozen=True)
class MemberFigures:
    rate: Trend  # answered, last 4 periods against the 4 before
    pulse: Trend
    overall: float | None  # answered, since the pair began


@dataclass(frozen=True)
class PairMetrics:
    row: PairRow
    rounds: int  # rounds sent
    mentor: MemberFigures
    mentee: MemberFigures
    goals: list[tuple[str, int, bool]]  # text, progress %, done
    milestones: list[tuple[str, datetime]]  # title, when
    feedback: FeedbackCounts  # in the last 30 days
    reasons: list[Reason]


def pair_facts(
    row: PairRow, rounds: dict[int, tuple[Round, ...]], last_feedback: dict[int, datetime]
) -> PairFacts:
    """What the attention rules need of one pair: its rounds, agreement and last feedback."""
    return PairFacts(
        started_at=row.started_at,
        rounds=rounds.get(row.pair_id, ()),
        agreement_set=row.agreement_set,
        last_feedback_at=last_feedback.get(row.pair_id),
    )
