"""The program over time as a PNG: check-ins answered and the average trust pulse, week by
week (matplotlib with its non-interactive Agg backend, so no display is needed)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime


def chart_png(
    weeks: Sequence[datetime],
    rates: Sequence[float | None],
    pulses: Sequence[float | None],
    words: Mapping[str, str],
) -> bytes:
    """A line chart of the weekly rates (as %) and pulses (1-5); a week without check-ins is
    a gap. The PNG carries no text chunks but its title and labels."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # a Figure of its own: no global pyplot state

    labels = [f"{w.day} {w:%b}" for w in weeks]
    figure = Figure(figsize=(8, 4), dpi=100)
    left = figure.add_subplot()
    right = left.twinx()
    left.plot(labels, [_nan(r, 100) for r in rates], marker="o", color="#2c4a52")
    right.plot(labels, [_nan(p, 1) for p in pulses], marker="s", color="#d9822b")
    left.set_ylim(0, 100)
    right.set_ylim(1, 5)
    left.set_ylabel(words["rate"], color="#2c4a52")
    right.set_ylabel(words["pulse"], color="#d9822b")
    left.set_xlabel(words["week"])
    left.set_title(words["title"])
    left.tick_params(axis="x", labelrotation=45)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _nan(value: float | None, scale: float) -> float:
    return float("nan") if value is None else value * scale
