"""The tips sweeps: new pairs get their first slot (hourly), and due slots become a tip in
the pair channel, through the outbox with a key per pair and slot.

A pass claims the due `tip_plans` rows by their indexed due time with an UPDATE first (on
SQLite that takes the write lock; on PostgreSQL the rows are locked and other passes skip
them), decides each one, and moves it to its next slot in the same transaction. A slot is
passed over without a tip when tips are off, the pair or its mentee is paused, the pair has
no channel, or it is more than 12 hours late. The tip is chosen and counted as had when it
is planned, so a pair never gets one twice before it has had all the others.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.outbox import MISSED_AFTER
from bot.delivery.planning import plan
from bot.domain.schedule import Slot
from bot.domain.states import FINISHED, PairStatus
from bot.domain.tip_schedule import tip_key
from bot.domain.tips import Tip
from bot.models import Pair, TipPlan
from bot.services.checkins.rows import is_postgres
from bot.services.tips.history import next_tip, pair_signals, record_sent, seen_tips
from bot.services.tips.library import theme_names, tip_library
from bot.services.tips.slots import BATCH, following, move_to, plan_new_pairs, rescheduled, rhythms
from bot.slack.views.tips import tip_message

KIND = "tip"  # the outbox kind of a scheduled tip in the pair channel


def start_tips(tandem: Tandem, now: datetime) -> list[str]:
    """The hourly `tip_plans` sweep: a first slot for every live pair without one."""
    with tandem.sessions.begin() as session:
        started = plan_new_pairs(session, now)
    return [f"tips: {started} pairs given their first tip slot"]


def post_tips(tandem: Tandem, now: datetime) -> list[str]:
    """The `tips` sweep: due slots become tips in pair channels (or are passed over)."""
    posted = passed = 0
    while True:
        with tandem.sessions.begin() as session:
            plans = _claim(session, now)
            if not plans:
                break
            counts = _decide(tandem, session, plans, now)
        posted, passed = posted + counts[0], passed + counts[1]
        if len(plans) < BATCH:
            break
    return [f"tips: {posted} planned, {passed} slots passed over"]


def _claim(session: Session, now: datetime) -> list[TipPlan]:
    pick = select(TipPlan.pair_id).where(TipPlan.due_at <= now).order_by(TipPlan.due_at)
    pick = pick.limit(BATCH)
    if is_postgres(session):
        pick = pick.with_for_update(skip_locked=True)
    # A write that changes nothing: it takes the lock before anything is read.
    claimed = session.scalars(
        update(TipPlan)
        .where(TipPlan.pair_id.in_(pick.scalar_subquery()), TipPlan.due_at <= now)
        .values(period=TipPlan.period)
        .returning(TipPlan.pair_id)
        .execution_options(synchronize_session=False)
    ).all()
    if not claimed:
        return []
    return list(session.scalars(select(TipPlan).where(TipPlan.pair_id.in_(claimed))))


def _decide(
    tandem: Tandem, session: Session, plans: list[TipPlan], now: datetime
) -> tuple[int, int]:
    pairs = {
        p.id: p
        for p in session.scalars(select(Pair).where(Pair.id.in_([t.pair_id for t in plans])))
        .unique()
        .all()
    }
    by_team = rhythms(session, {p.team_id for p in pairs.values()})
    due: list[tuple[Slot, Pair]] = []
    passed = 0
    for tip_plan in plans:
        pair = pairs.get(tip_plan.pair_id)
        if pair is None or pair.status in FINISHED:
            session.delete(tip_plan)
            continue
        rhythm, tz = by_team[pair.team_id], pair.mentee.tz
        cadence = rhythm.cadence()
        if rescheduled(tip_plan, cadence, tz, now) and tip_plan.due_at > now:
            continue
        if _wanted(pair, rhythm.enabled, tip_plan, now):
            slot = Slot(date.fromisoformat(tip_plan.period), tip_plan.due_at)
            due.append((slot, pair))
        else:
            passed += 1
        move_to(tip_plan, following(tip_plan, cadence, tz, now), cadence, tz)
    return _plan_tips(tandem, session, due, now), passed


def _wanted(pair: Pair, enabled: bool, tip_plan: TipPlan, now: datetime) -> bool:
    paused = pair.mentee.paused_until
    return (
        enabled
        and pair.status == PairStatus.ACTIVE
        and pair.channel_id is not None
        and not (paused is not None and paused > tip_plan.due_at)
        and tip_plan.due_at >= now - MISSED_AFTER
    )


def _plan_tips(
    tandem: Tandem, session: Session, due: list[tuple[Slot, Pair]], now: datetime
) -> int:
    """Choose, render and plan each pair's tip; count it as had when it was planned now."""
    if not due:
        return 0
    library, themes = tip_library(tandem.composer), theme_names(tandem.composer)
    pair_list = [pair for _, pair in due]
    seen = seen_tips(session, [p.id for p in pair_list])
    signals = pair_signals(session, pair_list, now)
    planned = 0
    for slot, pair in due:
        tip = next_tip(library, seen[pair.id], signals[pair.id], pair.id, now)
        if _plan_one(tandem, session, pair, tip, themes[tip.theme], slot, now):
            rounds = seen[pair.id][tip.id].rounds if tip.id in seen[pair.id] else 0
            record_sent(session, pair.id, tip.id, rounds, now)
            planned += 1
    return planned


def _plan_one(
    tandem: Tandem,
    session: Session,
    pair: Pair,
    tip: Tip,
    theme: str,
    slot: Slot,
    now: datetime,
) -> bool:
    text, blocks = tip_message(tandem.composer, tip, theme, "channel")
    return plan(
        session,
        key=tip_key(pair.id, slot.period.isoformat()),
        team_id=pair.team_id,
        kind=KIND,
        recipient=str(pair.channel_id),
        due_at=slot.due_at,
        now=now,
        payload={"text": text, "blocks": blocks, "pair_id": pair.id, "tip_id": tip.id},
    )
