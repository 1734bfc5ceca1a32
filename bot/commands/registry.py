"""`/mentor` subcommands: what a handler is given, and the table the wiring builds of them.

A handler gets the Tandem context and a CommandRequest (plain values) and returns a Result
(bot/results.py). Features list their subcommands in bot/features.py; usage lines and
summaries live in prompts/commands.toml, whose order is the order of `/mentor help`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain.authorization import Audience, Standing, may_use
from bot.results import Result

if TYPE_CHECKING:
    from bot.context import Tandem


@dataclass(frozen=True)
class CommandRequest:
    team_id: str
    user_id: str
    channel_id: str
    name: str
    args: tuple[str, ...]
    trigger_id: str
    now: datetime


Handler = Callable[["Tandem", CommandRequest], Result]


@dataclass(frozen=True)
class Subcommand:
    name: str
    handler: Handler
    audience: Audience = Audience.MEMBERS


class CommandTable:
    """The subcommands of every feature, by name."""

    def __init__(self, subcommands: Iterable[Subcommand]) -> None:
        self._by_name: dict[str, Subcommand] = {}
        for command in subcommands:
            if command.name in self._by_name:
                raise ValueError(f"/mentor {command.name} is listed twice")
            self._by_name[command.name] = command

    def find(self, name: str) -> Subcommand | None:
        return self._by_name.get(name)

    def available(self, standing: Standing) -> list[Subcommand]:
        """The subcommands a person of this standing may use."""
        return [s for s in self._by_name.values() if may_use(s.audience, standing)]

    def names(self) -> list[str]:
        return list(self._by_name)
