"""Parsing the text of a `/mentor` command (sent with should_escape: true)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class ParsedCommand:
    name: str  # lower-cased subcommand, "" when the text was empty
    args: tuple[str, ...]


def parse(text: str) -> ParsedCommand:
    words = text.split()
    if not words:
        return ParsedCommand(name="", args=())
    return ParsedCommand(name=words[0].lower(), args=tuple(words[1:]))


def user_id(token: str) -> str | None:
    """The user ID in an escaped mention such as <@U123|ana>, or None."""
    match = _USER.match(token)
    return match.group(1) if match else None


def channel_id(token: str) -> str | None:
    """The channel ID in an escaped channel link such as <#C123|general>, or None."""
    match = _CHANNEL.match(token)
    return match.group(1) if match else None
