"""When a mentor gets private coaching after their mentee's trust fell, and when it goes out.

Pure: instants passed in. The coaching belongs to the check-in round the pulse answered: it
goes out at COACHING_AT on the mentor's next working day after that round's scheduled time,
whenever the mentee happened to click (or at the next working hour, if that moment has
passed). A mentor gets at most one a calendar week in their own time zone: the week names
the outbox key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from bot.domain.schedule import in_window, local_instant, working_day, zone

LOW = 3  # a pulse below this, after at least one earlier one, is a fall
DROP = 2  # ... as is one this far below the mentee's own average so far
COACHING_AT = time(10, 0)


def pulse_fell(earlier: Sequence[int], latest: int) -> bool:
    """Whether `latest` is a fall: below LOW after at least one earlier pulse, or DROP or
    more below the average of the earlier ones."""
    if not earlier:
        return False
    return latest < LOW or latest <= sum(earlier) / len(earlier) - DROP


def coaching_due(round_due: datetime, tz: str, now: datetime) -> datetime:
    """COACHING_AT in the mentor's zone on the first working day after the round's day;
    the next working hour from `now` (when the pulse was given) if that has passed."""
    local_zone = zone(tz)
    day = round_due.astimezone(local_zone).date()
    anchored = local_instant(working_day(day + timedelta(days=1)), COACHING_AT, local_zone)
    if anchored >= now:
        return anchored
    return in_window(now, tz).replace(second=0, microsecond=0)


def coaching_week(due: datetime, tz: str) -> str:
    """The mentor's calendar week (ISO) of the instant, e.g. '2027-W03'."""
    year, week, _ = due.astimezone(zone(tz)).isocalendar()
    return f"{year}-W{week:02d}"


def coaching_key(team_id: str, mentor_member_id: int, week: str) -> str:
    """The outbox key of a mentor's coaching: one per mentor and week."""
    return f"coaching:{team_id}:{mentor_member_id}:{week}"


def trust_low(pulses: Sequence[int]) -> bool:
    """The mentee's recent pulses (oldest first) say trust is low: the latest is below LOW,
    or it fell."""
    if not pulses:
        return False
    return pulses[-1] < LOW or pulse_fell(pulses[:-1], pulses[-1])
