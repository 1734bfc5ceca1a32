"""The owners' program status and one pair's metrics, as ephemeral Block Kit (figures only)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block, DividerBlock, SectionBlock

from bot.composer import Composer
from bot.domain.attention import Reason
from bot.domain.figures import Trend

SECTION_LENGTH = 2900  # a section's text may have 3,000 characters


def percent(value: float | None) -> str | None:
    return None if value is None else f"{round(100 * value)}%"


def pulse(value: float | None) -> str | None:
    return None if value is None else f"{value:.1f}"


def day(when: datetime | None, tz: str) -> str | None:
    if when is None:
        return None
    local = when.astimezone(ZoneInfo(tz))
    return f"{local.day} {local:%b %Y}"


def clock_time(when: datetime, tz: str) -> str:
    local = when.astimezone(ZoneInfo(tz))
    return f"{local:%H:%M}"


def trend_words(composer: Composer, trend: Trend, shown: Any) -> dict[str, Any]:
    directions = composer.data("status/words.toml")["directions"]
    return {
        "now": shown(trend.now),
        "before": shown(trend.before),
        "direction": directions.get(trend.direction, directions["flat"]),
        "spark": trend.spark,
    }


def reason_words(composer: Composer, found: Sequence[Reason]) -> str:
    words = composer.data("status/words.toml")["reasons"]
    return "; ".join(words[str(reason)] for reason in found)


def blocks_of(texts: Sequence[str]) -> tuple[str, list[dict[str, Any]]]:
    """The texts as sections with dividers between them, and the same as fallback text."""
    blocks: list[Block] = []
    for n, text in enumerate(texts):
        if n:
            blocks.append(DividerBlock())
        blocks.append(SectionBlock(text=text[:SECTION_LENGTH]))
    return "\n\n".join(texts), [b.to_dict() for b in blocks]
