"""Finding the partner someone may give feedback to, and the round their feedback joins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.domain.feedback import is_open
from bot.domain.states import PairStatus, RoundState
from bot.models import FeedbackRound, Member, Pair
from bot.services.people.members import known_member


@dataclass(frozen=True)
class Partners:
    pair: Pair
    me: Member
    partner: Member


def active_pairs(session: Session, member: Member) -> list[Pair]:
    return list(
        session.scalars(
            select(Pair)
            .where(
                Pair.status == PairStatus.ACTIVE,
                or_(Pair.mentor_id == member.id, Pair.mentee_id == member.id),
            )
            .order_by(Pair.id)
        ).unique()
    )


def is_member_of(session: Session, team_id: str, user_id: str, pair_id: int) -> bool:
    """Whether this person is one of the pair's two members, whatever its state."""
    member = known_member(session, team_id, user_id)
    pair = session.get(Pair, pair_id)
    return (
        member is not None
        and pair is not None
        and pair.team_id == team_id
        and member.id in (pair.mentor_id, pair.mentee_id)
    )


def partners_in(
    session: Session, team_id: str, user_id: str, pair_id: int | None, *, lock: bool = False
) -> Partners | None:
    """The person and their partner in this pair, if it is an active pair of theirs."""
    member = known_member(session, team_id, user_id)
    if lock and pair_id:
        # The pair's row alone (its members are joined when it loads, and PostgreSQL locks
        # no outer join), so two submissions of one pair are decided one after the other.
        session.execute(select(Pair.id).where(Pair.id == pair_id).with_for_update())
    pair = session.get(Pair, pair_id) if pair_id else None
    if member is None or pair is None or pair.team_id != team_id:
        return None
    if pair.status != PairStatus.ACTIVE or member.id not in (pair.mentor_id, pair.mentee_id):
        return None
    partner = pair.mentee if member.id == pair.mentor_id else pair.mentor
    return Partners(pair, member, partner)


def open_round(
    session: Session, pair_id: int, now: datetime, named: int | None = None
) -> FeedbackRound | None:
    """The pair's round that feedback given now joins: the one a nudge named while it is
    still open, else any round of the pair open now."""
    if named is not None:
        found = session.get(FeedbackRound, named)
        if (
            found is not None
            and found.pair_id == pair_id
            and found.state == RoundState.OPEN
            and now < found.closes_at
        ):
            return found
    for candidate in session.scalars(
        select(FeedbackRound)
        .where(FeedbackRound.pair_id == pair_id, FeedbackRound.state == RoundState.OPEN)
        .order_by(FeedbackRound.opens_at)
    ):
        if is_open(candidate.opens_at, candidate.closes_at, now):
            return candidate
    return None
