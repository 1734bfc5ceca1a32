"""Modal submissions: one listener per CallbackId."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Register every view_submission listener (one per CallbackId)."""
