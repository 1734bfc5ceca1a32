"""The workspaces part of a person's data: installations of Tandem they made.

Forgetting keeps them: the installation holds the workspace's bot token, which the whole
program needs; it goes when Tandem is uninstalled.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import installations_table
from bot.personal import Person, PersonalData, plain


def export(session: Session, person: Person) -> Mapping[str, Any]:
    table = installations_table
    rows = session.execute(
        select(table.c.team_id, table.c.installed_at)
        .where(table.c.team_id == person.team_id, table.c.user_id == person.user_id)
        .order_by(table.c.installed_at)
    )
    return {"installations": [{"team_id": t, "installed_at": plain(at)} for t, at in rows]}


def erase(session: Session, person: Person, now: datetime) -> None:
    """Nothing: see the module's docstring."""


PERSONAL = PersonalData(
    tables={"slack_installations": "installs they made exported; kept (the bot token)"},
    export=export,
    erase=erase,
)
