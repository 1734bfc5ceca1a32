"""The program's round figures (response rate and pulse trends, the attention list), kept
per workspace for FRESH minutes: reading every pair's last rounds costs seconds for 10,000
pairs, so the status sweep refreshes them and `/mentor status` answers from the snapshot,
computing them itself only when none is fresh. Reports say when the figures are from."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.planning import dialect_insert
from bot.domain.attention import Reason
from bot.domain.figures import Attention, Flagged, Trend, attention, totals_trends
from bot.domain.reports import PairRow, pair_facts
from bot.domain.states import PairStatus
from bot.models import Pair, StatusSnapshot
from bot.services.status import reading
from bot.services.status.rounds_sql import recent_rounds

FRESH = timedelta(minutes=10)
ACTIVE = (PairStatus.ACTIVE,)


@dataclass(frozen=True)
class RoundFigures:
    computed_at: datetime
    rate: Trend
    pulse: Trend
    attention: Attention


def compute(session: Session, team_id: str, now: datetime) -> RoundFigures:
    """The figures of the active pairs' scheduled rounds, as of `now`."""
    active: list[PairRow] = reading.pair_rows(session, team_id, statuses=ACTIVE)
    summed, totals = recent_rounds(session, team_id)
    rounds = {p.pair_id: p.rounds() for p in summed}
    last = reading.last_feedback(session, team_id)
    flagged = attention(
        [(r.pair_id, r.mentor, r.mentee, pair_facts(r, rounds, last)) for r in active]
    )
    rate, pulse = totals_trends(totals)
    return RoundFigures(now, rate, pulse, flagged)


def current(session: Session, team_id: str, now: datetime) -> RoundFigures:
    """The snapshot if it is fresh, else new figures (saved in the caller's transaction)."""
    row = session.get(StatusSnapshot, team_id)
    if row is not None and now - FRESH <= row.computed_at <= now:
        return _decode(row.computed_at, row.figures)
    figures = compute(session, team_id, now)
    save(session, team_id, figures)
    return figures


def save(session: Session, team_id: str, figures: RoundFigures) -> None:
    values = {"computed_at": figures.computed_at, "figures": _encode(figures)}
    statement = dialect_insert(session)(StatusSnapshot).values(team_id=team_id, **values)
    session.execute(statement.on_conflict_do_update(index_elements=["team_id"], set_=values))


def refresh_snapshots(tandem: Tandem, now: datetime) -> list[str]:
    """The sweep: new figures for every workspace with active pairs."""
    with tandem.sessions.begin() as session:
        teams = list(
            session.scalars(select(Pair.team_id).where(Pair.status.in_(ACTIVE)).distinct())
        )
        for team_id in teams:
            save(session, team_id, compute(session, team_id, now))
    return [f"status snapshots: {len(teams)} refreshed"] if teams else []


def _encode(figures: RoundFigures) -> dict[str, Any]:
    return {
        "rate": asdict(figures.rate),
        "pulse": asdict(figures.pulse),
        "attention": [
            [f.pair_id, f.mentor, f.mentee, [str(r) for r in f.reasons]]
            for f in figures.attention.shown
        ],
        "more": figures.attention.more,
    }


def _decode(computed_at: datetime, data: dict[str, Any]) -> RoundFigures:
    shown = tuple(
        Flagged(int(pair_id), str(mentor), str(mentee), tuple(Reason(r) for r in found))
        for pair_id, mentor, mentee, found in data["attention"]
    )
    return RoundFigures(
        computed_at,
        Trend(**data["rate"]),
        Trend(**data["pulse"]),
        Attention(shown, int(data["more"])),
    )
