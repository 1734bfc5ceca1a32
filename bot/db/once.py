"""Doing something once per event, even when Slack sends the event again.

Slack retries an event it got no 2xx for within three seconds (X-Slack-Retry-Num,
https://api.slack.com/apis/events-api#retries). The side effect and the record of the
event's keys commit together, and the keys are unique, so of two deliveries of one event
only one acts, also when both arrive at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models.slack_state import HandledEvent

KEEP = timedelta(days=7)  # Slack gives up retrying an event within hours


def first_time(
    session: Session, keys: Sequence[str], now: datetime, ref: str | None = None
) -> bool:
    """Record `keys` in the caller's transaction; False (nothing recorded) if any of them
    was recorded before, by this or another process."""
    wanted = [key for key in keys if key]
    if not wanted:
        return True
    if session.scalar(select(HandledEvent.key).where(HandledEvent.key.in_(wanted)).limit(1)):
        return False
    try:
        with session.begin_nested():
            session.add_all(HandledEvent(key=key, received_at=now, ref=ref) for key in wanted)
    except IntegrityError:  # another delivery of the same event got there first
        return False
    return True


def kept_as(session: Session, key: str) -> str | None:
    """What a handled event was kept as (its `ref`), if it was handled."""
    return session.scalar(select(HandledEvent.ref).where(HandledEvent.key == key))


def forget_old(session: Session, now: datetime) -> int:
    """Drop records of events too old to be sent again."""
    result = session.execute(delete(HandledEvent).where(HandledEvent.received_at < now - KEEP))
    return int(getattr(result, "rowcount", 0) or 0)
