"""How each kind of delivery is sent, and what happens after it was.

The default sender posts `payload["text"]` / `payload["blocks"]` to the recipient with the
delivery metadata. Features register their kinds here (for example `checkin`), optionally
with a custom sender (channel set-up is a delivery too) and an `after_sent` hook that
records the Slack ts on their own rows in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.models import Delivery
from bot.slack.gateway import Posted, delivery_metadata

Sender = Callable[[Tandem, Delivery], Posted | None]
AfterSent = Callable[[Session, Delivery, Posted | None], None]


def post_payload(tandem: Tandem, delivery: Delivery) -> Posted:
    payload = delivery.payload
    return tandem.slack.post_message(
        delivery.recipient,
        payload["text"],
        blocks=payload.get("blocks"),
        metadata=delivery_metadata(delivery.kind, delivery.key),
    )


@dataclass(frozen=True)
class DeliveryKind:
    send: Sender = post_payload
    after_sent: AfterSent | None = None


_KINDS: dict[str, DeliveryKind] = {}


def register_kind(
    name: str, *, send: Sender = post_payload, after_sent: AfterSent | None = None
) -> None:
    _KINDS[name] = DeliveryKind(send=send, after_sent=after_sent)


def kind_of(name: str) -> DeliveryKind:
    return _KINDS.get(name, DeliveryKind())
