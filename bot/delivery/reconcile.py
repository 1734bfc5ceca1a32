"""Was this message already posted? Looked up in Slack before an uncertain row is resent.

A row is uncertain when its first send may have reached Slack without us hearing back (the
worker died mid-send, or the request timed out). Every scheduled message carries its
outbox key in its metadata, so the conversation's recent history answers the question.
This costs a conversations.history call (and conversations.open for a DM whose channel we
never learnt), both heavily rate-limited, which is why only uncertain rows are looked up.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.context import Tandem
from bot.delivery.recipients import is_person, known_dm, remember_dm
from bot.models import Delivery
from bot.slack.gateway import Posted

# Since 2025 Slack limits conversations.history for commercially distributed apps outside
# the Marketplace to 1 request a minute and 15 messages a page
# (https://api.slack.com/changelog/2025-05-terms-rate-limit-update-and-faq); Tier 3 apps may
# ask for more, but 15 is enough: with `oldest` just before the row was first claimed,
# only messages posted since then come back, and the one we look for is among them.
HISTORY_LIMIT = 15
# Our clock and Slack's may differ a little; look this far before the claim.
CLOCK_MARGIN = timedelta(minutes=2)


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
    oldest = None
    if delivery.claimed_at is not None:
        oldest = f"{(delivery.claimed_at - CLOCK_MARGIN).timestamp():.6f}"
    slack = tandem.slack_for(delivery.team_id)
    for message in slack.history(channel, oldest=oldest, limit=HISTORY_LIMIT):
        if _carries(message, delivery.key):
            return Posted(channel=channel, ts=str(message["ts"]))
    return None
