"""The `/mentor forget-me` confirmation modal."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.views import View

from bot.composer import Composer
from bot.ids import CallbackId


def forget_modal(composer: Composer, *, in_pair: bool) -> dict[str, Any]:
    """What will be deleted, that it cannot be undone, and a "Delete my data" button."""
    words = composer.data("privacy/words.toml")
    text = composer.render("privacy/forget_intro.j2", in_pair=in_pair)
    return View(
        type="modal",
        callback_id=CallbackId.FORGET_ME,
        title=words["title"],
        submit=words["submit"],
        close=words["close"],
        blocks=[SectionBlock(text=text)],
    ).to_dict()
