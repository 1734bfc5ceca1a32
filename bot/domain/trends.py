"""Program figures over the schedule's periods: response rates, pulses and sparklines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Sent:
    """One check-in that went out, as a report sees it (no words)."""

    pair_id: int
    index: int  # 0 for the pair's latest closed round, 1 for the one before... (an open
    # round, which may still be answered, is not counted)
    answered: bool  # a pulse or a reflection
    pulse: int | None


def rate(sent: Sequence[Sent], rounds: range) -> float | None:
    """Share answered among the check-ins of these round indexes (None if there are none)."""
    counted = [s for s in sent if s.index in rounds]
    if not counted:
        return None
    return sum(s.answered for s in counted) / len(counted)


def average_pulse(sent: Sequence[Sent], rounds: range) -> float | None:
    pulses = [s.pulse for s in sent if s.index in rounds and s.pulse is not None]
    return sum(pulses) / len(pulses) if pulses else None


def trend(now: float | None, before: float | None) -> str:
    """'up', 'down' or 'flat' (within 2%), or '' when either is unknown."""
    if now is None or before is None:
        return ""
    if abs(now - before) < 0.02 * max(abs(before), 1e-9) + 1e-9:
        return "flat"
    return "up" if now > before else "down"


def sparkline(values: Sequence[float | None], low: float = 0.0, high: float = 1.0) -> str:
    """A text chart, one character a value (oldest first); a space for an unknown one."""
    span = (high - low) or 1.0
    out = []
    for value in values:
        if value is None:
            out.append(" ")
            continue
        level = min(max((value - low) / span, 0.0), 1.0)
        out.append(SPARKS[round(level * (len(SPARKS) - 1))])
    return "".join(out)
