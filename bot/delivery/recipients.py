"""Who a delivery goes to: a person (a DM, by user ID) or a channel, and the DM's channel ID.

Slack opens the DM when we post to a user ID and answers with the DM's channel ID; we keep
it on the member, because looking a DM up later (after a crash) needs that ID, and
conversations.open costs a heavily rate-limited call.
"""

from __future__ import annotations

import re
from typing import cast

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.orm import Session

from bot.models import Delivery, Member

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


def is_person(recipient: str) -> bool:
    return bool(_USER_ID.match(recipient))


def known_dm(session: Session, team_id: str, user_id: str) -> str | None:
    return session.scalar(
        select(Member.dm_channel_id).where(Member.team_id == team_id, Member.user_id == user_id)
    )


_member_table = cast(Table, Member.__table__)
_members = _member_table.c
_REMEMBER_DM = (
    update(_member_table)
    .where(_members.team_id == bindparam("team"), _members.user_id == bindparam("user"))
    .where(or_(_members.dm_channel_id.is_(None), _members.dm_channel_id != bindparam("dm")))
    .values(dm_channel_id=bindparam("dm"))
)


def remember_dm(session: Session, team_id: str, user_id: str, channel_id: str) -> None:
    """Store the DM channel ID on the member (if Tandem knows the member)."""
    remember_dms(session, [(team_id, user_id, channel_id)])


def remember_dms(session: Session, dms: list[tuple[str, str, str]]) -> None:
    """remember_dm for many (team, user, channel) at once, in one executemany."""
    params = [
        {"team": team, "user": user, "dm": channel}
        for team, user, channel in dms
        if channel.startswith("D")
    ]
    if params:
        session.execute(_REMEMBER_DM, params)


def departed(session: Session, rows: list[Delivery]) -> set[tuple[str, str]]:
    """(team, user) of the rows' recipients known to have left the workspace. Slack takes
    posts to a deactivated member's DM (python-slack-sdk#1156), so the outbox must not."""
    people = {(row.team_id, row.recipient) for row in rows if is_person(row.recipient)}
    if not people:
        return set()
    found = session.execute(
        select(Member.team_id, Member.user_id).where(
            Member.user_id.in_(sorted({user for _, user in people})), Member.deleted.is_(True)
        )
    )
    return {(team, user) for team, user in found} & people
