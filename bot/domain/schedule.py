"""When check-ins fall due: cadence slots at a local time of day in each member's time zone.

Pure: plain values in and out, `now`-like instants passed in. A slot has a nominal date (the
cadence's weekday; it names the period, so a person gets one prompt per period) and the UTC
instant it goes out. A nominal Saturday or Sunday goes out on the Monday after.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKLY, BIWEEKLY, MONTHLY = "weekly", "biweekly", "monthly"
CADENCES = (WEEKLY, BIWEEKLY, MONTHLY)

# The next slot is at least this long after the last period, so a change of cadence never
# prompts someone twice within a few days, and a chain of slots keeps its rhythm.
MIN_GAP = {WEEKLY: timedelta(days=4), BIWEEKLY: timedelta(days=11), MONTHLY: timedelta(days=7)}

# Reminders go out on working days between these local times.
WINDOW_START, WINDOW_END = time(9, 0), time(17, 0)
REMINDER_DELAY = timedelta(hours=24)

DEFAULT_EVERY, DEFAULT_WEEKDAY, DEFAULT_AT = WEEKLY, 1, time(10, 0)
_CLOCK = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")


@dataclass(frozen=True)
class Cadence:
    """How often check-ins come: `every` (weekly, biweekly, monthly) on a weekday (Monday=0)."""

    every: str
    weekday: int
    at: time

    def signature(self, tz: str) -> str:
        """A short text naming the cadence and zone a slot was computed with."""
        return f"{self.every} {self.weekday} {self.at:%H:%M} {tz}"


@dataclass(frozen=True)
class Slot:
    period: date  # nominal date of the slot
    due_at: datetime  # UTC


def parse_time(text: str) -> time | None:
    """'10:00' or '9:30' (24-hour clock) as a time, else None."""
    match = _CLOCK.match(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def resolve_cadence(
    program: tuple[str | None, int | None, str | None],
    pair: tuple[str | None, int | None, str | None],
) -> Cadence:
    """The pair's own cadence fields where set, else the program's, else weekly Tuesday 10:00."""
    every = pair[0] or program[0] or DEFAULT_EVERY
    weekday = pair[1] if pair[1] is not None else program[1]
    at = parse_time(pair[2] or "") or parse_time(program[2] or "") or DEFAULT_AT
    return Cadence(
        every=every if every in CADENCES else DEFAULT_EVERY,
        weekday=weekday if weekday is not None and 0 <= weekday <= 6 else DEFAULT_WEEKDAY,
        at=at,
    )


def zone(tz: str | None, fallback: str = "UTC") -> ZoneInfo:
    """The IANA zone, or the fallback when the name is unknown (Slack sends valid ones)."""
    for name in (tz, fallback, "UTC"):
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """`day` at local time `at` as a UTC instant.

    In the spring-forward gap the wall-clock time does not exist; it resolves to the same
    distance past the gap (02:30 becomes 03:30). In the autumn overlap the first one wins.
    """
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def working_day(day: date) -> date:
    """The day itself on Monday to Friday; the Monday after for a Saturday or Sunday."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _nominal_days(cadence: Cadence, start: date) -> Iterator[date]:
    if cadence.every == MONTHLY:
        year, month = start.year, start.month
        while True:
            first = date(year, month, 1)
            day = first + timedelta(days=(cadence.weekday - first.weekday()) % 7)
            if day >= start:
                yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = start + timedelta(days=(cadence.weekday - start.weekday()) % 7)
    while True:
        yield day
        day += timedelta(days=7)


def next_slot(cadence: Cadence, tz: str, *, last_period: date | None, not_before: datetime) -> Slot:
    """The first slot due at or after `not_before`, at least MIN_GAP after `last_period`.

    Weekly and biweekly slots fall on every cadence weekday; the gap after the last period
    makes a chain of biweekly slots two weeks apart. Monthly slots are the first cadence
    weekday of each month.
    """
    local_zone = zone(tz)
    # A slot moved off a weekend goes out up to two days after its nominal date.
    start = not_before.astimezone(local_zone).date() - timedelta(days=2)
    if last_period is not None:
        start = max(start, last_period + MIN_GAP[cadence.every])
    for day in _nominal_days(cadence, start):
        due = local_instant(working_day(day), cadence.at, local_zone)
        if due >= not_before:
            return Slot(period=day, due_at=due)
    raise AssertionError("unreachable: the cadence has slots forever")


def first_slot(cadence: Cadence, tz: str, *, created_at: datetime, now: datetime) -> Slot:
    """A new pair's first check-in: the first slot at least two days after it was created.

    A pair first seen long after it was created starts from what fell due in the last 12
    hours rather than from a pile of slots that can only be missed.
    """
    not_before = max(created_at + timedelta(days=2), now - timedelta(hours=12))
    return next_slot(cadence, tz, last_period=None, not_before=not_before)


def in_window(instant: datetime, tz: str) -> datetime:
    """`instant`, or the next working-day 09:00-17:00 local time after it."""
    local_zone = zone(tz)
    local = instant.astimezone(local_zone)
    day, clock = local.date(), local.time()
    if working_day(day) == day and WINDOW_START <= clock < WINDOW_END:
        return instant
    if working_day(day) == day and clock < WINDOW_START:
        return local_instant(day, WINDOW_START, local_zone)
    following = day if working_day(day) != day else day + timedelta(days=1)
    return local_instant(working_day(following), WINDOW_START, local_zone)


def reminder_at(sent_at: datetime, tz: str) -> datetime:
    """The one reminder: 24 hours after the prompt, moved into the next working window.

    Whole minutes, so that two clicks on "remind me tomorrow" in one minute agree.
    """
    return in_window(sent_at + REMINDER_DELAY, tz).replace(second=0, microsecond=0)


def stage(started_at: datetime, due_at: datetime, early_weeks: int) -> str:
    """'early' in a pair's first weeks (expectations, getting to know each other), else 'later'."""
    return "early" if due_at - started_at < timedelta(weeks=early_weeks) else "later"
