"""The program part of a person's data: whether they are a stored program owner, the
actions the audit log records them taking, and settings they last saved.

Forgetting keeps all of it: the audit log is the program's account of who did what, and an
owner stops being one with `/mentor owners remove`, not by erasing their data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import AuditEntry, Owner, ProgramSettings
from bot.personal import Person, PersonalData, plain, row_values


def export(session: Session, person: Person) -> Mapping[str, Any]:
    owner = session.scalar(
        select(Owner).where(Owner.team_id == person.team_id, Owner.user_id == person.user_id)
    )
    actions = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.team_id == person.team_id, AuditEntry.actor_id == person.user_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    settings = session.get(ProgramSettings, person.team_id)
    saved = settings.updated_at if settings and settings.updated_by == person.user_id else None
    return {
        "owner": row_values(owner, "added_by", "added_at") if owner is not None else None,
        "actions": [row_values(a, "action", "summary", "at") for a in actions],
        "settings_last_saved_by_you_at": plain(saved),
    }


def erase(session: Session, person: Person, now: datetime) -> None:
    """Nothing: see the module's docstring."""


PERSONAL = PersonalData(
    tables={
        "owners": "exported; kept",
        "audit_log": "their actions exported; kept",
        "program_settings": "who saved them last exported; kept",
    },
    export=export,
    erase=erase,
)
