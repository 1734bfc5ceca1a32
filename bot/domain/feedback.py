"""Feedback rules: which check-in rounds bring a feedback round, when its nudges, reminder
and close fall due, what a submission may hold, and what happens to it.

Pure: plain values in and out, instants passed in. Everything is anchored to the check-in
round's scheduled time, never to when a pass happened to run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.domain.schedule import local_instant, working_day, zone

FIELDS = ("situation", "behaviour", "impact", "next_step")
REQUIRED = ("situation", "behaviour", "impact")
FIELD_LIMIT = 1000  # characters in one field of the feedback modal
NOTE_LIMIT = 1000  # the receiver's private self-reflection
ASSESSMENT_NOTE_LIMIT = 500
ROUND_DAYS = 7  # a round closes this long after it opened
REMIND_AFTER_DAYS = 4  # the reminder: this many days after the nudge (a working day)
DEFAULT_EVERY = 2
EVERY_CHOICES = {"off": 0, "1": 1, "2": 2, "3": 3, "4": 4}  # check-in rounds between nudges
PERCENTS = tuple(range(0, 101, 10))


@dataclass(frozen=True)
class FeedbackText:
    situation: str
    behaviour: str
    impact: str
    next_step: str


def check_feedback(values: Mapping[str, Any]) -> FeedbackText | dict[str, str]:
    """The four fields as written, or a problem code per field (`empty`, `too_long`)."""
    errors: dict[str, str] = {}
    found: dict[str, str] = {}
    for name in FIELDS:
        raw = values.get(name)
        text = raw if isinstance(raw, str) else ""
        if name in REQUIRED and not text.strip():
            errors[name] = "empty"
        elif len(text) > FIELD_LIMIT:
            errors[name] = "too_long"
        found[name] = text
    return errors or FeedbackText(**found)


def check_note(text: str, limit: int = NOTE_LIMIT) -> str | None:
    """A problem code for a private note, or None when it can be saved."""
    if not text.strip():
        return "empty"
    return "too_long" if len(text) > limit else None


def is_feedback_round(number: int, every: int) -> bool:
    """Every `every`-th check-in round (1-based) brings a feedback round; 0 turns them off."""
    return every > 0 and number > 0 and number % every == 0


def next_working_day_same_time(anchor: datetime, tz: str) -> datetime:
    """The working day after `anchor`'s local date, at the same local time (UTC)."""
    local_zone = zone(tz)
    local = anchor.astimezone(local_zone)
    day = working_day(local.date() + timedelta(days=1))
    return local_instant(day, local.time().replace(tzinfo=None), local_zone)


def reminder_at(nudge_at: datetime, tz: str, closes_at: datetime) -> datetime | None:
    """The one reminder, some working days after the nudge at the same local time; None when
    that would not be before the round closes."""
    local_zone = zone(tz)
    local = nudge_at.astimezone(local_zone)
    day = working_day(local.date() + timedelta(days=REMIND_AFTER_DAYS))
    at = local_instant(day, local.time().replace(tzinfo=None), local_zone)
    return at if at < closes_at else None


def round_window(nudges: list[datetime]) -> tuple[datetime, datetime]:
    """A round opens with its first nudge and closes ROUND_DAYS later."""
    opens = min(nudges)
    return opens, opens + timedelta(days=ROUND_DAYS)


def is_open(opens_at: datetime, closes_at: datetime, now: datetime) -> bool:
    return opens_at <= now < closes_at


class Outcome(StrEnum):
    DELIVER = "deliver"  # outside a round: to the partner now
    HOLD = "hold"  # in a round, the partner's is not in yet
    REVEAL = "reveal"  # in a round, the partner's is in: both go out together


def after_submit(in_round: bool, partner_held: bool) -> Outcome:
    """What happens to feedback just submitted."""
    if not in_round:
        return Outcome.DELIVER
    return Outcome.REVEAL if partner_held else Outcome.HOLD


def gave_in_period(given: list[datetime], since: datetime, until: datetime) -> bool:
    """Whether feedback was given in the period (since, until]: its nudge is not needed."""
    return any(since < at <= until for at in given)


def month_of(period: str) -> str:
    """'2027-02' for a check-in period such as '2027-02-09'."""
    return date.fromisoformat(period).strftime("%Y-%m")


def first_of_month(period: str, earlier: list[str]) -> bool:
    """Whether `period` is the first check-in period of its month among `earlier` ones."""
    month = month_of(period)
    return not any(month_of(p) == month and p < period for p in earlier)


@dataclass(frozen=True)
class Assessed:
    chosen: dict[int, tuple[int, str]]  # goal id -> (percent, note)
    problems: dict[tuple[int, str], str]  # (goal id, "progress" or "note") -> problem code


def check_assessment(entries: Mapping[int, tuple[object, object]]) -> Assessed:
    """Each goal's (percent, note) from its raw (percent, note), or what is wrong with it."""
    problems: dict[tuple[int, str], str] = {}
    chosen: dict[int, tuple[int, str]] = {}
    for goal, (raw, note_raw) in entries.items():
        note = note_raw if isinstance(note_raw, str) else ""
        percent = int(raw) if isinstance(raw, str) and raw.isascii() and raw.isdigit() else -1
        if percent not in PERCENTS:
            problems[(goal, "progress")] = "progress_needed"
        elif len(note) > ASSESSMENT_NOTE_LIMIT:
            problems[(goal, "note")] = "assessment_too_long"
        else:
            chosen[goal] = (percent, note)
    return Assessed(chosen, problems)
