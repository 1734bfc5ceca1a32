"""Numbers for the program owner's `/mentor status`: celebrations, never their words."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import Kudos, Milestone


def celebrations_since(session: Session, team_id: str, since: datetime) -> dict[str, int]:
    """How many milestones were reached and kudos given since `since`."""
    milestones = session.scalar(
        select(func.count())
        .select_from(Milestone)
        .where(Milestone.team_id == team_id, Milestone.achieved_at >= since)
    )
    kudos = session.scalar(
        select(func.count())
        .select_from(Kudos)
        .where(Kudos.team_id == team_id, Kudos.created_at >= since)
    )
    return {"milestones": milestones or 0, "kudos": kudos or 0}
