"""Recording the feedback rounds a look at the check-ins found due, a thousand pairs at a
time: after a fan-out that is a round for each of 10,000 pairs, so nothing here costs a
query per round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.delivery.planning import dialect_insert
from bot.domain.feedback import next_working_day_same_time, reminder_at, round_window
from bot.domain.states import NudgeState, Role, RoundState
from bot.models import CheckIn, FeedbackNudge, FeedbackRound, Member

CHUNK = 1000  # pairs a query


@dataclass(frozen=True)
class Due:
    """A round to open: the pair's check-in period `period` was its `number`-th."""

    pair_id: int
    team_id: str
    started_at: datetime  # the pair's start: the first round's feedback period starts there
    period: str
    number: int


def open_rounds(session: Session, due: list[Due]) -> int:
    """Record each round with one nudge per person whose check-in of that period exists (the
    working day after it, at the same local time); a round recorded already (by another
    worker, or an earlier look) is left as it is. Returns how many were recorded."""
    opened = 0
    ordered = sorted(due, key=lambda d: (d.pair_id, d.period))
    for start in range(0, len(ordered), CHUNK):
        opened += _open(session, ordered[start : start + CHUNK])
    return opened


_Nudge = tuple[int, Role, datetime, str]  # member, role, when, the member's time zone


def _open(session: Session, chunk: list[Due]) -> int:
    pair_ids = sorted({d.pair_id for d in chunk})
    wanted = {(d.pair_id, d.period) for d in chunk}
    people: dict[tuple[int, str], list[_Nudge]] = {}
    for pair_id, period, role, due_at, member_id, tz in session.execute(
        select(CheckIn.pair_id, CheckIn.period, CheckIn.role, CheckIn.due_at, Member.id, Member.tz)
        .join(Member, Member.id == CheckIn.member_id)
        .where(CheckIn.pair_id.in_(pair_ids))
        .order_by(CheckIn.id)
    ):
        if (pair_id, period) in wanted:
            at = next_working_day_same_time(due_at, tz)
            people.setdefault((pair_id, period), []).append((member_id, role, at, tz))
    closes: dict[int, list[tuple[str, datetime]]] = {}  # pair -> (period, closes_at)
    for pair_id, period, closes_at in session.execute(
        select(FeedbackRound.pair_id, FeedbackRound.period, FeedbackRound.closes_at).where(
            FeedbackRound.pair_id.in_(pair_ids)
        )
    ):
        closes.setdefault(pair_id, []).append((period, closes_at))
    known = {(pair_id, period) for pair_id, seen in closes.items() for period, _ in seen}
    rounds, windows = [], {}
    for d in chunk:  # by pair, then period: a later round's period starts at an earlier close
        nudges = people.get((d.pair_id, d.period))
        if not nudges:
            continue
        opens, closes_at = round_window([at for _, _, at, _ in nudges])
        windows[(d.pair_id, d.period)] = closes_at
        earlier = [at for period, at in closes.get(d.pair_id, []) if period < d.period]
        rounds.append(
            {
                "team_id": d.team_id,
                "pair_id": d.pair_id,
                "period": d.period,
                "number": d.number,
                "since": max(earlier, default=d.started_at),
                "opens_at": opens,
                "closes_at": closes_at,
                "state": RoundState.OPEN,
            }
        )
        if (d.pair_id, d.period) not in known:  # recorded already: its own close counts
            closes.setdefault(d.pair_id, []).append((d.period, closes_at))
    if not rounds:
        return 0
    insert = dialect_insert(session)
    recorded = session.execute(
        insert(FeedbackRound)
        .values(rounds)
        .on_conflict_do_nothing(index_elements=["pair_id", "period"])
        .returning(FeedbackRound.id, FeedbackRound.pair_id, FeedbackRound.period)
    ).all()
    rows = [
        {
            "round_id": round_id,
            "pair_id": pair_id,
            "member_id": member_id,
            "role": role,
            "due_at": at,
            "remind_at": reminder_at(at, tz, windows[(pair_id, period)]),
            "state": NudgeState.PLANNED,
        }
        for round_id, pair_id, period in recorded
        for member_id, role, at, tz in people[(pair_id, period)]
    ]
    if rows:
        session.execute(insert(FeedbackNudge).values(rows))
    return len(recorded)
