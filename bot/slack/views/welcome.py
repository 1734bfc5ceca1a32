"""The welcome posted in a new pair channel, with its one button."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, DividerBlock, SectionBlock

from bot.composer import Composer
from bot.ids import ActionId
from bot.slack.wire import id_value


def agreement_button(composer: Composer, pair_id: int, label: str | None = None) -> ButtonElement:
    """ "Set up our agreement": the same button in the welcome, reminders and the Home tab."""
    return ButtonElement(
        text=label or composer.data("welcome/words.toml")["agreement_button"],
        action_id=ActionId.AGREEMENT_OPEN,
        value=id_value(pair_id),
        style="primary",
    )


def welcome_message(
    composer: Composer, *, pair_id: int, mentor: str, mentee: str
) -> tuple[str, list[dict[str, Any]]]:
    """(fallback text, blocks) introducing the pair, Tandem, privacy and the agreement."""

    def section(name: str) -> SectionBlock:
        text = composer.render("welcome/welcome.j2", section=name, mentor=mentor, mentee=mentee)
        return SectionBlock(text=text)

    blocks = [
        section("intro"),
        section("does"),
        section("private"),
        DividerBlock(),
        section("agreement"),
        ActionsBlock(elements=[agreement_button(composer, pair_id)]),
    ]
    fallback = composer.render(
        "welcome/welcome.j2", section="fallback", mentor=mentor, mentee=mentee
    )
    return fallback, [block.to_dict() for block in blocks]


def agreement_reminder_blocks(composer: Composer, text: str, pair_id: int) -> list[dict[str, Any]]:
    """The reminder of a missing agreement part: its text and the agreement button."""
    blocks = [
        SectionBlock(text=text),
        ActionsBlock(elements=[agreement_button(composer, pair_id)]),
    ]
    return [block.to_dict() for block in blocks]
