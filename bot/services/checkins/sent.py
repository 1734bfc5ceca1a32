"""What happens when a check-in DM went out: it opens, the previous one closes, a reminder waits.

Registered as the `checkin` delivery kind's after_sent_many hook, so it runs in the outbox's
transaction that marks the deliveries sent (a batch of them, or one).
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from bot.delivery.outbox import plan, skip
from bot.delivery.planning import Planned, plan_many, skip_many
from bot.domain.schedule import reminder_at
from bot.domain.states import CheckInState
from bot.models import CheckIn, Delivery
from bot.services.checkins.keys import REMINDER_KIND, parse_checkin_key, reminder_key
from bot.slack.gateway import Posted


def cancel_reminder(session: Session, checkin: CheckIn, reason: str) -> None:
    """Skip the check-in's pending reminder, if any (answered, skipped or superseded)."""
    key = reminder_key(checkin)
    if key is not None:
        skip(session, key, reason)
    checkin.remind_at = None


def plan_reminder(session: Session, checkin: CheckIn, user_id: str, payload: dict) -> None:
    """Plan the check-in's one reminder at checkin.remind_at."""
    key = reminder_key(checkin)
    if key is None or checkin.remind_at is None:
        return
    plan(
        session,
        key=key,
        team_id=checkin.team_id,
        kind=REMINDER_KIND,
        recipient=user_id,
        due_at=checkin.remind_at,
        now=checkin.sent_at or checkin.remind_at,
        payload=payload,
    )


def _sent_checkins(
    session: Session, sent: list[tuple[Delivery, Posted | None]]
) -> list[tuple[Delivery, Posted | None, CheckIn]]:
    """Each delivery's check-in (by the ID its payload carries, else by its key), one
    query for all the IDs; deliveries whose check-in is gone are left out."""
    ids = [_payload_id(delivery) for delivery, _ in sent]
    found = {
        checkin.id: checkin
        for checkin in session.scalars(
            select(CheckIn).where(CheckIn.id.in_({i for i in ids if i is not None}))
        )
    }
    rows = []
    for (delivery, posted), checkin_id in zip(sent, ids, strict=True):
        checkin = found.get(checkin_id) if checkin_id is not None else _by_key(session, delivery)
        if checkin is not None:
            rows.append((delivery, posted, checkin))
    return rows


def _payload_id(delivery: Delivery) -> int | None:
    about = delivery.payload.get("checkin") or {}
    return about["id"] if isinstance(about.get("id"), int) else None


def _by_key(session: Session, delivery: Delivery) -> CheckIn | None:
    parsed = parse_checkin_key(delivery.key)
    if parsed is None:
        return None
    pair_id, member_id, period = parsed
    return session.scalar(
        select(CheckIn).where(
            CheckIn.pair_id == pair_id, CheckIn.member_id == member_id, CheckIn.period == period
        )
    )


def _open_checkins(
    session: Session, checkins: list[CheckIn]
) -> dict[tuple[int, int], list[CheckIn]]:
    """The open check-ins of these check-ins' members in their pairs, by (pair, member)."""
    wanted = {(c.pair_id, c.member_id) for c in checkins}
    found: dict[tuple[int, int], list[CheckIn]] = {}
    if not wanted:
        return found
    rows = session.scalars(
        select(CheckIn).where(
            CheckIn.state == CheckInState.OPEN,
            CheckIn.member_id.in_({member for _, member in wanted}),
            CheckIn.pair_id.in_({pair for pair, _ in wanted}),
        )
    )
    for row in rows:
        if (row.pair_id, row.member_id) in wanted:
            found.setdefault((row.pair_id, row.member_id), []).append(row)
    return found


def checkins_sent(session: Session, sent: list[tuple[Delivery, Posted | None]]) -> None:
    """These prompts are in their people's DMs, in this order: each check-in opens, the
    person's previous one in the pair closes (and its reminder with it), and each one's
    reminder is planned. A few statements for the whole batch."""
    with session.no_autoflush:  # the check-ins are written below, all at once
        rows = _sent_checkins(session, sent)
        still_open = _open_checkins(session, [checkin for _, _, checkin in rows])
        changed: dict[int, CheckIn] = {}
        skipped: list[str] = []
        reminders: dict[datetime, list[Planned]] = {}  # by the instant they were planned at
        for delivery, posted, checkin in rows:
            changed[checkin.id] = checkin
            for previous in _opened(checkin, delivery, posted, still_open):
                key = reminder_key(previous)
                if key is not None:
                    skipped.append(key)
                previous.remind_at = None
                previous.state = CheckInState.SUPERSEDED
                changed[previous.id] = previous
            reminder = delivery.payload.get("reminder")
            if reminder and checkin.state == CheckInState.OPEN and checkin.sent_at is not None:
                tz = (delivery.payload.get("checkin") or {}).get("tz") or "UTC"
                checkin.remind_at = reminder_at(checkin.sent_at, tz)
                key = reminder_key(checkin)
                if key is not None:
                    reminders.setdefault(checkin.sent_at, []).append(
                        Planned(
                            key,
                            checkin.team_id,
                            REMINDER_KIND,
                            delivery.recipient,
                            checkin.remind_at,
                            reminder,
                        )
                    )
        _write(session, list(changed.values()))
    for planned_at, planned in reminders.items():
        plan_many(session, planned, planned_at)
    # After planning: a reminder planned above for a check-in that a later one in the
    # batch superseded is cancelled, as it would be row by row.
    skip_many(session, skipped, "superseded by the next check-in")


def _opened(
    checkin: CheckIn,
    delivery: Delivery,
    posted: Posted | None,
    still_open: dict[tuple[int, int], list[CheckIn]],
) -> list[CheckIn]:
    """Open the check-in whose prompt was sent; the person's other open check-ins in the
    pair, which it supersedes."""
    if checkin.state in (CheckInState.QUEUED, CheckInState.MISSED, CheckInState.FAILED):
        checkin.state = CheckInState.OPEN
    checkin.sent_at = delivery.sent_at or checkin.due_at
    if posted is not None:
        checkin.channel_id, checkin.message_ts = posted.channel, posted.ts
    pair_open = still_open.setdefault((checkin.pair_id, checkin.member_id), [])
    superseded = [c for c in pair_open if c.id != checkin.id]
    pair_open[:] = [checkin] if checkin.state == CheckInState.OPEN else []
    return superseded


_checkin_table = cast(Table, CheckIn.__table__)
_WRITTEN = ("state", "sent_at", "channel_id", "message_ts", "remind_at")
_WRITE = (
    update(_checkin_table)
    .where(_checkin_table.c.id == bindparam("row_id"))
    .values({name: bindparam(name, type_=_checkin_table.c[name].type) for name in _WRITTEN})
)


def _write(session: Session, checkins: list[CheckIn]) -> None:
    """Write what changed on these check-ins in one executemany (the ORM's flush would
    write row by row, as rows with different changes alternate), and tell the session."""
    if not checkins:
        return
    session.execute(
        _WRITE,
        [{"row_id": c.id, **{name: getattr(c, name) for name in _WRITTEN}} for c in checkins],
    )
    for checkin in checkins:
        for name in _WRITTEN:
            set_committed_value(checkin, name, getattr(checkin, name))
