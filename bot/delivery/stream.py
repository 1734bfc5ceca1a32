"""Sending while a fan-out is still being planned.

A fan-out of thousands of prompts falling due at one instant is planned in batches; if the
outbox waited for the last batch, everyone would wait for the whole of the planning. So,
while the planners run, a pass's outbox already sends the kinds a planner names as safe
(nothing later in the pass cancels them); once every planner is done it sends everything
due, as a pass always does.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence


class Stream:
    def __init__(self, kinds: Sequence[str]) -> None:
        self._kinds = tuple(kinds)
        self._planning = True
        self._changed = threading.Condition()

    def kinds(self) -> tuple[str, ...] | None:
        """The kinds the outbox may claim now; None for every kind."""
        with self._changed:
            return self._kinds if self._planning else None

    def wait(self, seconds: float) -> None:
        """Give the planners a moment to plan more, unless they are done."""
        with self._changed:
            if self._planning:
                self._changed.wait(seconds)

    def planned(self) -> None:
        """Every planner of the pass is done."""
        with self._changed:
            self._planning = False
            self._changed.notify_all()
