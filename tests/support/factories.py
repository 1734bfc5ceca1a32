"""Rows for tests that need members and pairs without going through Slack."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Member, Pair


def member(
    session: Session, user_id: str, *, team_id: str = "T0001", tz: str = "UTC", now: datetime
) -> Member:
    row = Member(
        team_id=team_id, user_id=user_id, display_name=user_id.lower(), tz=tz, created_at=now
    )
    session.add(row)
    session.flush()
    return row


def known(session: Session, user_id: str, *, team_id: str = "T0001") -> Member | None:
    return session.scalar(
        select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
    )


def pair(
    session: Session,
    mentor: Member,
    mentee: Member,
    *,
    now: datetime,
    channel_id: str | None = None,
    status: str = "active",
) -> Pair:
    row = Pair(
        team_id=mentor.team_id,
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        channel_id=channel_id,
        status=status,
        started_at=now,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row
