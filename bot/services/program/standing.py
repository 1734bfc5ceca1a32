"""A person's standing in a workspace (owner, pair member or outsider), read from the database."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.domain.authorization import Standing, standing_of
from bot.domain.states import LIVE
from bot.models import Member, Pair
from bot.services.program.owners import is_owner
from bot.settings import Settings


def in_live_pair(session: Session, team_id: str, user_id: str) -> bool:
    """Whether this person is the mentor or the mentee of an active or paused pair."""
    member = select(Member.id).where(Member.team_id == team_id, Member.user_id == user_id)
    found = session.scalar(
        select(Pair.id)
        .where(Pair.team_id == team_id, Pair.status.in_(LIVE))
        .where(or_(Pair.mentor_id.in_(member), Pair.mentee_id.in_(member)))
        .limit(1)
    )
    return found is not None


def standing(session: Session, settings: Settings, team_id: str, user_id: str) -> Standing:
    owner = is_owner(session, settings, team_id, user_id)
    return standing_of(
        owner=owner, in_live_pair=not owner and in_live_pair(session, team_id, user_id)
    )
