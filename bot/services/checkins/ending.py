"""When a pair ends: no more reminders or prompts; what the two of them wrote is kept."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.delivery.outbox import skip
from bot.models import CheckIn
from bot.services.checkins.keys import checkin_key
from bot.services.checkins.sent import cancel_reminder


def end_checkins(session: Session, pair_id: int) -> None:
    """Skip the pair's pending reminders and drop the check-ins it was still to get."""
    rows = session.scalars(
        select(CheckIn).where(
            CheckIn.pair_id == pair_id, CheckIn.state.in_(("planned", "queued", "open"))
        )
    )
    for checkin in rows:
        if checkin.state == "open":
            cancel_reminder(session, checkin, "pair ended")
        elif checkin.state == "planned" or skip(
            session, checkin_key(checkin.pair_id, checkin.member_id, checkin.period), "pair ended"
        ):
            session.delete(checkin)
