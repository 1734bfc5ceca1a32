"""Program settings as chosen in `/mentor settings`, checked field by field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.domain.feedback import EVERY_CHOICES
from bot.ids import BlockId

CADENCES = ("weekly", "biweekly", "monthly")
TIP_CHOICES = {"off": None, "7": 7, "14": 14, "30": 30}  # days between tips
DIGEST_CHOICES = {"on": True, "off": False}
# How long reflection texts are kept, in days (None: for as long as the program runs).
KEEP_CHOICES: dict[str, int | None] = {"forever": None, "90": 90, "180": 180, "365": 365}
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class ProgramChoice:
    shoutout_channel: str | None
    cadence: str
    weekday: int  # Monday = 0
    time: str  # local HH:MM
    tips_every_days: int | None  # None: tips are off
    tips_weekday: int  # Monday = 0
    tips_time: str  # local HH:MM in the mentee's zone
    digest: bool = True  # the owners' weekly status digest
    # Check-in rounds between feedback rounds (0: off); None: not in the form, unchanged.
    feedback_every_rounds: int | None = None
    # Days reflection texts are kept: a KEEP_CHOICES key; None: not in the form, unchanged.
    reflections_kept: str | None = None


def check_program(values: Mapping[str, Any]) -> ProgramChoice | dict[str, str]:
    """The settings from the modal's values, or error codes keyed by block_id."""
    errors: dict[str, str] = {}
    cadence = str(values.get(BlockId.CADENCE) or "")
    if cadence not in CADENCES:
        errors[BlockId.CADENCE] = "cadence_needed"
    weekday, time = _day_and_time(values, BlockId.CADENCE_WEEKDAY, BlockId.CADENCE_TIME, errors)
    tips = str(values.get(BlockId.TIPS) or "")
    if tips not in TIP_CHOICES:
        errors[BlockId.TIPS] = "tips_needed"
    # A form from before the digest existed has no such field: the digest stays on.
    digest = str(values.get(BlockId.DIGEST) or "on")
    if digest not in DIGEST_CHOICES:
        errors[BlockId.DIGEST] = "digest_needed"
    feedback = values.get(BlockId.FEEDBACK_EVERY)
    if feedback is not None and str(feedback) not in EVERY_CHOICES:
        errors[BlockId.FEEDBACK_EVERY] = "feedback_needed"
    tips_weekday, tips_time = _day_and_time(
        values, BlockId.TIPS_WEEKDAY, BlockId.TIPS_TIME, errors, "tips_weekday_needed"
    )
    kept = values.get(BlockId.REFLECTIONS_KEPT)
    if kept is not None and str(kept) not in KEEP_CHOICES:
        errors[BlockId.REFLECTIONS_KEPT] = "kept_needed"
    if errors:
        return errors
    return ProgramChoice(
        shoutout_channel=values.get(BlockId.SHOUTOUT_CHANNEL) or None,
        cadence=cadence,
        weekday=int(weekday),
        time=time,
        tips_every_days=TIP_CHOICES[tips],
        digest=DIGEST_CHOICES[digest],
        feedback_every_rounds=EVERY_CHOICES[str(feedback)] if feedback is not None else None,
        tips_weekday=int(tips_weekday),
        tips_time=tips_time,
        reflections_kept=str(kept) if kept is not None else None,
    )


def _day_and_time(
    values: Mapping[str, Any],
    day_block: BlockId,
    time_block: BlockId,
    errors: dict[str, str],
    day_error: str = "weekday_needed",
) -> tuple[str, str]:
    """A weekday (0-6) and a local HH:MM from two fields; an error code for each bad one."""
    weekday = str(values.get(day_block) or "")
    if not (weekday.isdigit() and 0 <= int(weekday) <= 6):
        errors[day_block] = day_error
    time = str(values.get(time_block) or "")
    if not _TIME.match(time):
        errors[time_block] = "time_needed"
    return weekday, time


def kept_value(days: int | None) -> str:
    """The KEEP_CHOICES key of a stored number of days (an unlisted number: its own text)."""
    return "forever" if days is None else str(days)


def reflections_cutoff(days: int | None, now: datetime) -> datetime | None:
    """Reflections written before this instant are cleared; None: all are kept."""
    return None if days is None else now - timedelta(days=days)
