"""Every active pair's latest rounds, summed up in the database.

This is `pair_rounds` (bot/domain/rounds.py) done in SQL, so that 10,000 pairs cost one
scan and a row each instead of a row per check-in: each member's check-ins are numbered
from their latest (row_number); the latest round is open when either member's latest is
open and unanswered; a closed round's index counts back from the latest closed one. Each
pair's row has, for its last ATTENTION_ROUNDS closed rounds and each member, whether they
answered and their pulse; two more rows hold the program's totals for the last
TREND_ROUNDS closed rounds (sums, then counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from bot.domain.attention import PULSE_PERIODS, Round
from bot.domain.figures import PERIODS, RoundTotals
from bot.domain.rounds import summed_rounds
from bot.domain.states import WENT_OUT, CheckInState, PairStatus
from bot.models import CheckIn, Pair

TREND_ROUNDS = 2 * PERIODS
ATTENTION_ROUNDS = PULSE_PERIODS
ROLES = ("mentor", "mentee")
SUMS, COUNTS = -1, -2  # the pair_id of the totals rows


@dataclass(frozen=True)
class PairRounds:
    pair_id: int
    latest_due: datetime  # of the latest round, open or not
    open_now: bool  # the latest round is still open
    # answered[role][i], pulse[role][i] for closed round i (0: the latest closed one);
    # answered is None when that member got no check-in in that round
    answered: dict[str, list[bool | None]]
    pulse: dict[str, list[int | None]]

    def rounds(self) -> tuple[Round, ...]:
        return summed_rounds(self.latest_due, self.open_now, self.answered, self.pulse)


def recent_rounds(session: Session, team_id: str) -> tuple[list[PairRounds], RoundTotals]:
    answered = or_(CheckIn.pulse.is_not(None), CheckIn.reflection.is_not(None))
    is_open = and_(CheckIn.state == CheckInState.OPEN, ~answered)
    rank = func.row_number().over(
        partition_by=(CheckIn.pair_id, CheckIn.member_id), order_by=CheckIn.due_at.desc()
    )
    ranked = (
        select(
            CheckIn.pair_id,
            CheckIn.role,
            CheckIn.due_at,
            case((answered, 1), else_=0).label("answered"),
            CheckIn.pulse,
            case((is_open, 1), else_=0).label("is_open"),
            rank.label("rank"),
        )
        .join(Pair, Pair.id == CheckIn.pair_id)
        .where(CheckIn.team_id == team_id, CheckIn.state.in_(WENT_OUT))
        .where(Pair.status == PairStatus.ACTIVE)
        .subquery()
    )
    latest_open = case((and_(ranked.c.rank == 1, ranked.c.is_open == 1), 1), else_=0)
    r = (
        select(ranked, func.max(latest_open).over(partition_by=ranked.c.pair_id).label("open_now"))
        .where(ranked.c.rank <= TREND_ROUNDS + 1)
        .subquery()
    )
    index = r.c.rank - 1 - r.c.open_now
    cells: list[ColumnElement[int]] = []
    for role in ROLES:
        for i in range(TREND_ROUNDS):
            here = and_(index == i, r.c.role == role)
            cells += [func.max(case((here, r.c.answered))), func.max(case((here, r.c.pulse)))]
    names = [f"c{n}" for n in range(len(cells))]
    per_pair = (
        select(
            r.c.pair_id,
            func.max(r.c.due_at).label("latest"),
            func.max(r.c.open_now).label("open_now"),
            *(cell.label(name) for cell, name in zip(cells, names, strict=True)),
        )
        .group_by(r.c.pair_id)
        .cte("per_pair")
    )
    values = [per_pair.c[name] for name in names]
    latest, open_now = func.max(per_pair.c.latest), literal(0)
    query: CompoundSelect[Any] = union_all(
        select(per_pair),
        select(literal(SUMS), latest, open_now, *(func.sum(v) for v in values)),
        select(literal(COUNTS), latest, open_now, *(func.count(v) for v in values)),
    )
    pairs: list[PairRounds] = []
    sums: list[int] = []
    counts: list[int] = []
    for pair_id, due, opened, *row in session.execute(query):
        if pair_id == SUMS:
            sums = [int(v or 0) for v in row]
        elif pair_id == COUNTS:
            counts = [int(v or 0) for v in row]
        else:
            pairs.append(_pair(pair_id, due, bool(opened), row))
    return pairs, _totals(sums, counts)


def _cells(row: list, role: int, kind: int, rounds: int) -> list:
    """One member's answered (kind 0) or pulse (kind 1) cells, latest closed round first."""
    start = role * 2 * TREND_ROUNDS + kind
    return row[start : start + 2 * rounds : 2]


def _pair(pair_id: int, due: datetime, opened: bool, row: list) -> PairRounds:
    answered: dict[str, list[bool | None]] = {}
    pulse: dict[str, list[int | None]] = {}
    for n, role in enumerate(ROLES):
        answered[role] = [
            None if a is None else bool(a) for a in _cells(row, n, 0, ATTENTION_ROUNDS)
        ]
        pulse[role] = [None if p is None else int(p) for p in _cells(row, n, 1, ATTENTION_ROUNDS)]
    return PairRounds(pair_id, due, opened, answered, pulse)


def _totals(sums: list[int], counts: list[int]) -> RoundTotals:
    if not sums:
        return RoundTotals([], [], [], [])

    def both(values: list[int], kind: int) -> list[int]:
        mentor = _cells(values, 0, kind, TREND_ROUNDS)
        mentee = _cells(values, 1, kind, TREND_ROUNDS)
        return [a + b for a, b in zip(mentor, mentee, strict=True)]

    return RoundTotals(
        sent=both(counts, 0),
        answered=both(sums, 0),
        pulse_sum=both(sums, 1),
        pulses=both(counts, 1),
    )
