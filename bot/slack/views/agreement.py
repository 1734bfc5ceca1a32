"""The agreement modals (one per role), the goals modal, and the messages they post."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    CheckboxesElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.composer import Composer
from bot.domain.agreement import GOAL_FIELDS, RHYTHMS
from bot.ids import BlockId, CallbackId
from bot.slack.views.succession import ProfileFields, agreement_profile_blocks
from bot.slack.views.welcome import agreement_button
from bot.slack.wire import pair_metadata

GOAL_LENGTH = 200
SUCCESS_LENGTH = 300
TEXT_LENGTH = 300
RULES_LENGTH = 2000


def _text_input(
    block: BlockId,
    label: str,
    *,
    initial: str | None = None,
    placeholder: str | None = None,
    optional: bool = False,
    multiline: bool = False,
    max_length: int = TEXT_LENGTH,
) -> InputBlock:
    element = PlainTextInputElement(
        action_id=block,
        initial_value=initial or None,
        placeholder=placeholder,
        multiline=multiline,
        max_length=max_length,
    )
    return InputBlock(block_id=block, label=label, element=element, optional=optional)


def goal_blocks(composer: Composer, goals: Sequence[dict[str, str]]) -> list[Block]:
    """Three goal fields, each followed by its 'what success looks like' field."""
    words = composer.data("agreement/words.toml")
    blocks: list[Block] = []
    for index, (goal_block, success_block) in enumerate(GOAL_FIELDS):
        goal = goals[index] if index < len(goals) else {}
        blocks.append(
            _text_input(
                goal_block,
                words["labels"][goal_block.value],
                initial=goal.get("text"),
                placeholder=words["placeholders"]["goal"],
                optional=index > 0,
                max_length=GOAL_LENGTH,
            )
        )
        blocks.append(
            _text_input(
                success_block,
                words["labels"]["success"],
                initial=goal.get("success"),
                placeholder=words["placeholders"]["success"],
                optional=index > 0,
                multiline=True,
                max_length=SUCCESS_LENGTH,
            )
        )
    return blocks


def _rhythm_and_rules(composer: Composer, data: dict[str, Any]) -> list[Block]:
    words = composer.data("agreement/words.toml")
    options = [Option(value=r, label=words["rhythms"][r]) for r in RHYTHMS]
    chosen = next((o for o in options if o.value == data.get("rhythm")), options[1])
    rules = data.get("ground_rules") or words["defaults"]["ground_rules"]
    return [
        InputBlock(
            block_id=BlockId.RHYTHM,
            label=words["labels"]["rhythm"],
            element=StaticSelectElement(
                action_id=BlockId.RHYTHM, options=options, initial_option=chosen
            ),
        ),
        _text_input(
            BlockId.GROUND_RULES,
            words["labels"]["ground_rules"],
            initial="\n".join(rules),
            multiline=True,
            max_length=RULES_LENGTH,
        ),
    ]


def _modal(
    composer: Composer,
    *,
    callback: CallbackId,
    title: str,
    submit: str,
    pair_id: int,
    blocks: list[Block],
) -> dict[str, Any]:
    words = composer.data("agreement/words.toml")
    return View(
        type="modal",
        callback_id=callback,
        title=title,
        submit=submit,
        close=words["titles"]["close"],
        private_metadata=pair_metadata(pair_id),
        blocks=blocks,
    ).to_dict()


def _intro(composer: Composer, role: str, partner: str, edit: bool) -> SectionBlock:
    text = composer.render("agreement/modal_intro.j2", role=role, partner=partner, edit=edit)
    return SectionBlock(text=text)


def mentee_modal(
    composer: Composer,
    *,
    pair_id: int,
    partner: str,
    data: dict[str, Any] | None,
    goals: Sequence[dict[str, str]],
    profile: ProfileFields | None = None,
) -> dict[str, Any]:
    words = composer.data("agreement/words.toml")
    blocks: list[Block] = [_intro(composer, "mentee", partner, data is not None)]
    blocks += goal_blocks(composer, goals)
    if profile is not None:  # the target role and its areas (bot/services/succession/)
        blocks += agreement_profile_blocks(composer, profile)
    blocks += _rhythm_and_rules(composer, data or {})
    return _modal(
        composer,
        callback=CallbackId.AGREEMENT_MENTEE,
        title=words["titles"]["mentee"],
        submit=words["titles"]["submit"],
        pair_id=pair_id,
        blocks=blocks,
    )


def mentor_modal(
    composer: Composer, *, pair_id: int, partner: str, data: dict[str, Any] | None
) -> dict[str, Any]:
    words = composer.data("agreement/words.toml")
    data = data or {}
    options = [Option(value=key, label=label) for key, label in words["offers"].items()]
    ticked = [o for o in options if o.value in (data.get("offers") or [])]
    offers = CheckboxesElement(
        action_id=BlockId.OFFERS, options=options, initial_options=ticked or None
    )
    blocks: list[Block] = [
        _intro(composer, "mentor", partner, bool(data)),
        InputBlock(
            block_id=BlockId.OFFERS,
            label=words["labels"]["offers"],
            element=offers,
            optional=True,
        ),
        _text_input(
            BlockId.OFFER_OTHER,
            words["labels"]["offer_other"],
            initial=data.get("offer_other"),
            placeholder=words["placeholders"]["offer_other"],
            optional=True,
        ),
        _text_input(
            BlockId.AVAILABILITY,
            words["labels"]["availability"],
            initial=data.get("availability"),
            placeholder=words["placeholders"]["availability"],
        ),
        *_rhythm_and_rules(composer, data),
    ]
    return _modal(
        composer,
        callback=CallbackId.AGREEMENT_MENTOR,
        title=words["titles"]["mentor"],
        submit=words["titles"]["submit"],
        pair_id=pair_id,
        blocks=blocks,
    )


def goals_modal(
    composer: Composer, *, pair_id: int, partner: str, goals: Sequence[dict[str, str]]
) -> dict[str, Any]:
    words = composer.data("agreement/words.toml")
    blocks: list[Block] = [_intro(composer, "goals", partner, True), *goal_blocks(composer, goals)]
    return _modal(
        composer,
        callback=CallbackId.GOALS,
        title=words["titles"]["goals"],
        submit=words["titles"]["save"],
        pair_id=pair_id,
        blocks=blocks,
    )


def offer_words(composer: Composer, data: dict[str, Any]) -> list[str]:
    """The mentor's offers as the words they ticked, plus anything they wrote."""
    labels = composer.data("agreement/words.toml")["offers"]
    offers = [labels[key] for key in data.get("offers") or [] if key in labels]
    if data.get("offer_other"):
        offers.append(str(data["offer_other"]))
    return offers


def rhythm_words(composer: Composer, rhythm: str) -> str:
    return str(composer.data("agreement/words.toml")["rhythms"].get(rhythm, rhythm))


def part_message(
    composer: Composer,
    *,
    role: str,
    user: str,
    data: dict[str, Any],
    updated: bool,
    waiting_for: str | None,
) -> tuple[str, list[dict[str, Any]] | None]:
    text = composer.render(
        "agreement/part.j2",
        role=role,
        user=user,
        updated=updated,
        waiting_for=waiting_for,
        goals=data.get("goals") or [],
        offers=offer_words(composer, data),
        availability=data.get("availability", ""),
        rhythm=rhythm_words(composer, data["rhythm"]),
        ground_rules=data.get("ground_rules") or [],
    )
    # Plain text, not a section block: a full part can pass a section's 3,000 characters.
    return text, None


def reminder_blocks(composer: Composer, text: str, pair_id: int) -> list[dict[str, Any]]:
    blocks = [SectionBlock(text=text), ActionsBlock(elements=[agreement_button(composer, pair_id)])]
    return [block.to_dict() for block in blocks]
