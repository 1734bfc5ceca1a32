"""What the listeners listen to, read by registering them on a recorder instead of Bolt:
the manifest test and `tandem prompts check` ask it which events, commands, action_ids,
callback_ids and shortcuts have a listener."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Decorator = Callable[[Any], Any]


def _keep(listener: Any) -> Any:
    return listener


@dataclass
class Listened:
    events: set[str] = field(default_factory=set)
    commands: set[str] = field(default_factory=set)
    actions: list[str | re.Pattern[str]] = field(default_factory=list)
    views: set[str] = field(default_factory=set)
    shortcuts: set[str] = field(default_factory=set)

    def event(self, name: str) -> Decorator:
        self.events.add(name)
        return _keep

    def command(self, name: str) -> Decorator:
        self.commands.add(name)
        return _keep

    def action(self, constraints: str | re.Pattern[str]) -> Decorator:
        self.actions.append(constraints)
        return _keep

    def view(self, callback_id: str) -> Decorator:
        self.views.add(str(callback_id))
        return _keep

    def view_closed(self, callback_id: str) -> Decorator:
        return _keep

    def shortcut(self, callback_id: str) -> Decorator:
        self.shortcuts.add(str(callback_id))
        return _keep

    def handles_action(self, action_id: str) -> bool:
        return any(
            a.fullmatch(action_id) if isinstance(a, re.Pattern) else str(a) == action_id
            for a in self.actions
        )


def listened() -> Listened:
    """Register every listener on a recorder and return what they listen to."""
    from bot.listeners import register_listeners

    recorder = Listened()
    register_listeners(recorder)  # type: ignore[arg-type]
    return recorder
