"""Who is a program owner, and the audit log of what owners do."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import AuditEntry, Owner
from bot.settings import Settings


def is_owner(session: Session, settings: Settings, team_id: str, user_id: str) -> bool:
    """Owners from TANDEM_OWNERS are owners in every workspace; others are stored per team."""
    if user_id in settings.owners:
        return True
    found = session.scalar(
        select(Owner.id).where(Owner.team_id == team_id, Owner.user_id == user_id)
    )
    return found is not None


def audit(
    session: Session,
    *,
    team_id: str,
    actor_id: str,
    action: str,
    at: datetime,
    summary: str | None = None,
    **detail: Any,
) -> None:
    """Record an owner action (who, what, when) in the caller's transaction."""
    session.add(
        AuditEntry(
            team_id=team_id, actor_id=actor_id, action=action, detail=detail, summary=summary, at=at
        )
    )
