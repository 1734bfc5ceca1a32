"""Slack mrkdwn escaping: user text is always escaped before Slack shows it."""

from __future__ import annotations

from typing import Any


class Mrkdwn(str):
    """Text that is already valid mrkdwn (a mention, a link) and must not be escaped again."""

    __slots__ = ()


def escape(text: Any) -> str:
    """Escape &, < and > as Slack requires, so text cannot mention anyone or @channel."""
    if isinstance(text, Mrkdwn):
        return text
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """What a person typed, from the text of a Slack message event (which escapes &, < and >)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def user_mention(user_id: str) -> Mrkdwn:
    return Mrkdwn(f"<@{escape(user_id)}>")


def channel_link(channel_id: str) -> Mrkdwn:
    return Mrkdwn(f"<#{escape(channel_id)}>")
