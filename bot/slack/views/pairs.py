"""The owner's list of pairs, a page at a time, with buttons to turn pages."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, SectionBlock

from bot.composer import Composer
from bot.domain.paging import Page
from bot.ids import ActionId
from bot.slack.wire import page_value


def pairs_page_blocks(composer: Composer, text: str, page: Page[Any]) -> list[dict[str, Any]]:
    words = composer.data("pairs/words.toml")
    buttons = []
    if page.has_previous:
        previous = page.number - 1
        buttons.append(_page_button(words["previous"], previous, ActionId.PAIRS_PAGE_PREVIOUS))
    if page.has_next:
        buttons.append(_page_button(words["next"], page.number + 1, ActionId.PAIRS_PAGE))
    blocks: list[Block] = [SectionBlock(text=text)]
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return [block.to_dict() for block in blocks]


def _page_button(label: str, number: int, action_id: ActionId) -> ButtonElement:
    return ButtonElement(text=label, action_id=action_id, value=page_value(number))
