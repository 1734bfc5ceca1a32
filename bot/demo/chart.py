"""The weekly response rate and trust pulse as coordinates for the page's inline SVG."""

from __future__ import annotations

from dataclasses import dataclass

from bot.demo.metrics import Week

WIDTH, HEIGHT = 860, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 188, 16, 32


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the week
    rate: str  # e.g. 83%


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    pulse_points: str  # "x,y x,y ..." for a polyline
    dots: list[tuple[float, float, str]]  # x, y, the pulse shown
    rate_ticks: list[tuple[float, str]]  # y, label
    pulse_ticks: list[tuple[float, str]]
    left: int
    right: int
    bottom: float
    pairs: list[tuple[str, str, float, float]]  # label, points, where the label goes (x, y)


def _pulse_points(
    weeks: list[Week], slot: float, base: float, plot_h: float
) -> list[tuple[float, float]]:
    return [
        (LEFT + index * slot + slot / 2, base - plot_h * (week.pulse - 1) / 4)
        for index, week in enumerate(weeks)
        if week.pulse is not None
    ]


def chart(weeks: list[Week], pairs: dict[str, list[Week]] | None = None) -> Chart:
    """The program's bars (response rate) and pulse line, and a thin pulse line per pair."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(weeks), 1)
    base = TOP + plot_h
    bars, points, dots = [], [], []
    for index, week in enumerate(weeks):
        x = LEFT + index * slot
        rate = week.rate
        height = plot_h * rate if rate is not None else 0.0
        shown = f"{round(rate * 100)}%" if rate is not None else ""
        bars.append(Bar(x + slot * 0.2, base - height, slot * 0.6, height, str(week.week), shown))
        if week.pulse is not None:
            y = base - plot_h * (week.pulse - 1) / 4
            points.append(f"{x + slot / 2:.1f},{y:.1f}")
            dots.append((x + slot / 2, y, f"{week.pulse:.1f}"))
    lines = []
    for label, their_weeks in (pairs or {}).items():
        found = _pulse_points(their_weeks, slot, base, plot_h)
        if found:
            text = " ".join(f"{x:.1f},{y:.1f}" for x, y in found)
            lines.append((label, text, float(WIDTH - RIGHT + 24), found[-1][1] + 3))
    rate_ticks = [(base - plot_h * p / 100, f"{p}%") for p in (0, 25, 50, 75, 100)]
    pulse_ticks = [(base - plot_h * (p - 1) / 4, str(p)) for p in (1, 2, 3, 4, 5)]
    return Chart(
        WIDTH,
        HEIGHT,
        bars,
        " ".join(points),
        dots,
        rate_ticks,
        pulse_ticks,
        LEFT,
        WIDTH - RIGHT,
        base,
        lines,
    )
