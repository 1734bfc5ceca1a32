"""Succession: the role-and-areas fields (in the agreement and `/mentor role`), the program's
area list and the handover modal. The readiness round's views are in readiness.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.composer import Composer
from bot.domain.succession import AREA_LENGTH, HOWS, ROLE_LENGTH, SHARED_LENGTH
from bot.ids import BlockId, CallbackId
from bot.slack.wire import handover_metadata, pair_metadata

WORDS = "succession/words.toml"


def _words(composer: Composer) -> dict[str, Any]:
    return composer.data(WORDS)


def modal(
    composer: Composer,
    callback: CallbackId,
    title: str,
    submit: str | None,
    metadata: str,
    blocks: list[Block],
) -> dict[str, Any]:
    words = _words(composer)["titles"]
    return View(
        type="modal",
        callback_id=callback,
        title=words[title],
        submit=words[submit] if submit else None,
        close=words["close"] if submit else words["done"],
        private_metadata=metadata,
        blocks=blocks,
    ).to_dict()


def _text(
    block: BlockId,
    label: str,
    *,
    initial: str = "",
    optional: bool,
    multiline: bool = False,
    max_length: int,
    placeholder: str | None = None,
) -> InputBlock:
    element = PlainTextInputElement(
        action_id=block,
        initial_value=initial or None,
        multiline=multiline,
        max_length=max_length,
        placeholder=placeholder,
    )
    return InputBlock(block_id=block, label=label, element=element, optional=optional)


def profile_blocks(
    composer: Composer, *, role: str, areas: Sequence[str], offered: Sequence[str], required: bool
) -> list[Block]:
    """The target role, the areas chosen from those offered (the program's list and the
    pair's own), and other areas written one a line. With no areas yet, the program's list
    is preselected."""
    words = _words(composer)
    options = [Option(value=a, label=a) for a in offered]
    chosen = [o for o in options if o.value in (areas or offered)]
    return [
        _text(
            BlockId.TARGET_ROLE,
            words["labels"]["target_role"],
            initial=role,
            optional=not required,
            max_length=ROLE_LENGTH,
            placeholder=words["placeholders"]["target_role"],
        ),
        InputBlock(
            block_id=BlockId.AREAS,
            label=words["labels"]["areas"],
            element=StaticMultiSelectElement(
                action_id=BlockId.AREAS, options=options, initial_options=chosen or None
            ),
            optional=True,
        ),
        _text(
            BlockId.OTHER_AREAS,
            words["labels"]["other_areas"],
            optional=True,
            multiline=True,
            max_length=(AREA_LENGTH + 1) * 10,
            placeholder=words["placeholders"]["other_areas"],
        ),
    ]


@dataclass(frozen=True)
class ProfileFields:
    """What the role-and-areas fields show: the pair's role and areas, the areas offered."""

    role: str
    areas: list[str]
    offered: list[str]


def agreement_profile_blocks(composer: Composer, fields: ProfileFields) -> list[Block]:
    """The mentee's part of the agreement: where the mentorship is heading (optional)."""
    intro = SectionBlock(text=composer.render("succession/agreement_intro.j2"))
    return [
        intro,
        *profile_blocks(
            composer, role=fields.role, areas=fields.areas, offered=fields.offered, required=False
        ),
    ]


def role_modal(
    composer: Composer,
    *,
    pair_id: int,
    mentor: str,
    mentee: str,
    role: str,
    areas: Sequence[str],
    offered: Sequence[str],
) -> dict[str, Any]:
    intro = composer.render("succession/role_intro.j2", mentor=mentor, mentee=mentee)
    blocks: list[Block] = [SectionBlock(text=intro)]
    blocks += profile_blocks(composer, role=role, areas=areas, offered=offered, required=True)
    return modal(
        composer, CallbackId.SUCCESSION_ROLE, "role", "save", pair_metadata(pair_id), blocks
    )


def areas_modal(composer: Composer, areas: Sequence[str]) -> dict[str, Any]:
    words = _words(composer)
    blocks: list[Block] = [
        SectionBlock(text=composer.render("succession/areas_intro.j2")),
        _text(
            BlockId.AREA_LIST,
            words["labels"]["area_list"],
            initial="\n".join(areas),
            optional=False,
            multiline=True,
            max_length=(AREA_LENGTH + 1) * 12,
        ),
    ]
    return modal(composer, CallbackId.SUCCESSION_AREAS, "areas", "save", "", blocks)


def handover_modal(
    composer: Composer,
    *,
    pair_id: int,
    source_ts: str | None,
    mentor: str,
    mentee: str,
    areas: Sequence[str],
    shared: str,
) -> dict[str, Any]:
    words = _words(composer)
    hows = [Option(value=h, label=words["hows"][h]) for h in HOWS]
    blocks: list[Block] = [
        SectionBlock(
            text=composer.render("succession/handover_intro.j2", mentor=mentor, mentee=mentee)
        ),
        _text(
            BlockId.HANDOVER_SHARED,
            words["labels"]["handover_shared"],
            initial=shared[:SHARED_LENGTH],
            optional=False,
            multiline=True,
            max_length=SHARED_LENGTH,
            placeholder=words["placeholders"]["handover_shared"],
        ),
        InputBlock(
            block_id=BlockId.HANDOVER_AREA,
            label=words["labels"]["handover_area"],
            element=StaticSelectElement(
                action_id=BlockId.HANDOVER_AREA,
                options=[Option(value=a, label=a) for a in areas],
            ),
        ),
        InputBlock(
            block_id=BlockId.HANDOVER_HOW,
            label=words["labels"]["handover_how"],
            element=StaticSelectElement(
                action_id=BlockId.HANDOVER_HOW, options=hows, initial_option=hows[0]
            ),
        ),
    ]
    metadata = handover_metadata(pair_id, source_ts)
    return modal(composer, CallbackId.HANDOVER, "handover", "log", metadata, blocks)


def how_words(composer: Composer, how: str) -> str:
    return str(_words(composer)["hows"].get(how, how))
