"""What a modal submission answers: errors on fields, a new view, or close; and what follows.

A view_submission listener must answer Slack within three seconds, so slow work (posting to
channels, asking Slack about people) goes in `then`, which the listener runs after the ack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Submission:
    errors: dict[str, str] | None = None  # block_id -> message shown under the field
    view: dict[str, Any] | None = None  # replaces the modal (response_action "update")
    then: Callable[[], None] | None = None

    def ack_args(self) -> dict[str, Any]:
        """Keyword arguments for Bolt's ack(): errors, update, or nothing (close the modal)."""
        if self.errors:
            return {"response_action": "errors", "errors": dict(self.errors)}
        if self.view is not None:
            return {"response_action": "update", "view": self.view}
        return {}
