"""The fan-out projected at Slack's real pace, by running the outbox's own pacer in virtual
time: every prompt waits for its due instant, then for the pacer (the workspace's posts a
second, and 1 a second per conversation with a small burst), exactly as a sending thread
would. Nothing is sent and no clock is waited on, so a day of prompts takes milliseconds.

Prompts come from the program's planned check-ins: each falls due at the member's local
check-in time, so members in different time zones fall due in waves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from bot.clock import VirtualTicker
from bot.delivery.pacing import POST, Pacer


@dataclass(frozen=True)
class Prompt:
    due: datetime
    zone: str
    conversation: str  # the member's DM: Slack's 1 post a second applies to each


@dataclass(frozen=True)
class Wave:
    """The prompts that fall due at one instant."""

    due: datetime
    zones: tuple[str, ...]
    prompts: int
    seconds: float  # from the due instant until its last prompt was posted


@dataclass(frozen=True)
class Projection:
    pace: float  # posts a second, the workspace's share this bot uses
    waves: list[Wave]
    longest_wait: float  # seconds from someone's due instant until their prompt was posted
    span: float  # seconds from the first due instant until the last prompt was posted

    @property
    def prompts(self) -> int:
        return sum(wave.prompts for wave in self.waves)


def project(prompts: list[Prompt], pace: float) -> Projection:
    """Send `prompts` in due order through one Pacer at `pace` posts a second (N workers
    each pacing at pace/N post as fast together as one at `pace`)."""
    if not prompts:
        return Projection(pace, [], 0.0, 0.0)
    ordered = sorted(prompts, key=lambda p: (p.due, p.conversation))
    start = ordered[0].due
    ticker = VirtualTicker(start=0.0)
    pacer = Pacer(pace, ticker=ticker)
    last: dict[datetime, float] = {}
    zones: dict[datetime, set[str]] = defaultdict(set)
    counts: dict[datetime, int] = defaultdict(int)
    longest = 0.0
    for prompt in ordered:
        due = (prompt.due - start).total_seconds()
        ticker.sleep_until(due)  # nothing is sent before it falls due
        pacer.acquire(POST, prompt.conversation)
        posted = ticker.monotonic()
        longest = max(longest, posted - due)
        last[prompt.due] = posted
        zones[prompt.due].add(prompt.zone)
        counts[prompt.due] += 1
    waves = [
        Wave(
            due,
            tuple(sorted(zones[due])),
            counts[due],
            last[due] - (due - start).total_seconds(),
        )
        for due in sorted(last)
    ]
    return Projection(pace, waves, longest, max(last.values()))


def one_zone(prompts: list[Prompt], pace: float) -> Projection:
    """The same members all in one time zone: every prompt due at the first instant."""
    first = min(prompt.due for prompt in prompts)
    return project([Prompt(first, "one zone", p.conversation) for p in prompts], pace)
