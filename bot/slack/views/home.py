"""The Home tab view."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.views import View


def home_view(help_text: str) -> dict[str, Any]:
    return View(type="home", blocks=[SectionBlock(text=help_text)]).to_dict()
