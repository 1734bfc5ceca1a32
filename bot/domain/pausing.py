"""`/mentor pause [N weeks]`: how long a member pauses their own prompts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# "Until resumed" is stored as a date no one will reach, so every reader asks the same
# question (`paused_until > now`) and needs no second flag.
UNTIL_RESUMED = datetime(9999, 12, 31, tzinfo=UTC)
MAX_WEEKS = 52
_WEEKS = re.compile(r"^(\d{1,3})\s*(w|wk|wks|week|weeks)?$")


@dataclass(frozen=True)
class PauseFor:
    weeks: int | None  # None: until the member resumes


@dataclass(frozen=True)
class PauseProblem:
    text: str  # what was typed


def parse_pause(args: tuple[str, ...]) -> PauseFor | PauseProblem:
    """`` -> until resumed; `3 weeks`, `3w`, `3` -> three weeks (1 to 52)."""
    if not args:
        return PauseFor(weeks=None)
    text = " ".join(args).strip().lower()
    match = _WEEKS.match(text)
    if match is None:
        return PauseProblem(" ".join(args))
    weeks = int(match.group(1))
    if not 1 <= weeks <= MAX_WEEKS:
        return PauseProblem(" ".join(args))
    return PauseFor(weeks=weeks)


def paused_until(pause: PauseFor, now: datetime) -> datetime:
    return UNTIL_RESUMED if pause.weeks is None else now + timedelta(weeks=pause.weeks)


def is_paused(until: datetime | None, now: datetime) -> bool:
    return until is not None and until > now


def until_resumed(until: datetime | None) -> bool:
    return until is not None and until >= UNTIL_RESUMED
