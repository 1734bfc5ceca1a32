"""Planning and reading outbox rows in tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.context import Tandem
from bot.delivery.outbox import plan
from bot.models import Delivery
from bot.sandbox import FakeSlack

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


def plan_note(tandem: Tandem, key: str, recipient: str, due: datetime = NOW) -> bool:
    with tandem.sessions.begin() as session:
        return plan(
            session,
            key=key,
            team_id="T0001",
            kind="note",
            recipient=recipient,
            due_at=due,
            now=NOW,
            payload={"text": f"hello from {key}"},
        )


def row(tandem: Tandem, key: str) -> Delivery:
    with tandem.sessions() as session:
        return session.scalars(select(Delivery).where(Delivery.key == key)).one()


def posted_keys(fake: FakeSlack) -> list[str]:
    """The outbox key of every message in the fake, once per message."""
    keys = []
    for channel_id in list(fake.channels):
        for message in fake.messages_in(channel_id):
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if "key" in payload:
                keys.append(payload["key"])
    return keys


def add_people(fake: FakeSlack, count: int, prefix: str = "UPERSON") -> list[str]:
    users = [f"{prefix}{n:04d}" for n in range(count)]
    for user in users:
        fake.add_user(user, user.lower())
    return users
