"""When a pair ends or pauses, or a member pauses: which check-in messages stop.

What people wrote is always kept; only messages not yet sent are held back.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from bot.delivery.outbox import skip
from bot.domain.states import CheckInState
from bot.models import CheckIn
from bot.services.checkins.keys import checkin_key
from bot.services.checkins.sent import cancel_reminder


def end_checkins(session: Session, pair_id: int) -> None:
    """Skip the pair's pending reminders and drop the check-ins it was still to get."""
    rows = session.scalars(
        select(CheckIn).where(
            CheckIn.pair_id == pair_id,
            CheckIn.state.in_((CheckInState.PLANNED, CheckInState.QUEUED, CheckInState.OPEN)),
        )
    )
    for checkin in rows:
        if checkin.state == CheckInState.OPEN:
            cancel_reminder(session, checkin, "pair ended")
        elif checkin.state == CheckInState.PLANNED or skip(
            session, checkin_key(checkin.pair_id, checkin.member_id, checkin.period), "pair ended"
        ):
            session.delete(checkin)


def hold_reminders(session: Session, *where: ColumnElement[bool]) -> None:
    """Skip the pending reminders of open check-ins (a pause: no reminders either)."""
    rows = session.scalars(
        select(CheckIn).where(
            CheckIn.state == CheckInState.OPEN, CheckIn.remind_at.is_not(None), *where
        )
    )
    for checkin in rows:
        cancel_reminder(session, checkin, "paused")


def hold_member_reminders(session: Session, member_id: int) -> None:
    """A member paused: their pending check-in reminders are skipped."""
    hold_reminders(session, CheckIn.member_id == member_id)


def hold_pair_reminders(session: Session, pair_id: int) -> None:
    """A pair paused: both members' pending check-in reminders are skipped."""
    hold_reminders(session, CheckIn.pair_id == pair_id)
