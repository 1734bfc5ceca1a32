"""What happens when a check-in DM went out: it opens, the previous one closes, a reminder waits.

Registered as the `checkin` delivery kind's after_sent hook, so it runs in the outbox's
transaction that marks the delivery sent.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.delivery.outbox import plan, skip
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


def _sent_checkin(session: Session, delivery: Delivery) -> CheckIn | None:
    about = delivery.payload.get("checkin") or {}
    if isinstance(about.get("id"), int):
        return session.get(CheckIn, about["id"])
    parsed = parse_checkin_key(delivery.key)
    if parsed is None:
        return None
    pair_id, member_id, period = parsed
    return session.scalar(
        select(CheckIn).where(
            CheckIn.pair_id == pair_id, CheckIn.member_id == member_id, CheckIn.period == period
        )
    )


def checkin_sent(session: Session, delivery: Delivery, posted: Posted | None) -> None:
    """The prompt is in the person's DM: it opens, their previous one in the pair closes
    (and its reminder with it), and this one's reminder is planned."""
    checkin = _sent_checkin(session, delivery)
    if checkin is None:
        return
    if checkin.state in (CheckInState.QUEUED, CheckInState.MISSED, CheckInState.FAILED):
        checkin.state = CheckInState.OPEN
    checkin.sent_at = delivery.sent_at or checkin.due_at
    if posted is not None:
        checkin.channel_id, checkin.message_ts = posted.channel, posted.ts
    older = session.scalars(
        select(CheckIn).where(
            CheckIn.member_id == checkin.member_id,
            CheckIn.state == CheckInState.OPEN,
            CheckIn.pair_id == checkin.pair_id,
            CheckIn.id != checkin.id,
        )
    )
    for previous in older:
        cancel_reminder(session, previous, "superseded by the next check-in")
        previous.state = CheckInState.SUPERSEDED
    reminder = delivery.payload.get("reminder")
    if reminder and checkin.state == CheckInState.OPEN:
        tz = (delivery.payload.get("checkin") or {}).get("tz") or "UTC"
        checkin.remind_at = reminder_at(checkin.sent_at, tz)
        plan_reminder(session, checkin, delivery.recipient, reminder)
