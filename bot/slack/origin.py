"""Where a click happened: the message it came from and the response_url Slack gave with it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Origin:
    """The message a click came from, and the response_url Slack gave with the click."""

    channel_id: str
    message_ts: str
    response_url: str


def origin_of(body: Mapping[str, Any]) -> Origin | None:
    """Where a block_actions click happened, if in a message that can be replaced through
    its response_url (not an ephemeral one, not a view)."""
    container = body.get("container")
    url = body.get("response_url")
    if not isinstance(container, Mapping) or not isinstance(url, str) or not url:
        return None
    if container.get("type") != "message" or container.get("is_ephemeral"):
        return None
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if not isinstance(channel, str) or not isinstance(ts, str) or not channel or not ts:
        return None
    return Origin(channel, ts, url)
