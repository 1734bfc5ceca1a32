"""How long ago something started, in the largest unit that fits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Age:
    count: int
    unit: str  # day / week / month / year; count 0 means "today"


def age(since: datetime, now: datetime) -> Age:
    days = max(0, (now - since).days)
    if days < 14:
        return Age(days, "day")
    if days < 60:
        return Age(days // 7, "week")
    if days < 730:
        return Age(days // 30, "month")
    return Age(days // 365, "year")
