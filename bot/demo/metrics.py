"""The program's numbers week by week, read from the database the demo played on: check-ins
sent, answered (a pulse or a reflection), and the average trust pulse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.context import Tandem
from bot.models import CheckIn, Pair


@dataclass(frozen=True)
class Week:
    week: int
    sent: int
    answered: int
    pulse: float | None  # the average of the pulses given, None when none was

    @property
    def rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None


def _rows(tandem: Tandem) -> list[Any]:
    with tandem.sessions() as session:
        return list(
            session.execute(
                select(CheckIn.sent_at, CheckIn.pulse, CheckIn.reflection, Pair.channel_id)
                .join(Pair, Pair.id == CheckIn.pair_id)
                .where(CheckIn.sent_at.is_not(None))
            ).all()
        )


def weekly(tandem: Tandem, start: datetime, weeks: int) -> list[Week]:
    """Weeks 1..`weeks` after `start`, by when each check-in was sent."""
    return _weeks(_rows(tandem), start, weeks)


def by_pair(tandem: Tandem, start: datetime, weeks: int) -> dict[str, list[Week]]:
    """The same, for each pair (by its channel)."""
    rows = _rows(tandem)
    channels = sorted({str(r.channel_id) for r in rows})
    return {c: _weeks([r for r in rows if r.channel_id == c], start, weeks) for c in channels}


def _weeks(rows: list[Any], start: datetime, weeks: int) -> list[Week]:
    found = []
    for week in range(1, weeks + 1):
        first = start + timedelta(weeks=week - 1)
        these = [r for r in rows if first <= r.sent_at < first + timedelta(weeks=1)]
        pulses = [r.pulse for r in these if r.pulse is not None]
        answered = sum(1 for r in these if r.pulse is not None or r.reflection)
        average = sum(pulses) / len(pulses) if pulses else None
        found.append(Week(week, len(these), answered, average))
    return found
