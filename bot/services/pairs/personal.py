"""The pairs part of a person's data: the pairs they are in, with their partner's user ID.

Forgetting someone ends their live pairs through the owners' close path (`close_pair`):
ended, not paused, because a pause waits for an owner to resume a partnership whose member
has asked to leave the program. What the partner wrote stays theirs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.audit import audit
from bot.domain.states import LIVE, PairStatus
from bot.models import Pair
from bot.personal import Person, PersonalData, plain
from bot.services.pairs.admin import close_pair


def pairs_of(session: Session, person: Person, *, live: bool = False) -> Sequence[Pair]:
    """The pairs the person is (or was) in, oldest first; only active or paused if `live`."""
    if person.member_id is None:
        return []
    query = select(Pair).where(
        Pair.team_id == person.team_id,
        or_(Pair.mentor_id == person.member_id, Pair.mentee_id == person.member_id),
    )
    if live:
        query = query.where(Pair.status.in_(LIVE))
    return session.scalars(query.order_by(Pair.id)).all()


def export(session: Session, person: Person) -> Mapping[str, Any]:
    rows = []
    for pair in pairs_of(session, person):
        mentor = pair.mentor_id == person.member_id
        rows.append(
            {
                "pair_id": pair.id,
                "your_role": "mentor" if mentor else "mentee",
                "partner_user_id": (pair.mentee if mentor else pair.mentor).user_id,
                "status": plain(pair.status),
                "channel_id": pair.channel_id,
                "started_at": plain(pair.started_at),
                "ended_at": plain(pair.ended_at),
                "created_by": pair.created_by,
                "schedule": {
                    "cadence": pair.cadence,
                    "weekday": pair.cadence_weekday,
                    "time": pair.cadence_time,
                },
            }
        )
    return {"pairs": rows}


def erase(session: Session, person: Person, now: datetime) -> None:
    for pair in pairs_of(session, person, live=True):
        close_pair(session, pair, PairStatus.ENDED, now)
        audit(
            session,
            team_id=pair.team_id,
            actor_id=person.user_id,
            action="pair.left",
            at=now,
            summary="ended: a member left the program",
            pair_id=pair.id,
        )


PERSONAL = PersonalData(
    tables={"pairs": "exported; live pairs are ended"},
    export=export,
    erase=erase,
)
