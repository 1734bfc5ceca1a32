"""A pair's effective cadence (its own fields over the program's) and where a chain stands."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.schedule import Cadence, resolve_cadence
from bot.domain.states import CheckInState
from bot.models import CheckIn, Pair, ProgramSettings

ProgramCadence = tuple[str | None, int | None, str | None]
NO_SETTINGS: ProgramCadence = (None, None, None)


def program_cadences(session: Session, team_ids: Iterable[str]) -> dict[str, ProgramCadence]:
    """Each team's default cadence from its settings row (teams without one are left out)."""
    rows = session.execute(
        select(
            ProgramSettings.team_id,
            ProgramSettings.cadence,
            ProgramSettings.cadence_weekday,
            ProgramSettings.cadence_time,
        ).where(ProgramSettings.team_id.in_(set(team_ids)))
    )
    return {team: (every, weekday, at) for team, every, weekday, at in rows}


def cadence_of(pair: Pair, program: ProgramCadence) -> Cadence:
    return resolve_cadence(program, (pair.cadence, pair.cadence_weekday, pair.cadence_time))


def pair_cadence(session: Session, pair: Pair) -> Cadence:
    program = program_cadences(session, [pair.team_id]).get(pair.team_id, NO_SETTINGS)
    return cadence_of(pair, program)


def last_period(
    session: Session, pair_id: int, member_id: int, *, excluding: int | None = None
) -> date | None:
    """The period of the member's latest check-in in this pair that is no longer planned
    (other than `excluding`, the row being planned again)."""
    period = session.scalar(
        select(CheckIn.period)
        .where(
            CheckIn.pair_id == pair_id,
            CheckIn.member_id == member_id,
            CheckIn.state != CheckInState.PLANNED,
            CheckIn.id != (excluding or 0),
        )
        .order_by(CheckIn.period.desc())
        .limit(1)
    )
    return date.fromisoformat(period) if period else None
