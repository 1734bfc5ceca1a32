"""Was this message already posted? Looked up in Slack before an uncertain row is resent.

A row is uncertain when its first send may have reached Slack without us hearing back (the
worker died mid-send, or the request timed out). Every scheduled message carries its
outbox key in its metadata, so the conversation's recent history answers the question.
This costs a conversations.history call (and conversations.open for a DM whose channel we
never learnt), both heavily rate-limited, which is why only uncertain rows are looked up.
"""

from __future__ import annotations

from typing import Any

from bot.context import Tandem
from bot.delivery.recipients import is_person, known_dm, remember_dm
from bot.models import Delivery
from bot.slack.gateway import Posted

# Slack caps history pages at 15 messages for apps outside the Marketplace; the message we
# look for was posted moments before the crash, so it is among the newest.
HISTORY_LIMIT = 100


def conversation_of(tandem: Tandem, delivery: Delivery) -> str:
    """The channel ID to search: the row's channel, the member's DM, or a DM opened now."""
    if delivery.channel_id:
        return delivery.channel_id
    if not is_person(delivery.recipient):
        return delivery.recipient
    with tandem.sessions() as session:
        dm = known_dm(session, delivery.team_id, delivery.recipient)
    if dm:
        return dm
    dm = tandem.slack_for(delivery.team_id).open_dm(delivery.recipient)
    with tandem.sessions.begin() as session:
        remember_dm(session, delivery.team_id, delivery.recipient, dm)
    return dm


def _carries(message: dict[str, Any], key: str) -> bool:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return metadata.get("event_type") == "tandem_delivery" and payload.get("key") == key


def find_in_history(tandem: Tandem, delivery: Delivery) -> Posted | None:
    """The message carrying this delivery's key, if the conversation has it."""
    channel = conversation_of(tandem, delivery)
    for message in tandem.slack_for(delivery.team_id).history(channel, limit=HISTORY_LIMIT):
        if _carries(message, delivery.key):
            return Posted(channel=channel, ts=str(message["ts"]))
    return None
