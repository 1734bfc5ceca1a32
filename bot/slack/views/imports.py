"""The `/mentor import` modal and the views it turns into: checking, the report, started."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, InputBlock, PlainTextInputElement, SectionBlock
from slack_sdk.models.views import View

from bot.composer import Composer
from bot.ids import BlockId, CallbackId
from bot.slack.wire import import_metadata

CSV_LENGTH = 3000  # the most a plain-text input takes
SHOWN_PROBLEMS = 40
SECTION_LENGTH = 2900  # a section's text holds 3,000 characters


def _words(composer: Composer) -> dict[str, Any]:
    return composer.data("imports/words.toml")


def import_modal(composer: Composer) -> dict[str, Any]:
    words = _words(composer)
    field = PlainTextInputElement(
        action_id=BlockId.IMPORT_CSV,
        multiline=True,
        max_length=CSV_LENGTH,
        placeholder=words["placeholder"],
    )
    return View(
        type="modal",
        callback_id=CallbackId.IMPORT_CSV,
        title=words["title"],
        submit=words["check"],
        close=words["close"],
        blocks=[
            SectionBlock(text=words["intro"]),
            InputBlock(
                block_id=BlockId.IMPORT_CSV,
                label=words["label"],
                element=field,
                hint=words["hint"],
            ),
        ],
    ).to_dict()


def message_view(composer: Composer, text: str) -> dict[str, Any]:
    """A modal that only says something (checking, started, failed), with a Done button."""
    words = _words(composer)
    return View(
        type="modal", title=words["title"], close=words["done"], blocks=[SectionBlock(text=text)]
    ).to_dict()


def _sections(lines: list[str]) -> list[Block]:
    """Problem lines packed into as few sections as fit."""
    blocks: list[Block] = []
    chunk = ""
    for line in lines:
        if chunk and len(chunk) + len(line) + 1 > SECTION_LENGTH:
            blocks.append(SectionBlock(text=chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        blocks.append(SectionBlock(text=chunk))
    return blocks


def report_view(
    composer: Composer, *, import_id: int, total: int, valid: int, problems: list[str]
) -> dict[str, Any]:
    """Problems row by row; a submit button to add the valid rows if there are any."""
    words = _words(composer)
    summary = composer.render(
        "imports/report.j2",
        section="summary",
        total=total,
        valid=valid,
        bad=len(problems),
        submit=words["add_valid"],
    )
    shown = problems[:SHOWN_PROBLEMS]
    blocks: list[Block] = [SectionBlock(text=summary), *_sections(shown)]
    if len(problems) > len(shown):
        more = composer.render(
            "imports/report.j2", section="more", count=len(problems) - len(shown)
        )
        blocks.append(SectionBlock(text=more))
    if not valid:
        return View(
            type="modal", title=words["title"], close=words["done"], blocks=blocks
        ).to_dict()
    return View(
        type="modal",
        callback_id=CallbackId.IMPORT_CONFIRM,
        title=words["title"],
        submit=words["add_valid"],
        close=words["close"],
        blocks=blocks,
        private_metadata=import_metadata(import_id),
    ).to_dict()
