"""The tips library and which tip a pair gets next (pure).

Tips are data (prompts/tips/<theme>.toml, themes listed in prompts/tips/themes.toml). A pair
sees every tip once before any comes back (a tip's `rounds` counts how often the pair has
had it). Among the tips of the current round, the themes the pair needs come first: its
stage (new, agreement still missing, a few months in) and recent signals (a low or falling
trust pulse, no feedback lately, a goal just reached); two tips in a row share a theme only
when no other theme has a tip left in the round.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

ACTIVE_LISTENING = "active_listening"
ASKING_QUESTIONS = "asking_questions"
FEEDBACK = "feedback"
EMOTIONAL_INTELLIGENCE = "emotional_intelligence"
EXPECTATIONS = "expectations"
CELEBRATING = "celebrating"
KNOWLEDGE_TRANSFER = "knowledge_transfer"
THEMES = (
    ACTIVE_LISTENING,
    ASKING_QUESTIONS,
    FEEDBACK,
    EMOTIONAL_INTELLIGENCE,
    EXPECTATIONS,
    CELEBRATING,
    KNOWLEDGE_TRANSFER,
)
# The private coaching a mentor gets after their mentee's trust fell comes from these.
COACHING_THEMES = (ACTIVE_LISTENING, EMOTIONAL_INTELLIGENCE)

# Slack shows a section's text up to 3,000 characters; a tip stays well inside that.
MAX_TITLE, MAX_BODY, MAX_TRY = 80, 600, 300

EARLY = timedelta(weeks=4)  # a pair's first weeks: expectations and getting to know each other
SETTLED = timedelta(weeks=13)  # after about three months: handing over what the mentor knows
FEEDBACK_DUE = timedelta(days=30)  # no feedback for this long: a feedback tip helps
FEEDBACK_FROM = timedelta(weeks=3)  # ... once the pair has been going this long
GOAL_RECENT = timedelta(days=14)


class TipsError(ValueError):
    """The tips library is malformed; the message says which tip and why."""


@dataclass(frozen=True)
class Tip:
    id: str
    theme: str
    title: str
    body: str
    exercise: str | None  # "try this in your next conversation"


@dataclass(frozen=True)
class Seen:
    """A tip this pair has had: how many times, and when last."""

    rounds: int
    last_sent: datetime


@dataclass(frozen=True)
class PairSignals:
    started_at: datetime
    agreement_set: bool
    low_pulse: bool  # the mentee's trust pulse is low or falling lately
    last_feedback_at: datetime | None
    last_goal_done_at: datetime | None


def load_library(themes: Mapping[str, Any], files: Mapping[str, Mapping[str, Any]]) -> list[Tip]:
    """Every tip, theme by theme in THEMES order, checked for mistakes.

    `themes` is prompts/tips/themes.toml; `files` maps a theme to its parsed TOML file.
    """
    if set(themes.get("themes", {})) != set(THEMES):
        raise TipsError(f"themes.toml must name exactly these themes: {', '.join(THEMES)}")
    tips: list[Tip] = []
    seen: set[str] = set()
    for theme in THEMES:
        for index, raw in enumerate(files.get(theme, {}).get("tips", []), start=1):
            tip = _tip(theme, index, raw)
            if tip.id in seen:
                raise TipsError(f"{theme} tip {index}: the id {tip.id!r} is used twice")
            seen.add(tip.id)
            tips.append(tip)
    return tips


def _tip(theme: str, index: int, raw: Mapping[str, Any]) -> Tip:
    tip_id = str(raw.get("id", "")).strip()
    where = f"{theme} tip {index} ({tip_id or 'no id'})"
    title, body = str(raw.get("title", "")).strip(), str(raw.get("body", "")).strip()
    exercise = str(raw.get("try", "")).strip() or None
    if not tip_id or not title or not body:
        raise TipsError(f"{where}: a tip needs an id, a title and a body")
    if len(title) > MAX_TITLE or len(body) > MAX_BODY or len(exercise or "") > MAX_TRY:
        raise TipsError(f"{where}: too long for a Slack message (title, body or try)")
    return Tip(id=tip_id, theme=theme, title=title, body=body, exercise=exercise)


def wanted_themes(signals: PairSignals, now: datetime) -> list[str]:
    """The themes this pair needs most now, most wanted first: signals, then its stage."""
    age = now - signals.started_at
    themes: list[str] = []
    if signals.low_pulse:
        themes += [ACTIVE_LISTENING, EMOTIONAL_INTELLIGENCE]
    goal = signals.last_goal_done_at
    if goal is not None and now - goal <= GOAL_RECENT:
        themes.append(CELEBRATING)
    feedback = signals.last_feedback_at
    if age >= FEEDBACK_FROM and (feedback is None or now - feedback > FEEDBACK_DUE):
        themes.append(FEEDBACK)
    if not signals.agreement_set or age < EARLY:
        themes += [EXPECTATIONS, ASKING_QUESTIONS, ACTIVE_LISTENING]
    elif age < SETTLED:
        themes += [ACTIVE_LISTENING, ASKING_QUESTIONS, FEEDBACK, EMOTIONAL_INTELLIGENCE]
    else:
        themes += [KNOWLEDGE_TRANSFER, FEEDBACK, CELEBRATING, EMOTIONAL_INTELLIGENCE]
    return list(dict.fromkeys(themes))


def choose_tip(
    library: Sequence[Tip], seen: Mapping[str, Seen], wanted: Sequence[str], *, seed: int
) -> Tip:
    """The pair's next tip: one it has had least often (never, until the library is
    exhausted), of the first wanted theme that has one other than the previous tip's theme;
    else of the theme shown least lately (the previous one only when nothing else is left).
    `seed` (the pair's id) varies where each pair starts within a theme."""
    if not library:
        raise TipsError("the tips library is empty")
    least = min(seen[t.id].rounds if t.id in seen else 0 for t in library)
    candidates = [t for t in library if (seen[t.id].rounds if t.id in seen else 0) == least]
    by_theme: dict[str, list[Tip]] = {}
    for tip in candidates:
        by_theme.setdefault(tip.theme, []).append(tip)
    previous = _previous_theme(library, seen)
    for theme in wanted:
        if theme in by_theme and theme != previous:
            return _pick(by_theme[theme], seed)
    others = {theme: tips for theme, tips in by_theme.items() if theme != previous}
    return _pick(by_theme[_stalest_theme(library, seen, others or by_theme)], seed)


def _previous_theme(library: Sequence[Tip], seen: Mapping[str, Seen]) -> str | None:
    shown = [(seen[t.id].last_sent, t.theme) for t in library if t.id in seen]
    return max(shown)[1] if shown else None


def _stalest_theme(library: Sequence[Tip], seen: Mapping[str, Seen], themes: Mapping) -> str:
    """Of `themes`, the one whose latest tip went out longest ago (never shown: first)."""

    def latest(theme: str) -> tuple[bool, datetime | None]:
        sent = [seen[t.id].last_sent for t in library if t.theme == theme and t.id in seen]
        return (bool(sent), max(sent) if sent else None)

    order = {theme: index for index, theme in enumerate(THEMES)}
    return min(themes, key=lambda theme: (*_sortable(latest(theme)), order.get(theme, 99)))


def _sortable(latest: tuple[bool, datetime | None]) -> tuple[bool, float]:
    shown, when = latest
    return shown, when.timestamp() if when is not None else 0.0


def _pick(tips: Sequence[Tip], seed: int) -> Tip:
    return tips[seed % len(tips)]


def stable_seed(text: str) -> int:
    """A stable number for `text` (the same on every run and worker)."""
    return zlib.crc32(text.encode())


def find_tip(library: Sequence[Tip], tip_id: str) -> Tip | None:
    return next((tip for tip in library if tip.id == tip_id), None)
