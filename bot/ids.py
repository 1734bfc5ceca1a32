"""Every action_id, callback_id and block_id Tandem uses, in one place.

Block builders and listeners both use these, so a test can prove every button has a handler.
Add new IDs to the enum of their kind; values are stable strings Slack echoes back.
"""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    """action_id of interactive elements (buttons, selects)."""


class CallbackId(StrEnum):
    """callback_id of modals."""


class BlockId(StrEnum):
    """block_id of input blocks whose values a view submission reads."""
