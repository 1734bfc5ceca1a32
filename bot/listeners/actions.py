"""Block actions: buttons and selects in messages, the Home tab and modals."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Register every block_actions listener (one per ActionId)."""
