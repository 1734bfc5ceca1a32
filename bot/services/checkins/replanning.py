"""Moving a member's next check-in when its schedule changed: a new cadence or time zone."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from bot.delivery.outbox import MISSED_AFTER
from bot.domain.schedule import Cadence, next_slot
from bot.domain.states import CheckInState
from bot.models import CheckIn, Member, Pair
from bot.services.checkins.cadence import last_period, pair_cadence
from bot.services.checkins.rows import move

# A slot that fell due this recently under the new schedule is still sent (late, once).
CATCH_UP = MISSED_AFTER - timedelta(minutes=1)


def move_to_schedule(
    session: Session,
    checkin: CheckIn,
    *,
    pair: Pair,
    member: Member,
    cadence: Cadence,
    not_before: datetime,
) -> None:
    """Point a not-yet-sent check-in at the first slot of `cadence` in the member's zone from
    `not_before`, after their last check-in in the pair (a first one at least two days after
    the pair was created)."""
    previous = last_period(session, pair.id, member.id, excluding=checkin.id)
    if previous is None:
        not_before = max(not_before, pair.created_at + timedelta(days=2))
    slot = next_slot(cadence, member.tz, last_period=previous, not_before=not_before)
    move(checkin, slot, cadence, member.tz)


def _planned(session: Session, *conditions: ColumnElement[bool]) -> list[CheckIn]:
    return list(
        session.scalars(select(CheckIn).where(CheckIn.state == CheckInState.PLANNED, *conditions))
    )


def replan_pair(session: Session, pair: Pair, now: datetime) -> None:
    """After `/mentor schedule`: both members' next check-ins follow the new cadence."""
    cadence = pair_cadence(session, pair)
    members = {pair.mentor.id: pair.mentor, pair.mentee.id: pair.mentee}
    for checkin in _planned(session, CheckIn.pair_id == pair.id):
        member = members[checkin.member_id]
        move_to_schedule(
            session, checkin, pair=pair, member=member, cadence=cadence, not_before=now
        )


def replan_member(session: Session, member: Member, now: datetime) -> None:
    """After a member's time zone changed: their next check-ins at the local time there."""
    for checkin in _planned(session, CheckIn.member_id == member.id):
        pair = session.get_one(Pair, checkin.pair_id)
        cadence = pair_cadence(session, pair)
        move_to_schedule(
            session, checkin, pair=pair, member=member, cadence=cadence, not_before=now - CATCH_UP
        )
