"""The outbox's part of a person's data: the messages Tandem planned or sent to them.

The export lists them without their contents (a message about a partner's feedback is
the partner's words). Forgetting skips what is still planned for them and drops the
stored copies of what was sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain.states import DeliveryState
from bot.models import Delivery
from bot.personal import Person, PersonalData, row_values

LEFT = "not sent: they left the program"


def export(session: Session, person: Person) -> Mapping[str, Any]:
    rows = session.scalars(
        select(Delivery)
        .where(Delivery.team_id == person.team_id, Delivery.recipient == person.user_id)
        .order_by(Delivery.due_at, Delivery.id)
    )
    return {"messages": [row_values(r, "kind", "state", "due_at", "sent_at") for r in rows]}


def erase(session: Session, person: Person, now: datetime) -> None:
    theirs = Delivery.team_id == person.team_id, Delivery.recipient == person.user_id
    session.execute(
        update(Delivery)
        .where(*theirs, Delivery.state == DeliveryState.PLANNED)
        .values(state=DeliveryState.SKIPPED, error=LEFT, payload={})
    )
    done = (DeliveryState.SENT, DeliveryState.SKIPPED, DeliveryState.FAILED, DeliveryState.MISSED)
    session.execute(update(Delivery).where(*theirs, Delivery.state.in_(done)).values(payload={}))


PERSONAL = PersonalData(
    tables={"deliveries": "listed without contents; planned ones skipped, copies dropped"},
    export=export,
    erase=erase,
)
