"""The readiness round's DM with its button, its ratings modal, and a modal that only says
something (after a submission)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    InputBlock,
    Option,
    SectionBlock,
    StaticSelectElement,
)

from bot.composer import Composer
from bot.domain.succession import HIGHEST, LOWEST
from bot.ids import ActionId, CallbackId
from bot.slack.views.succession import WORDS, modal
from bot.slack.wire import id_value, readiness_block


def _words(composer: Composer) -> dict[str, Any]:
    return composer.data(WORDS)


def readiness_message(
    composer: Composer, *, round_id: int, number: int, role: str, viewer: str, mentee: str
) -> tuple[str, list[dict[str, Any]]]:
    """The monthly DM with the button that opens the ratings."""
    text = composer.render(
        "succession/readiness_dm.j2", number=number, role=role, viewer=viewer, mentee=mentee
    )
    button = ButtonElement(
        text=_words(composer)["labels"]["readiness_button"],
        action_id=ActionId.READINESS_OPEN,
        value=id_value(round_id),
        style="primary",
    )
    blocks = [SectionBlock(text=text), ActionsBlock(elements=[button])]
    return text, [block.to_dict() for block in blocks]


def readiness_modal(
    composer: Composer,
    *,
    round_id: int,
    areas: Sequence[str],
    viewer: str,
    mentee: str,
    given: Mapping[str, int],
) -> dict[str, Any]:
    """One optional 1-5 select per area (what this person gave before, if anything)."""
    words = _words(composer)
    scores = [Option(value=str(n), label=f"{n}/5") for n in range(LOWEST, HIGHEST + 1)]
    blocks: list[Block] = [
        SectionBlock(
            text=composer.render("succession/readiness_intro.j2", viewer=viewer, mentee=mentee)
        )
    ]
    for index, area in enumerate(areas):
        before = given.get(area)
        blocks.append(
            InputBlock(
                block_id=readiness_block(index),
                label=area,
                element=StaticSelectElement(
                    action_id=readiness_block(index),
                    options=scores,
                    initial_option=scores[before - LOWEST] if before else None,
                    placeholder=words["placeholders"]["rating"],
                ),
                optional=True,
            )
        )
    return modal(composer, CallbackId.READINESS, "readiness", "rate", id_value(round_id), blocks)


def notice_modal(composer: Composer, title: str, text: str) -> dict[str, Any]:
    """A modal that only says something (after a submission)."""
    return modal(composer, CallbackId.READINESS, title, None, "", [SectionBlock(text=text)])
