"""Who is asking: the person of a request, with their member row if Tandem stored one."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.personal import Person
from bot.services.people.members import known_member


def person_of(session: Session, team_id: str, user_id: str) -> Person:
    member = known_member(session, team_id, user_id)
    return Person(team_id, user_id, member.id if member is not None else None)
