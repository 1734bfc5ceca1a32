"""How each kind of delivery is sent, and what happens after it was.

The default sender posts `payload["text"]` / `payload["blocks"]` to the recipient with the
delivery metadata. Features name their kinds in bot/features.py (for example `checkin`),
optionally with a custom sender (channel set-up is a delivery too) and an `after_sent`
hook that records the Slack ts on their own rows in the same transaction that marks the
row sent. The outbox knows nothing else of features: when Slack shows that a recipient has
left, it calls the one `recipient_gone` hook the wiring gives it.

Senders are handed a Tandem whose `slack` is the outbox's paced gateway
(bot/delivery/transport.py). A sender may run again after a crash, a timeout or a 429 in
the middle of it, so a custom sender must be safe to repeat. Before a default-sent row whose
first send may have reached Slack is sent again, the conversation is searched for a
message carrying its key (`find_sent`); a custom sender can pass its own `find_sent`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.delivery.pacing import HISTORY
from bot.models import Delivery
from bot.slack.gateway import Posted, delivery_metadata

if TYPE_CHECKING:
    from bot.context import Tandem

Sender = Callable[["Tandem", Delivery, datetime], Posted | None]  # now: the pass's instant
AfterSent = Callable[[Session, Delivery, Posted | None], None]
# The same for many rows of one kind at once, in the order they were sent.
AfterSentMany = Callable[[Session, list[tuple[Delivery, Posted | None]]], None]
FindSent = Callable[["Tandem", Delivery], Posted | None]


@dataclass(frozen=True)
class Departure:
    """Slack showed that `user_id` is no longer in the workspace."""

    team_id: str
    user_id: str
    reason: str  # readable: what Slack answered
    now: datetime


# Called in the transaction that records the failed row; returns how many pairs it paused.
RecipientGone = Callable[[Session, "Tandem", Departure], int]


def post_payload(tandem: Tandem, delivery: Delivery, now: datetime) -> Posted:
    payload = delivery.payload
    return tandem.slack_for(delivery.team_id).post_message(
        delivery.recipient,
        payload["text"],
        blocks=payload.get("blocks"),
        metadata=delivery_metadata(delivery.kind, delivery.key),
    )


@dataclass(frozen=True)
class DeliveryKind:
    send: Sender = post_payload
    after_sent: AfterSent | None = None
    # What after_sent does, for a batch of rows in a few statements rather than a few per
    # row; the recorder uses it when it marks many rows sent at once.
    after_sent_many: AfterSentMany | None = None
    find_sent: FindSent | None = None
    # Time-bound messages (a prompt, a reminder) are recorded as missed once they are more
    # than 12 hours late; work that is still worth doing late (a channel set-up, a notice
    # to an owner) is sent whenever the scheduler runs again.
    expires: bool = True
    # Slow background work (Tier 2 calls, hours of it after a large import): claimed only
    # when nothing else is due, a few at a time, so it never holds up prompts.
    bulk: bool = False
    # The rate-limited method the sender starts with: the work queue waits for its pace
    # instead of a sending thread blocking on it.
    paced_method: str | None = None
    # A custom sender whose one chat.postMessage goes to the recipient (then maybe other
    # calls): paced, and kept in order, with the recipient's other messages.
    posts_once: bool = False

    @property
    def lookup_method(self) -> str | None:
        """The rate-limited method a look-up before a resend starts with: conversations.history
        for the default look-up (reconcile.find_in_history); unknown for a custom one."""
        return HISTORY if self.find_sent is None and self.posts_to_recipient else None

    @property
    def posts_to_recipient(self) -> bool:
        """True for the default sender and for a custom one that `posts_once`: one
        chat.postMessage to the recipient."""
        return self.send is post_payload or self.posts_once


PLAIN = DeliveryKind()


@dataclass(frozen=True)
class DeliveryKinds:
    """Every kind the outbox may meet, and whom to tell when a recipient has gone."""

    kinds: Mapping[str, DeliveryKind] = field(default_factory=dict)
    recipient_gone: RecipientGone | None = None

    def of(self, name: str) -> DeliveryKind:
        """The kind's sender and hooks; a kind nobody named is posted as it is."""
        return self.kinds.get(name, PLAIN)

    def lasting(self) -> list[str]:
        """Kinds that never expire."""
        return sorted(name for name, kind in self.kinds.items() if not kind.expires)

    def bulk(self) -> list[str]:
        return sorted(name for name, kind in self.kinds.items() if kind.bulk)
