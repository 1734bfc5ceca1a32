"""The program's figures for owners, from scheduled rounds: rates and pulses with their
trends, the month a report speaks of, and the pairs that need attention in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.attention import PairFacts, Reason, reasons, urgency
from bot.domain.trends import Sent, average_pulse, rate, sparkline, trend

PERIODS = 4  # "the last 4 periods", compared with the 4 before
PULSE_LOW, PULSE_HIGH = 1, 5
SHOWN = 10  # attention items shown; the rest are counted


@dataclass(frozen=True)
class Trend:
    now: float | None  # over the last PERIODS closed rounds
    before: float | None  # over the PERIODS before those
    direction: str  # "up", "down", "flat" or "" (unknown)
    spark: str  # one character a period, oldest first


def _periods(index_from: int) -> range:
    return range(index_from, index_from + PERIODS)


def rate_trend(sent: Sequence[Sent]) -> Trend:
    now, before = rate(sent, _periods(0)), rate(sent, _periods(PERIODS))
    each = [rate(sent, range(i, i + 1)) for i in reversed(range(2 * PERIODS))]
    return Trend(now, before, trend(now, before), sparkline(each))


def pulse_trend(sent: Sequence[Sent]) -> Trend:
    now, before = average_pulse(sent, _periods(0)), average_pulse(sent, _periods(PERIODS))
    each = [average_pulse(sent, range(i, i + 1)) for i in reversed(range(2 * PERIODS))]
    return Trend(now, before, trend(now, before), sparkline(each, PULSE_LOW, PULSE_HIGH))


@dataclass(frozen=True)
class RoundTotals:
    """The program's check-ins by closed round index (0: each pair's latest closed round):
    how many were sent and answered, and the sum and number of pulses given."""

    sent: Sequence[int]
    answered: Sequence[int]
    pulse_sum: Sequence[int]
    pulses: Sequence[int]


def _share(part: Sequence[int], whole: Sequence[int], indexes: range) -> float | None:
    total = sum(whole[i] for i in indexes if i < len(whole))
    return sum(part[i] for i in indexes if i < len(part)) / total if total else None


def totals_trends(totals: RoundTotals) -> tuple[Trend, Trend]:
    """rate_trend and pulse_trend from totals instead of single check-ins."""
    trends = []
    for part, whole, low, high in (
        (totals.answered, totals.sent, 0.0, 1.0),
        (totals.pulse_sum, totals.pulses, float(PULSE_LOW), float(PULSE_HIGH)),
    ):
        now, before = _share(part, whole, _periods(0)), _share(part, whole, _periods(PERIODS))
        each = [_share(part, whole, range(i, i + 1)) for i in reversed(range(2 * PERIODS))]
        trends.append(Trend(now, before, trend(now, before), sparkline(each, low, high)))
    return trends[0], trends[1]


def month_start(now: datetime, tz: str) -> datetime:
    """The first instant of `now`'s calendar month in the zone `tz`."""
    local = now.astimezone(ZoneInfo(tz))
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Flagged:
    pair_id: int
    mentor: str  # Slack user IDs
    mentee: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Attention:
    shown: tuple[Flagged, ...]  # the most urgent first, at most SHOWN
    more: int  # flagged but not shown


def attention(pairs: Sequence[tuple[int, str, str, PairFacts]]) -> Attention:
    """The pairs (id, mentor, mentee, facts) that need attention, most urgent first; among
    equally urgent ones the older pair first."""
    flagged = [
        Flagged(pair_id, mentor, mentee, tuple(found))
        for pair_id, mentor, mentee, facts in pairs
        if (found := reasons(facts))
    ]
    flagged.sort(key=lambda f: (urgency(list(f.reasons)), f.pair_id))
    return Attention(tuple(flagged[:SHOWN]), max(0, len(flagged) - SHOWN))
