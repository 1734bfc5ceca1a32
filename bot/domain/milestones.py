"""Milestones: which there are, which are public, streaks, anniversaries and stable choices.

Pure: plain values in and out, instants passed in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class MilestoneKind(StrEnum):
    AGREEMENT_SET = "agreement_set"
    FIRST_CHECKIN = "first_checkin"  # the first check-in answered by both
    STREAK_4 = "streak_4"  # four periods in a row answered by both
    STREAK_12 = "streak_12"
    FIRST_FEEDBACK_TO_MENTEE = "first_feedback_to_mentee"
    FIRST_FEEDBACK_TO_MENTOR = "first_feedback_to_mentor"
    GOAL_DONE = "goal_done"  # once per goal (ref: the goal's id)
    MONTHS_1 = "months_1"
    MONTHS_3 = "months_3"
    MONTHS_6 = "months_6"
    MONTHS_12 = "months_12"
    COMPLETED = "completed"  # an owner ended the pair as having completed the program
    # Both sides rated every capability area 4 or more, two monthly rounds in a row.
    READY_FOR_ROLE = "ready_for_role"


# Celebrated channel-wide too (unless a member opted out); the rest stay in the pair channel.
PUBLIC = frozenset(
    {
        MilestoneKind.GOAL_DONE,
        MilestoneKind.MONTHS_3,
        MilestoneKind.MONTHS_6,
        MilestoneKind.MONTHS_12,
        MilestoneKind.COMPLETED,
        MilestoneKind.STREAK_12,
        MilestoneKind.READY_FOR_ROLE,
    }
)
STREAKS = {4: MilestoneKind.STREAK_4, 12: MilestoneKind.STREAK_12}
MONTHS = {
    1: MilestoneKind.MONTHS_1,
    3: MilestoneKind.MONTHS_3,
    6: MilestoneKind.MONTHS_6,
    12: MilestoneKind.MONTHS_12,
}
# An anniversary found later than this (the scheduler was down, the pair was new to
# Tandem) is not celebrated: a "one month together" weeks late is no celebration.
ANNIVERSARY_GRACE = timedelta(days=7)


def milestone_key(pair_id: int, kind: str, ref: str = "") -> str:
    """The outbox key of a milestone's celebration in the pair channel (one per milestone)."""
    return f"milestone:{pair_id}:{kind}" + (f":{ref}" if ref else "")


def pick(key: str, count: int) -> int:
    """A stable index below `count` for `key`: the same message for the same milestone on
    every run and every worker, different ones across pairs."""
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:8], "big") % max(count, 1)


def add_months(start: datetime, months: int) -> datetime:
    """The same day and time `months` later; the month's last day if it is shorter."""
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    following = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=start.tzinfo)
    last_day = (following - timedelta(days=1)).day
    return start.replace(year=year, month=month, day=min(start.day, last_day))


def due_anniversaries(started_at: datetime, now: datetime) -> list[tuple[MilestoneKind, datetime]]:
    """The month milestones that fell due within the grace period up to `now`."""
    due = []
    for months, kind in MONTHS.items():
        at = add_months(started_at, months)
        if now - ANNIVERSARY_GRACE < at <= now:
            due.append((kind, at))
    return due


def started_between(now: datetime, months: int) -> tuple[datetime, datetime]:
    """The start instants of every pair whose `months` anniversary may be due now (a few
    days wider than exact, for months of different lengths; due_anniversaries decides)."""
    slack = timedelta(days=3)
    earliest = add_months(now - ANNIVERSARY_GRACE, -months) - slack
    return earliest, add_months(now, -months) + slack


@dataclass(frozen=True)
class Answer:
    """One of a member's check-ins that went out: its period, and whether it was answered
    (a pulse or a reflection) or is still open for an answer."""

    period: str
    answered: bool
    open: bool = False


def current_run(answers: Iterable[Answer]) -> int:
    """How many of the member's latest check-ins in a row were answered.

    A check-in still open and unanswered neither counts nor breaks the run (it may still be
    answered); any other unanswered one (skipped, missed, superseded) ends it.
    """
    run = 0
    started = False
    for answer in sorted(answers, key=lambda a: a.period, reverse=True):
        if not started and answer.open and not answer.answered:
            continue
        started = True
        if not answer.answered:
            break
        run += 1
    return run


def pair_run(mentor: Sequence[Answer], mentee: Sequence[Answer]) -> int:
    """Periods in a row answered by both: the shorter of the two members' current runs."""
    return min(current_run(mentor), current_run(mentee))


def checkin_milestones(mentor: Sequence[Answer], mentee: Sequence[Answer]) -> list[MilestoneKind]:
    """The check-in milestones the pair has reached (already recorded ones included)."""
    reached = []
    if any(a.answered for a in mentor) and any(a.answered for a in mentee):
        reached.append(MilestoneKind.FIRST_CHECKIN)
    run = pair_run(mentor, mentee)
    reached += [kind for length, kind in STREAKS.items() if run >= length]
    return reached
