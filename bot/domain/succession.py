"""Succession: the role a mentee prepares for, its capability areas, knowledge handed over,
and readiness rated from both sides.

Pure: plain values in and out, instants passed in. Errors are codes keyed by the input
block they belong to (words in prompts/succession/words.toml).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

ROLE_LENGTH = 100
AREA_LENGTH = 60  # an area is an option's text in Slack (75 at most)
MAX_AREAS = 10
SHARED_LENGTH = 2000
HOWS = ("conversation", "shadowing", "document", "delegated_task")
LOWEST, HIGHEST = 1, 5
READY_AT = 4  # both sides at least this in every area: ready for the role
APART = 2  # ratings this far apart are a topic for the next conversation
ROUND_OPEN_FOR = timedelta(days=14)
# A new monthly round waits this long after the last one, so two rounds never overlap.
ROUND_GAP = timedelta(days=21)
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s*")

Errors = dict[str, str]


class Band(StrEnum):
    """Where a mentee stands, from their pair's latest round rated by both."""

    READY = "ready"
    PROGRESSING = "progressing"
    NOT_RATED = "not_rated"


def clean(text: str) -> str:
    """Whitespace collapsed, ends trimmed."""
    return " ".join(text.split())


def same_area(a: str, b: str) -> bool:
    return clean(a).casefold() == clean(b).casefold()


def unique_areas(areas: Iterable[str]) -> list[str]:
    """Each area once (ignoring case and spacing), in the order first given."""
    seen: set[str] = set()
    found = []
    for area in map(clean, areas):
        if area and area.casefold() not in seen:
            seen.add(area.casefold())
            found.append(area)
    return found


def area_lines(text: str) -> list[str]:
    """Areas written one a line (bullets and numbering dropped)."""
    return unique_areas(_BULLET.sub("", line) for line in text.splitlines())


def area_list_problem(areas: Sequence[str]) -> str | None:
    """Why a list of areas cannot be kept, or None."""
    if not areas:
        return "areas_needed"
    if len(areas) > MAX_AREAS:
        return "too_many_areas"
    if any(len(area) > AREA_LENGTH for area in areas):
        return "area_too_long"
    return None


@dataclass(frozen=True)
class Profile:
    """The role the mentee is preparing for and the areas it asks of them."""

    role: str
    areas: list[str]


def check_profile(
    role: str,
    chosen: Sequence[str],
    other: str,
    known: Sequence[str],
    *,
    blocks: tuple[str, str, str],
    required: bool,
) -> Profile | Errors:
    """The role and areas from a modal (chosen from `known`, plus free text one a line).

    `blocks`: the role, chosen-areas and other-areas block_ids, for the errors. When not
    `required` (the agreement), leaving both empty names no role yet.
    """
    role_block, chosen_block, other_block = blocks
    role = clean(role)
    errors: Errors = {}
    unknown = [a for a in chosen if not any(same_area(a, k) for k in known)]
    if unknown:
        errors[chosen_block] = "unknown_area"
    areas = unique_areas([*chosen, *area_lines(other)])
    if len(role) > ROLE_LENGTH:
        errors[role_block] = "role_too_long"
    elif required and not role:
        errors[role_block] = "role_needed"
    problem = area_list_problem(areas)
    if problem and (required or role or areas) and not errors.get(chosen_block):
        errors[other_block if problem == "area_too_long" else chosen_block] = problem
    return errors or Profile(role=role, areas=areas)


@dataclass(frozen=True)
class Handover:
    shared: str
    area: str
    how: str


def check_handover(
    shared: str, area: str, how: str, areas: Sequence[str], *, blocks: tuple[str, str, str]
) -> Handover | Errors:
    """What was shared, in which of the pair's areas, and how; or errors per field."""
    shared_block, area_block, how_block = blocks
    shared = shared.strip()
    errors: Errors = {}
    if not shared:
        errors[shared_block] = "shared_needed"
    elif len(shared) > SHARED_LENGTH:
        errors[shared_block] = "shared_too_long"
    matching = [a for a in areas if same_area(a, area)]
    if not matching:
        errors[area_block] = "unknown_area" if area else "area_needed"
    if how not in HOWS:
        errors[how_block] = "how_needed"
    return errors or Handover(shared=shared, area=matching[0], how=how)


def check_ratings(values: Mapping[int, object], areas: Sequence[str]) -> dict[str, int] | str:
    """Ratings by area from the modal's selects (area index -> "1".."5" or None); unrated
    areas are left out, never defaulted. An error code if any value is not a rating of a
    known area, or nothing was rated."""
    ratings: dict[str, int] = {}
    for index, value in values.items():
        if not 0 <= index < len(areas):
            return "unknown_area"
        if value is None:
            continue
        if not isinstance(value, str) or not value.isascii() or not value.isdigit():
            return "out_of_range"
        score = int(value)
        if not LOWEST <= score <= HIGHEST:
            return "out_of_range"
        ratings[areas[index]] = score
    return ratings or "nothing_rated"


def round_due(
    last_opened: datetime | None, last_month: str | None, month: str, now: datetime
) -> bool:
    """A new monthly round opens with the first check-in of a month that has none, at
    least ROUND_GAP after the last round opened."""
    if last_opened is None or last_month is None:
        return True
    return month > last_month and now - last_opened >= ROUND_GAP


@dataclass(frozen=True)
class AreaRow:
    area: str
    mentee: int | None
    mentor: int | None

    @property
    def apart(self) -> bool:
        """Both rated it and they are APART or more apart: worth talking about."""
        return (
            self.mentee is not None
            and self.mentor is not None
            and abs(self.mentee - self.mentor) >= APART
        )


def side_by_side(
    areas: Sequence[str], mentee: Mapping[str, int], mentor: Mapping[str, int]
) -> list[AreaRow]:
    return [AreaRow(area, mentee.get(area), mentor.get(area)) for area in areas]


def is_ready(areas: Sequence[str], mentee: Mapping[str, int], mentor: Mapping[str, int]) -> bool:
    """Both sides rated every area at least READY_AT (an unrated area is not ready)."""
    return bool(areas) and all(
        (mentee.get(a) or 0) >= READY_AT and (mentor.get(a) or 0) >= READY_AT for a in areas
    )


def band(latest_ready: bool | None) -> Band:
    """The band from the pair's latest round rated by both (None: there is none)."""
    if latest_ready is None:
        return Band.NOT_RATED
    return Band.READY if latest_ready else Band.PROGRESSING


def ready_twice(rounds: Sequence[tuple[int, bool | None]]) -> bool:
    """The latest two rounds (number, ready; None: not rated by both) are consecutive and
    both ready: two months in a row."""
    done = sorted(rounds)[-2:]
    return (
        len(done) == 2 and done[1][0] == done[0][0] + 1 and all(ready is True for _, ready in done)
    )


def least_transferred(
    counts: Mapping[str, int], areas: Iterable[str], most: int = 3
) -> list[tuple[str, int]]:
    """The areas with the fewest handovers (ties by name), counting areas with none."""
    totals: dict[str, int] = {}
    names: dict[str, str] = {}
    for area in [*areas, *counts]:
        names.setdefault(clean(area).casefold(), clean(area))
    for area, count in counts.items():
        key = clean(area).casefold()
        totals[key] = totals.get(key, 0) + count
    ranked = sorted(names, key=lambda key: (totals.get(key, 0), key))
    return [(names[key], totals.get(key, 0)) for key in ranked[:most]]


def role_key(role: str) -> str:
    """Target roles are grouped ignoring case and spacing."""
    return clean(role).casefold()
