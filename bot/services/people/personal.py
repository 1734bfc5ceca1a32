"""The people part of a person's data: their member row in this workspace.

Forgetting someone keeps the row (pairs, check-ins and feedback refer to it, and the
program's counts stay right) but erases what describes them: name, email, time zone, role,
their own pause and DM channel; `forgotten_at` keeps the daily refresh from filling them in
again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.models import Member
from bot.personal import Person, PersonalData, row_values

COLUMNS = ("user_id", "display_name", "email", "tz", "role", "paused_until", "created_at")


def export(session: Session, person: Person) -> Mapping[str, Any]:
    member = session.get(Member, person.member_id) if person.member_id is not None else None
    return {"member": row_values(member, *COLUMNS) if member is not None else None}


def erase(session: Session, person: Person, now: datetime) -> None:
    member = session.get(Member, person.member_id) if person.member_id is not None else None
    if member is None:
        return
    member.display_name = None
    member.email = None
    member.tz = "UTC"
    member.role = None
    member.paused_until = None
    member.dm_channel_id = None
    member.tz_refreshed_at = None
    member.forgotten_at = now


PERSONAL = PersonalData(
    tables={"members": "exported; name, email, time zone, role and pause erased"},
    export=export,
    erase=erase,
)
