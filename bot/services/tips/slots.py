"""Each live pair's next tip slot (a `tip_plans` row): planned for new pairs, moved on
after each slot, and moved when the program's tip rhythm or the mentee's time zone changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.delivery.outbox import MISSED_AFTER
from bot.delivery.planning import dialect_insert
from bot.domain.schedule import Cadence, Slot, first_slot, next_slot
from bot.domain.states import LIVE
from bot.domain.tip_schedule import TIPS_AT, TIPS_WEEKDAY, tip_cadence
from bot.models import Pair, ProgramSettings, TipPlan

BATCH = 500


@dataclass(frozen=True)
class TipRhythm:
    """A workspace's tip settings."""

    enabled: bool
    every_days: int
    weekday: int
    at: str

    def cadence(self) -> Cadence:
        return tip_cadence(self.every_days, self.weekday, self.at)


DEFAULT_RHYTHM = TipRhythm(enabled=True, every_days=7, weekday=TIPS_WEEKDAY, at=TIPS_AT)


def rhythms(session: Session, team_ids: Iterable[str]) -> dict[str, TipRhythm]:
    """Each team's tip settings; the defaults for a team without saved settings."""
    teams = set(team_ids)
    found = {
        team: TipRhythm(enabled, every, weekday, at)
        for team, enabled, every, weekday, at in session.execute(
            select(
                ProgramSettings.team_id,
                ProgramSettings.tips_enabled,
                ProgramSettings.tips_every_days,
                ProgramSettings.tips_weekday,
                ProgramSettings.tips_time,
            ).where(ProgramSettings.team_id.in_(teams))
        )
    }
    return {team: found.get(team, DEFAULT_RHYTHM) for team in teams}


def plan_new_pairs(session: Session, now: datetime) -> int:
    """A first tip slot for each live pair that has none (at least two days after it was
    created, like its first check-in)."""
    planned = select(TipPlan.pair_id).where(TipPlan.pair_id == Pair.id).exists()
    pairs = (
        session.scalars(
            select(Pair).where(Pair.status.in_(LIVE), ~planned).order_by(Pair.id).limit(BATCH)
        )
        .unique()
        .all()
    )
    if not pairs:
        return 0
    by_team = rhythms(session, {pair.team_id for pair in pairs})
    rows = []
    for pair in pairs:
        cadence, tz = by_team[pair.team_id].cadence(), pair.mentee.tz
        slot = first_slot(cadence, tz, created_at=pair.created_at, now=now)
        rows.append(_row(pair.id, slot, cadence, tz))
    statement = dialect_insert(session)(TipPlan).on_conflict_do_nothing(index_elements=["pair_id"])
    session.execute(statement, rows)
    return len(rows)


def _row(pair_id: int, slot: Slot, cadence: Cadence, tz: str) -> dict[str, object]:
    return {
        "pair_id": pair_id,
        "period": slot.period.isoformat(),
        "due_at": slot.due_at,
        "schedule": cadence.signature(tz),
    }


def replan_team(session: Session, team_id: str, now: datetime) -> None:
    """The team's tip rhythm changed: every pair's next slot is looked at on the next pass
    (which moves it to the new rhythm) instead of at its old due time."""
    pairs = select(Pair.id).where(Pair.team_id == team_id).scalar_subquery()
    session.execute(
        update(TipPlan).where(TipPlan.pair_id.in_(pairs), TipPlan.due_at > now).values(due_at=now)
    )


def move_to(plan: TipPlan, slot: Slot, cadence: Cadence, tz: str) -> None:
    plan.period, plan.due_at = slot.period.isoformat(), slot.due_at
    plan.schedule = cadence.signature(tz)


def rescheduled(plan: TipPlan, cadence: Cadence, tz: str, now: datetime) -> bool:
    """Move a slot computed with an older rhythm or time zone onto the current one (the
    first slot of the last 12 hours on); True if it moved."""
    if plan.schedule == cadence.signature(tz):
        return False
    slot = next_slot(cadence, tz, last_period=None, not_before=now - MISSED_AFTER)
    move_to(plan, slot, cadence, tz)
    return True


def following(plan: TipPlan, cadence: Cadence, tz: str, now: datetime) -> Slot:
    """The slot after this one; after a long outage, the first one of the last 12 hours."""
    return next_slot(
        cadence,
        tz,
        last_period=date.fromisoformat(plan.period),
        not_before=max(plan.due_at + timedelta(seconds=1), now - MISSED_AFTER),
    )
