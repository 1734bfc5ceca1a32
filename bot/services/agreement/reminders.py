"""The one reminder each member gets if their part of the agreement is missing after 3 days.

Both reminders are planned in the outbox when the pair is created and skipped when the part
arrives or the pair ends; the sender checks again at send time, so nobody is nagged about a
part they already gave.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.outbox import plan, skip
from bot.domain.pausing import is_paused
from bot.domain.states import PairStatus, Role
from bot.models import AgreementPart, Delivery, Member, Pair
from bot.slack.gateway import Posted, delivery_metadata
from bot.slack.views.welcome import agreement_reminder_blocks

KIND = "agreement_reminder"
REMIND_AFTER = timedelta(days=3)
ROLES = ("mentor", "mentee")


def reminder_key(pair_id: int, role: str) -> str:
    return f"agreement-reminder:{pair_id}:{role}"


def plan_agreement_reminders(session: Session, pair: Pair, now: datetime) -> None:
    """Plan one reminder per member, due 3 days after the pair was created."""
    for role, member_id in (("mentor", pair.mentor_id), ("mentee", pair.mentee_id)):
        member = session.get(Member, member_id)
        assert member is not None
        plan(
            session,
            key=reminder_key(pair.id, role),
            team_id=pair.team_id,
            kind=KIND,
            recipient=member.user_id,
            due_at=pair.created_at + REMIND_AFTER,
            now=now,
            payload={"pair_id": pair.id, "role": role},
        )


def cancel_reminders(
    session: Session, pair_id: int, reason: str, roles: tuple[str, ...] = ROLES
) -> None:
    for role in roles:
        skip(session, reminder_key(pair_id, role), reason)


def send_reminder(tandem: Tandem, delivery: Delivery, now: datetime) -> Posted | None:
    """DM the member with a button to their part; nothing if it is no longer needed."""
    pair_id, role = int(delivery.payload["pair_id"]), str(delivery.payload["role"])
    with tandem.sessions() as session:
        pair = session.get(Pair, pair_id)
        if pair is None or pair.status != PairStatus.ACTIVE:
            return None
        done = session.scalar(
            select(AgreementPart.id).where(
                AgreementPart.pair_id == pair_id, AgreementPart.role == role
            )
        )
        member, partner = (
            (pair.mentor, pair.mentee) if role == Role.MENTOR else (pair.mentee, pair.mentor)
        )
        if done is not None or is_paused(member.paused_until, now):
            return None
        text = tandem.composer.render(
            "agreement/reminder.j2", role=role, partner=partner.user_id, channel=pair.channel_id
        )
    return tandem.slack_for(delivery.team_id).post_message(
        delivery.recipient,
        text,
        blocks=agreement_reminder_blocks(tandem.composer, text, pair_id),
        metadata=delivery_metadata(delivery.kind, delivery.key),
    )
