"""What happens when a check-in DM went out: it opens, the previous one closes, a reminder waits.

Registered as the `checkin` delivery kind's after_sent hook, so it runs in the outbox's
transaction that marks the delivery sent.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.delivery.kinds import register_kind
from bot.delivery.outbox import plan, skip
from bot.domain.schedule import reminder_at
from bot.models import CheckIn, Delivery, Member
from bot.services.checkins.keys import CHECKIN_KIND, REMINDER_KIND, parse_checkin_key, reminder_key
from bot.slack.gateway import Posted


def cancel_reminder(session: Session, checkin: CheckIn, reason: str) -> None:
    """Skip the check-in's pending reminder, if any (answered, skipped or superseded)."""
    key = reminder_key(checkin)
    if key is not None:
        skip(session, key, reason)
    checkin.remind_at = None


def plan_reminder(session: Session, checkin: CheckIn, member: Member, payload: dict) -> None:
    """Plan the check-in's one reminder at checkin.remind_at."""
    key = reminder_key(checkin)
    if key is None or checkin.remind_at is None:
        return
    plan(
        session,
        key=key,
        team_id=checkin.team_id,
        kind=REMINDER_KIND,
        recipient=member.user_id,
        due_at=checkin.remind_at,
        now=checkin.sent_at or checkin.remind_at,
        payload=payload,
    )


def checkin_sent(session: Session, delivery: Delivery, posted: Posted | None) -> None:
    parsed = parse_checkin_key(delivery.key)
    if parsed is None:
        return
    pair_id, member_id, period = parsed
    checkin = session.scalar(
        select(CheckIn).where(
            CheckIn.pair_id == pair_id, CheckIn.member_id == member_id, CheckIn.period == period
        )
    )
    member = session.get(Member, member_id)
    if checkin is None or member is None:
        return
    if checkin.state in ("queued", "missed", "failed"):
        checkin.state = "open"
    checkin.sent_at = delivery.sent_at or checkin.due_at
    if posted is not None:
        checkin.channel_id, checkin.message_ts = posted.channel, posted.ts
    older = session.scalars(
        select(CheckIn).where(
            CheckIn.member_id == member_id,
            CheckIn.state == "open",
            CheckIn.pair_id == pair_id,
            CheckIn.id != checkin.id,
        )
    )
    for previous in older:
        cancel_reminder(session, previous, "superseded by the next check-in")
        previous.state = "superseded"
    reminder = delivery.payload.get("reminder")
    if reminder and checkin.state == "open":
        checkin.remind_at = reminder_at(checkin.sent_at, member.tz)
        plan_reminder(session, checkin, member, reminder)


register_kind(CHECKIN_KIND, after_sent=checkin_sent)
register_kind(REMINDER_KIND)
