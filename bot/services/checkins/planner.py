"""The check-in planner: the sweep that turns due check-ins into outbox deliveries.

Each member of an active pair has exactly one next check-in waiting as a 'planned' row with
an indexed due_at. A pass claims the rows that are due by that index, so its cost follows
what is due, not the size of the program. Queuing a check-in plans the member's next one.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.outbox import MISSED_AFTER
from bot.domain.questions import QuestionsError
from bot.domain.schedule import Cadence, Slot, first_slot, next_slot
from bot.domain.states import FINISHED, CheckInState, DeliveryState, PairStatus
from bot.models import CheckIn, Delivery, Member, Pair
from bot.services.checkins.cadence import NO_SETTINGS, cadence_of, program_cadences
from bot.services.checkins.keys import checkin_key
from bot.services.checkins.queueing import QueueItem, queue_checkins
from bot.services.checkins.replanning import CATCH_UP, move_to_schedule
from bot.services.checkins.rows import claim_ids, insert_planned, move, planned_row
from bot.slack.views.checkins import CheckInCard, prompt_messages
from bot.slack.views.stencil import Stencil

log = logging.getLogger(__name__)
BATCH = 500
# A pass queues its first batch of due check-ins small: in a fan-out the outbox sends while
# the rest is planned (bot/delivery/stream.py), and the first prompts leave sooner.
FIRST_BATCH = 100


@dataclass
class PlanReport:
    started: int = 0  # pairs whose first check-ins were planned
    queued: int = 0
    moved: int = 0  # past a pause, or to a changed cadence
    missed: int = 0

    def line(self) -> str:
        return (
            f"check-ins: {self.queued} queued, {self.missed} missed, {self.moved} moved, "
            f"{self.started} pairs started"
        )


def start_new_pairs(tandem: Tandem, now: datetime, report: PlanReport) -> int:
    """Plan both members' first check-ins for pairs the planner has not seen yet."""
    with tandem.sessions.begin() as session:
        pick = (
            select(Pair.id).where(Pair.checkins_planned_at.is_(None)).order_by(Pair.id).limit(BATCH)
        )
        ids = claim_ids(
            session, Pair, pick, Pair.checkins_planned_at.is_(None), checkins_planned_at=now
        )
        if not ids:
            return 0
        pairs = session.scalars(select(Pair).where(Pair.id.in_(ids))).unique().all()
        programs = program_cadences(session, {p.team_id for p in pairs})
        rows = []
        for pair in pairs:
            if pair.status in FINISHED:
                continue
            cadence = cadence_of(pair, programs.get(pair.team_id, NO_SETTINGS))
            for member, role in ((pair.mentor, "mentor"), (pair.mentee, "mentee")):
                slot = first_slot(cadence, member.tz, created_at=pair.created_at, now=now)
                rows.append(
                    planned_row(
                        team_id=pair.team_id,
                        pair_id=pair.id,
                        member_id=member.id,
                        role=role,
                        slot=slot,
                        cadence=cadence,
                        tz=member.tz,
                    )
                )
            report.started += 1
        insert_planned(session, rows)
        return len(ids)


def settle_stale(tandem: Tandem, now: datetime, report: PlanReport) -> int:
    """Queued check-ins whose delivery never went out within 12 hours are recorded missed."""
    with tandem.sessions.begin() as session:
        pick = (
            select(CheckIn.id)
            .where(CheckIn.state == CheckInState.QUEUED, CheckIn.due_at < now - MISSED_AFTER)
            .limit(BATCH)
        )
        ids = claim_ids(
            session, CheckIn, pick, CheckIn.state == CheckInState.QUEUED, state=CheckInState.MISSED
        )
        if not ids:
            return 0
        checkins = session.scalars(select(CheckIn).where(CheckIn.id.in_(ids))).all()
        by_key = {checkin_key(c.pair_id, c.member_id, c.period): c for c in checkins}
        deliveries = session.scalars(select(Delivery).where(Delivery.key.in_(by_key))).all()
        for delivery in deliveries:
            checkin = by_key[delivery.key]
            if delivery.state == DeliveryState.SENT:  # sent without the hook: it is open after all
                checkin.state, checkin.sent_at = CheckInState.OPEN, delivery.sent_at
                checkin.channel_id, checkin.message_ts = delivery.channel_id, delivery.ts
            elif delivery.state == DeliveryState.FAILED:
                checkin.state = CheckInState.FAILED
            elif delivery.state == DeliveryState.PLANNED:
                delivery.state = DeliveryState.SKIPPED
                delivery.error = "check-in not sent within 12 hours"
        report.missed += sum(1 for c in checkins if c.state == CheckInState.MISSED)
        return len(ids)


def _paused(pair: Pair, member: Member, at: datetime) -> bool:
    """No prompt for a pair that is not active, or a member who paused their own prompts."""
    paused_until = member.paused_until
    return (
        pair.status != PairStatus.ACTIVE
        or member.deleted
        or (paused_until is not None and paused_until > at)
    )


