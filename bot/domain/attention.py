"""Which pairs need an owner's attention, and why: pure rules over a pair's scheduled rounds.

Time here is the schedule's, not the wall clock's: a pair's periods are the check-in rounds
Tandem actually sent it (oldest first), and "six weeks" is measured from the pair's start to
its latest round's scheduled time. A pair younger than a rule's span is never flagged by it.
A check-in counts as answered when the person gave a pulse or a reflection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Reason(StrEnum):
    """In order of urgency."""

    SILENT = "silent"  # neither answered for 2 periods
    PULSE_FELL = "pulse_fell"  # a trust pulse fell by 1.5 or more over 3 periods
    ONE_SILENT = "one_silent"  # one answers, the other has gone silent
    PERCEPTION_GAP = "perception_gap"  # their pulses differ by 2 or more on average
    NO_FEEDBACK = "no_feedback"  # no feedback for 6 weeks
    NO_AGREEMENT = "no_agreement"  # the agreement is not set after 2 weeks


URGENCY = list(Reason)
SILENT_PERIODS = 2
PULSE_PERIODS = 3
PULSE_DROP = 1.5
GAP = 2.0
FEEDBACK_SPAN = timedelta(weeks=6)
AGREEMENT_SPAN = timedelta(weeks=2)


@dataclass(frozen=True)
class Answer:
    """One member's check-in in a round."""

    answered: bool  # gave a pulse or a reflection
    pulse: int | None = None


@dataclass(frozen=True)
class Round:
    """One check-in round sent to the pair (a period)."""

    due_at: datetime  # when it was scheduled
    mentor: Answer | None  # None: not sent to the mentor in this round
    mentee: Answer | None
    closed: bool = True  # False for the current round, which may still be answered


@dataclass(frozen=True)
class PairFacts:
    started_at: datetime
    rounds: tuple[Round, ...]  # oldest first
    agreement_set: bool
    last_feedback_at: datetime | None  # the latest feedback delivered either way


def _closed(facts: PairFacts) -> list[Round]:
    return [r for r in facts.rounds if r.closed]


def _answered(answer: Answer | None) -> bool:
    return answer is not None and answer.answered


def _pulses(rounds: list[Round], role: str) -> list[int]:
    return [
        a.pulse
        for r in rounds
        if (a := r.mentor if role == "mentor" else r.mentee) is not None and a.pulse is not None
    ]


def _age(facts: PairFacts) -> timedelta:
    """How long the pair has run, by the schedule: to its latest round's time."""
    if not facts.rounds:
        return timedelta(0)
    return facts.rounds[-1].due_at - facts.started_at


def silent(facts: PairFacts) -> bool:
    last = _closed(facts)[-SILENT_PERIODS:]
    return len(last) == SILENT_PERIODS and not any(
        _answered(r.mentor) or _answered(r.mentee) for r in last
    )


def one_silent(facts: PairFacts) -> bool:
    last = _closed(facts)[-SILENT_PERIODS:]
    if len(last) < SILENT_PERIODS:
        return False
    mentor = any(_answered(r.mentor) for r in last)
    mentee = any(_answered(r.mentee) for r in last)
    return mentor != mentee


def pulse_fell(facts: PairFacts) -> bool:
    """Someone's pulse fell by PULSE_DROP or more from the first to the last of the last
    PULSE_PERIODS rounds in which they gave one."""
    rounds = _closed(facts)[-PULSE_PERIODS:]
    if len(rounds) < PULSE_PERIODS:
        return False
    for role in ("mentor", "mentee"):
        pulses = _pulses(rounds, role)
        if len(pulses) >= 2 and pulses[0] - pulses[-1] >= PULSE_DROP:
            return True
    return False


def perception_gap(facts: PairFacts) -> bool:
    rounds = _closed(facts)[-PULSE_PERIODS:]
    if len(rounds) < PULSE_PERIODS:
        return False
    mentor, mentee = _pulses(rounds, "mentor"), _pulses(rounds, "mentee")
    if not mentor or not mentee:
        return False
    return abs(sum(mentor) / len(mentor) - sum(mentee) / len(mentee)) >= GAP


def no_feedback(facts: PairFacts) -> bool:
    if _age(facts) < FEEDBACK_SPAN:
        return False
    since = facts.rounds[-1].due_at - FEEDBACK_SPAN
    return facts.last_feedback_at is None or facts.last_feedback_at < since


def no_agreement(facts: PairFacts) -> bool:
    return not facts.agreement_set and _age(facts) >= AGREEMENT_SPAN


RULES = {
    Reason.SILENT: silent,
    Reason.PULSE_FELL: pulse_fell,
    Reason.ONE_SILENT: one_silent,
    Reason.PERCEPTION_GAP: perception_gap,
    Reason.NO_FEEDBACK: no_feedback,
    Reason.NO_AGREEMENT: no_agreement,
}


def reasons(facts: PairFacts) -> list[Reason]:
    """Why this pair needs attention, most urgent first (silent trumps one-silent)."""
    found = [reason for reason, rule in RULES.items() if rule(facts)]
    if Reason.SILENT in found and Reason.ONE_SILENT in found:
        found.remove(Reason.ONE_SILENT)
    return found


def urgency(found: list[Reason]) -> tuple[int, int]:
    """A sort key: the most urgent reason first, then more reasons first."""
    return (min(URGENCY.index(r) for r in found), -len(found)) if found else (len(URGENCY), 0)
