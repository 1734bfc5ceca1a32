"""Who a delivery goes to: a person (a DM, by user ID) or a channel, and the DM's channel ID.

Slack opens the DM when we post to a user ID and answers with the DM's channel ID; we keep
it on the member, because looking a DM up later (after a crash) needs that ID, and
conversations.open costs a heavily rate-limited call.
"""

from __future__ import annotations

import re

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.models import Member

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


def is_person(recipient: str) -> bool:
    return bool(_USER_ID.match(recipient))


def known_dm(session: Session, team_id: str, user_id: str) -> str | None:
    return session.scalar(
        select(Member.dm_channel_id).where(Member.team_id == team_id, Member.user_id == user_id)
    )


def remember_dm(session: Session, team_id: str, user_id: str, channel_id: str) -> None:
    """Store the DM channel ID on the member (if Tandem knows the member)."""
    if not channel_id.startswith("D"):
        return
    session.execute(
        update(Member)
        .where(Member.team_id == team_id, Member.user_id == user_id)
        .where(or_(Member.dm_channel_id.is_(None), Member.dm_channel_id != channel_id))
        .values(dm_channel_id=channel_id)
    )
