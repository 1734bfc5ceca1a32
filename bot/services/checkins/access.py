"""Finding the check-in a click or a reply is about, and refusing the ones that are closed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.states import ANSWERABLE, FINISHED, CheckInState
from bot.models import CheckIn, Member, Pair


@dataclass(frozen=True)
class Found:
    checkin: CheckIn
    member: Member
    pair: Pair


def newer_sent(session: Session, checkin: CheckIn) -> bool:
    """True when a later check-in of this person in this pair has gone out."""
    later = session.scalar(
        select(CheckIn.id)
        .where(
            CheckIn.pair_id == checkin.pair_id,
            CheckIn.member_id == checkin.member_id,
            CheckIn.period > checkin.period,
            CheckIn.sent_at.is_not(None),
        )
        .limit(1)
    )
    return later is not None


def find_for_action(
    session: Session, checkin_id: int | None, *, team_id: str, user_id: str
) -> Found | str:
    """The check-in, its member and pair; or why it cannot be changed (a refusal reason).

    The check-in is looked up by the ID the payload names and then checked against the
    person who clicked, so a forged or replayed payload changes nothing of anyone else's.
    """
    checkin = session.get(CheckIn, checkin_id, with_for_update=True) if checkin_id else None
    if checkin is None:
        return "missing"
    member = session.get(Member, checkin.member_id)
    pair = session.get(Pair, checkin.pair_id)
    if member is None or pair is None:
        return "missing"
    if member.user_id != user_id or member.team_id != team_id:
        return "foreign"
    if pair.status in FINISHED:
        return "ended"
    if checkin.state == CheckInState.SUPERSEDED or (
        checkin.state in ANSWERABLE and newer_sent(session, checkin)
    ):
        return "closed"
    if checkin.state not in ANSWERABLE:
        return "expired"
    return Found(checkin, member, pair)
