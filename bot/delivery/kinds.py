"""How each kind of delivery is sent, and what happens after it was.

The default sender posts `payload["text"]` / `payload["blocks"]` to the recipient with the
delivery metadata. Features register their kinds here (for example `checkin`), optionally
with a custom sender (channel set-up is a delivery too) and an `after_sent` hook that
records the Slack ts on their own rows in the same transaction that marks the row sent.

Senders are handed a Tandem whose `slack` is the outbox's paced gateway
(bot/delivery/transport.py). A sender may run again after a crash, a timeout or a 429 in
the middle of it, so a custom sender must be safe to repeat. Before a default-sent row whose
first send may have reached Slack is sent again, the conversation is searched for a
message carrying its key (`find_sent`); a custom sender can pass its own `find_sent`.
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
FindSent = Callable[[Tandem, Delivery], Posted | None]


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
    find_sent: FindSent | None = None

    @property
    def posts_to_recipient(self) -> bool:
        """True for the default sender: one chat.postMessage to the recipient."""
        return self.send is post_payload


_KINDS: dict[str, DeliveryKind] = {}


def register_kind(
    name: str,
    *,
    send: Sender = post_payload,
    after_sent: AfterSent | None = None,
    find_sent: FindSent | None = None,
) -> None:
    _KINDS[name] = DeliveryKind(send=send, after_sent=after_sent, find_sent=find_sent)


def kind_of(name: str) -> DeliveryKind:
    return _KINDS.get(name, DeliveryKind())