def _settle(session: Session, item: QueueItem, cadence: Cadence, now: datetime) -> str:
    """Decide one claimed row: 'ended' (deleted), 'moved' (planned for later), 'missed'
    (too late to send) or 'queue'."""
    checkin, member, pair = item.checkin, item.member, item.pair
    if pair.status in FINISHED:
        session.delete(checkin)
        return "ended"
    if checkin.schedule != cadence.signature(member.tz):
        # The program's cadence or the member's time zone changed since this row was
        # planned (a pair's own change or a time zone refresh moves it at once).
        move_to_schedule(
            session, checkin, pair=pair, member=member, cadence=cadence, not_before=now - CATCH_UP
        )
    while checkin.due_at <= now and _paused(pair, member, checkin.due_at):
        move(checkin, _following(item, cadence, now), cadence, member.tz)
    if checkin.due_at > now:
        checkin.state = CheckInState.PLANNED
        return "moved"
    if checkin.due_at < now - MISSED_AFTER:
        checkin.state = CheckInState.MISSED
        return "missed"
    return "queue"


def _following(item: QueueItem, cadence: Cadence, now: datetime) -> Slot:
    """The slot after this row's; after a long outage, the first one of the last 12 hours."""
    return next_slot(
        cadence,
        item.member.tz,
        last_period=date.fromisoformat(item.checkin.period),
        not_before=max(item.checkin.due_at + timedelta(seconds=1), now - MISSED_AFTER),
    )


def queue_due(
    tandem: Tandem,
    now: datetime,
    report: PlanReport,
    messages: Stencil[CheckInCard] | None = None,
    limit: int = BATCH,
) -> int:
    """Claim due planned check-ins and queue, move or record each; plan each one's next.
    `messages` builds the DMs, once per shape for every batch of the pass."""
    with tandem.sessions.begin() as session:
        pick = (
            select(CheckIn.id)
            .where(CheckIn.state == CheckInState.PLANNED, CheckIn.due_at <= now)
            .order_by(CheckIn.due_at, CheckIn.id)
            .limit(limit)
        )
        ids = claim_ids(
            session, CheckIn, pick, CheckIn.state == CheckInState.PLANNED, state=CheckInState.QUEUED
        )
        if not ids:
            return 0
        rows = session.execute(
            select(CheckIn, Member, Pair)
            .join(Member, Member.id == CheckIn.member_id)
            .join(Pair, Pair.id == CheckIn.pair_id)
            .where(CheckIn.id.in_(ids))
        ).unique()
        items = [QueueItem(c, m, p) for c, m, p in rows]
        programs = program_cadences(session, {item.pair.team_id for item in items})
        to_queue: list[QueueItem] = []
        follow_ups = []
        for item in items:
            cadence = cadence_of(item.pair, programs.get(item.pair.team_id, NO_SETTINGS))
            outcome = _settle(session, item, cadence, now)
            if outcome in ("ended", "moved"):
                report.moved += outcome == "moved"
                continue
            if outcome == "missed":
                report.missed += 1
            else:
                to_queue.append(item)
            follow_ups.append(
                planned_row(
                    team_id=item.pair.team_id,
                    pair_id=item.pair.id,
                    member_id=item.member.id,
                    role=item.checkin.role,
                    slot=_following(item, cadence, now),
                    cadence=cadence,
                    tz=item.member.tz,
                )
            )
        queue_checkins(session, tandem.composer, to_queue, now, messages)
        report.queued += len(to_queue)
        session.flush()
        insert_planned(session, follow_ups)
        return len(ids)


def due_backlog(tandem: Tandem, now: datetime, limit: int) -> int:
    """How many check-ins are due to be queued, counted up to `limit`."""
    with tandem.sessions() as session:
        due = (
            select(CheckIn.id)
            .where(CheckIn.state == CheckInState.PLANNED, CheckIn.due_at <= now)
            .limit(limit)
            .subquery()
        )
        return int(session.scalar(select(func.count()).select_from(due)) or 0)


def plan_checkins(tandem: Tandem, now: datetime) -> list[str]:
    """The sweep: start new pairs, settle stale deliveries, queue what is due."""
    report = PlanReport()
    messages = prompt_messages(tandem.composer)
    try:
        for step in (start_new_pairs, settle_stale):
            while step(tandem, now, report) == BATCH:
                pass
        limit = FIRST_BATCH
        while queue_due(tandem, now, report, messages, limit) == limit:
            limit = BATCH
    except (QuestionsError, tomllib.TOMLDecodeError) as problem:
        # An owner's edit broke the questions file: nothing due is lost (the batch rolled
        # back and waits), and the rest of the pass still runs.
        log.error("check-ins not queued: prompts/checkins/questions.toml: %s", problem)
        return [report.line(), f"  not queued: prompts/checkins/questions.toml: {problem}"]
    return [report.line()]
