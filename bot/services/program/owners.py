"""Who is a program owner."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Owner
from bot.settings import Settings


def is_owner(session: Session, settings: Settings, team_id: str, user_id: str) -> bool:
    """Owners from TANDEM_OWNERS are owners in every workspace; others are stored per team."""
    if user_id in settings.owners:
        return True
    found = session.scalar(
        select(Owner.id).where(Owner.team_id == team_id, Owner.user_id == user_id)
    )
    return found is not None


def program_owners(session: Session, settings: Settings, team_id: str) -> list[str]:
    """Whom to tell about the program: the owners from TANDEM_OWNERS, else the stored ones."""
    if settings.owners:
        return list(settings.owners)
    return list(session.scalars(select(Owner.user_id).where(Owner.team_id == team_id)))
