"""The audit log: who did what to the program, and when (owners' actions and Tandem's own)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.models import AuditEntry

TANDEM = "tandem"  # the actor of what Tandem did by itself (a member left the workspace)


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
    """Record an action (who, what, when) in the caller's transaction."""
    session.add(
        AuditEntry(
            team_id=team_id, actor_id=actor_id, action=action, detail=detail, summary=summary, at=at
        )
    )
