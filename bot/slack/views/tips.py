"""A tip as a message: in the pair channel, shared by a member, as a mentor's private
coaching, or shown to one person by `/mentor tip` with a button to share it."""

from __future__ import annotations

from typing import Any, Literal

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.composer import Composer
from bot.domain.tips import Tip
from bot.ids import ActionId
from bot.slack.wire import TipShare, tip_share_value

WORDS = "tips/words.toml"
Where = Literal["channel", "shared", "coaching", "yours"]


def tip_message(
    composer: Composer,
    tip: Tip,
    theme: str,
    where: Where,
    *,
    by: str | None = None,
    share: TipShare | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """(fallback text, blocks) of one tip; `share` adds the button that shares it."""
    words = composer.data(WORDS)
    text = composer.render(
        "tips/tip.j2",
        where=where,
        by=by,
        title=tip.title,
        body=tip.body,
        exercise=tip.exercise,
    )
    line = {"coaching": "coaching_line", "yours": "yours_line"}.get(where, "theme_line")
    context = MarkdownTextObject(text=composer.render_text(words[line], theme=theme))
    blocks: list[Block] = [SectionBlock(text=text), ContextBlock(elements=[context])]
    if share is not None:
        button = ButtonElement(
            text=words["share_button"],
            action_id=ActionId.TIP_SHARE,
            value=tip_share_value(share),
        )
        blocks.append(ActionsBlock(elements=[button]))
    key = "coaching_fallback" if where == "coaching" else "fallback"
    fallback = composer.render_text(words[key], title=tip.title)
    return fallback, [block.to_dict() for block in blocks]
