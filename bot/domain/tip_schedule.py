"""When a pair's tips are due: the program's tip rhythm, in the mentee's time zone (pure).

A tip slot is a check-in-like slot (bot/domain/schedule.py): a weekday at a local time,
every week, every two weeks or on the first such weekday of the month; its nominal date
names the slot, so a pair gets at most one tip per slot.
"""

from __future__ import annotations

from datetime import time

from bot.domain.schedule import BIWEEKLY, MONTHLY, WEEKLY, Cadence, parse_time

TIPS_WEEKDAY = 3  # Thursday
TIPS_AT = "10:00"
EVERY = {7: WEEKLY, 14: BIWEEKLY, 30: MONTHLY}  # the settings' days between tips


def tip_cadence(every_days: int, weekday: int | None, at: str | None) -> Cadence:
    """The program's tip rhythm as a cadence (weekly on Thursday at 10:00 by default)."""
    return Cadence(
        every=EVERY.get(every_days, WEEKLY),
        weekday=weekday if weekday is not None and 0 <= weekday <= 6 else TIPS_WEEKDAY,
        at=parse_time(at or "") or time(10, 0),
    )


def tip_key(pair_id: int, period: str) -> str:
    """The outbox key of a pair's tip in one slot."""
    return f"tip:{pair_id}:{period}"
