"""The celebrations part of a person's data: kudos they gave or got, their pairs' milestones
and whether they opted out of shoutouts.

Forgetting someone empties the texts of the kudos they gave and withdraws the shoutouts of
their pairs that have not gone out yet, so they are not named in the program's channel
afterwards. Their opt-out is kept: it only ever stops them being named.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased

from bot.domain.states import ShoutoutState
from bot.models import Kudos, Member, Milestone, ShoutoutOptOut
from bot.personal import Person, PersonalData, pair_ids, plain, row_values


def export(session: Session, person: Person) -> Mapping[str, Any]:
    optout = session.scalar(
        select(ShoutoutOptOut).where(
            ShoutoutOptOut.team_id == person.team_id, ShoutoutOptOut.user_id == person.user_id
        )
    )
    shoutouts = {"opted_out": optout is not None, "since": plain(optout and optout.created_at)}
    if person.member_id is None:
        return {"kudos": [], "milestones": [], "shoutouts": shoutouts}
    giver, recipient = aliased(Member), aliased(Member)
    kudos = session.execute(
        select(Kudos, giver.user_id, recipient.user_id)
        .join(giver, giver.id == Kudos.giver_id)
        .join(recipient, recipient.id == Kudos.recipient_id)
        .where(Kudos.team_id == person.team_id)
        .where((Kudos.giver_id == person.member_id) | (Kudos.recipient_id == person.member_id))
        .order_by(Kudos.id)
    )
    milestones = session.scalars(
        select(Milestone)
        .where(Milestone.pair_id.in_(pair_ids(person)))
        .order_by(Milestone.achieved_at, Milestone.id)
    )
    return {
        "kudos": [
            row_values(k, "pair_id", "text", "created_at") | {"from": frm, "to": to}
            for k, frm, to in kudos
        ],
        "milestones": [
            row_values(m, "pair_id", "kind", "title", "created_by", "achieved_at")
            for m in milestones
        ],
        "shoutouts": shoutouts,
    }


def erase(session: Session, person: Person, now: datetime) -> None:
    if person.member_id is None:
        return
    mine = (Kudos.team_id == person.team_id,)
    session.execute(update(Kudos).where(*mine, Kudos.giver_id == person.member_id).values(text=""))
    involved = (Kudos.giver_id == person.member_id) | (Kudos.recipient_id == person.member_id)
    session.execute(
        update(Kudos)
        .where(*mine, involved, Kudos.shoutout_state == ShoutoutState.PENDING)
        .values(shoutout_state=ShoutoutState.SKIPPED)
    )
    session.execute(
        update(Milestone)
        .where(Milestone.pair_id.in_(pair_ids(person)))
        .where(Milestone.shoutout_state == ShoutoutState.PENDING)
        .values(shoutout_state=ShoutoutState.SKIPPED)
        .execution_options(synchronize_session=False)
    )


PERSONAL = PersonalData(
    tables={
        "kudos": "exported; texts they gave emptied, pending shoutouts withdrawn",
        "milestones": "exported; pending shoutouts withdrawn",
        "shoutout_optouts": "exported; kept (it only stops them being named)",
    },
    export=export,
    erase=erase,
)
