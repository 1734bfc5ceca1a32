"""Feedback on its way to the partner's DM (the outbox's `feedback_delivery`), and what
happens once it is there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.composer import Composer
from bot.delivery.outbox import plan
from bot.domain.schedule import in_window
from bot.domain.states import FeedbackState
from bot.models import Delivery, Feedback, Member
from bot.services.feedback.keys import DELIVERY_KIND, delivery_key
from bot.slack.gateway import Posted
from bot.slack.views.feedback import Delivered, delivered_message


def card_of(session: Session, feedback: Feedback) -> Delivered:
    giver = session.get(Member, feedback.from_member_id)
    assert giver is not None
    return Delivered(
        feedback_id=feedback.id,
        giver=giver.user_id,
        situation=feedback.situation,
        behaviour=feedback.behaviour,
        impact=feedback.impact,
        next_step=feedback.next_step,
        together=feedback.round_id is not None,
        reception=feedback.reception,
        reflected=bool(feedback.reflection),
    )


def send_to_partner(
    session: Session, composer: Composer, feedback: Feedback, now: datetime, *, waking: bool = False
) -> None:
    """Plan the feedback's DM to its receiver (once: the key is the feedback's); `waking`:
    not before the receiver's next working hours (feedback released by the clock, not by a
    person who is there now)."""
    receiver = session.get(Member, feedback.to_member_id)
    assert receiver is not None
    due = in_window(now, receiver.tz) if waking else now
    text, blocks = delivered_message(composer, card_of(session, feedback))
    feedback.state = FeedbackState.QUEUED
    plan(
        session,
        key=delivery_key(feedback.id),
        team_id=feedback.team_id,
        kind=DELIVERY_KIND,
        recipient=receiver.user_id,
        due_at=due,
        now=now,
        payload={"text": text, "blocks": blocks, "feedback": {"id": feedback.id}},
    )


def feedback_delivered(session: Session, delivery: Delivery, posted: Posted | None) -> None:
    """The `feedback_delivery` kind's after_sent hook: the feedback is in the DM."""
    about = delivery.payload.get("feedback") or {}
    feedback = session.get(Feedback, about.get("id")) if isinstance(about.get("id"), int) else None
    if feedback is None:
        return
    feedback.state, feedback.delivered = FeedbackState.DELIVERED, True
    feedback.delivered_at = delivery.sent_at or delivery.due_at
    if posted is not None:
        feedback.channel_id, feedback.message_ts = posted.channel, posted.ts
