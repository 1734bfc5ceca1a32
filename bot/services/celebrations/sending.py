"""Sending a celebration to the pair channel: the message, then the bot's emoji reaction.

Safe to repeat: a row whose first send may have reached Slack is looked up in the channel
by its key (find_celebration), and the reaction is added there too if it is missing; Slack's
`already_reacted` means it was added before.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.context import Tandem
from bot.delivery.kinds import post_payload
from bot.delivery.reconcile import find_in_history
from bot.models import Delivery
from bot.slack.gateway import Posted, SlackFailure

log = logging.getLogger(__name__)


def react(tandem: Tandem, delivery: Delivery, posted: Posted) -> None:
    """Add the milestone's emoji; a failed reaction never fails the celebration."""
    emoji = str(delivery.payload.get("emoji") or "")
    if not emoji:
        return
    try:
        tandem.slack_for(delivery.team_id).react(posted.channel, posted.ts, emoji)
    except SlackFailure as failure:
        if failure.error != "already_reacted":
            log.warning("could not react to %s with %s: %s", delivery.key, emoji, failure.error)


def send_celebration(tandem: Tandem, delivery: Delivery, now: datetime) -> Posted:
    posted = post_payload(tandem, delivery, now)
    react(tandem, delivery, posted)
    return posted


def find_celebration(tandem: Tandem, delivery: Delivery) -> Posted | None:
    found = find_in_history(tandem, delivery)
    if found is not None:
        react(tandem, delivery, found)
    return found
