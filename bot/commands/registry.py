"""The table of `/mentor` subcommands and the values passed to and from their handlers.

A handler gets the Tandem context and a CommandRequest (plain values) and returns what the
person should see: a Reply (an ephemeral message) or a Modal to open. Usage lines and
summaries live in prompts/commands.toml.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.context import Tandem


class Audience(StrEnum):
    EVERYONE = "everyone"
    OWNERS = "owners"


@dataclass(frozen=True)
class CommandRequest:
    team_id: str
    user_id: str
    channel_id: str
    name: str
    args: tuple[str, ...]
    trigger_id: str
    now: datetime


@dataclass(frozen=True)
class Reply:
    text: str
    blocks: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Modal:
    view: dict[str, Any]
    # Shown to the person if the modal could not be opened.
    fallback: Reply = field(default_factory=lambda: Reply(text="Sorry, I could not open that."))


Outcome = Reply | Modal
Handler = Callable[[Tandem, CommandRequest], Outcome]


@dataclass(frozen=True)
class Subcommand:
    name: str
    audience: Audience
    handler: Handler


_SUBCOMMANDS: dict[str, Subcommand] = {}


def subcommand(name: str, audience: Audience = Audience.EVERYONE) -> Callable[[Handler], Handler]:
    """Decorator: register a handler for `/mentor <name>`."""

    def decorate(handler: Handler) -> Handler:
        _SUBCOMMANDS[name] = Subcommand(name=name, audience=audience, handler=handler)
        return handler

    return decorate


def find(name: str) -> Subcommand | None:
    return _SUBCOMMANDS.get(name)


def available(is_owner: bool) -> list[Subcommand]:
    """The subcommands this person may use, in the order they were registered."""
    return [s for s in _SUBCOMMANDS.values() if is_owner or s.audience is Audience.EVERYONE]
