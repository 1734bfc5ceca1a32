"""Feedback: the nudge and its reminder, the modal, feedback as delivered, the private note
and the mentee's monthly self-assessment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.composer import Composer
from bot.domain.feedback import (
    ASSESSMENT_NOTE_LIMIT,
    FIELD_LIMIT,
    FIELDS,
    NOTE_LIMIT,
    PERCENTS,
    REQUIRED,
)
from bot.ids import ActionId, BlockId, CallbackId
from bot.slack.views.stencil import Holes, Stencil, number_hole, text_hole
from bot.slack.wire import (
    assessment_block,
    feedback_metadata,
    feedback_value,
    id_value,
    pair_metadata,
)

BLOCKS = {
    "situation": BlockId.FEEDBACK_SITUATION,
    "behaviour": BlockId.FEEDBACK_BEHAVIOUR,
    "impact": BlockId.FEEDBACK_IMPACT,
    "next_step": BlockId.FEEDBACK_NEXT_STEP,
}


@dataclass(frozen=True)
class Delivered:
    """Feedback as its receiver sees it."""

    feedback_id: int
    giver: str
    situation: str
    behaviour: str
    impact: str
    next_step: str
    together: bool  # delivered with the receiver's own, at the end of a round
    reception: str | None = None
    reflected: bool = False


def _words(composer: Composer) -> dict[str, Any]:
    return composer.data("feedback/words.toml")


def give_button(composer: Composer, pair_id: int, round_id: int | None) -> ButtonElement:
    return ButtonElement(
        text=_words(composer)["buttons"]["give"],
        action_id=ActionId.FEEDBACK_OPEN,
        value=feedback_value(pair_id, round_id),
        style="primary",
    )


def nudge_message(
    composer: Composer, *, role: str, partner: str, pair_id: int, round_id: int, closes: str
) -> tuple[str, list[dict[str, Any]]]:
    text = composer.render("feedback/nudge.j2", role=role, partner=partner, closes=closes)
    blocks = [
        SectionBlock(text=text),
        ActionsBlock(elements=[give_button(composer, pair_id, round_id)]),
    ]
    return composer.render("feedback/nudge_text.j2"), [b.to_dict() for b in blocks]


def reminder_message(
    composer: Composer, *, partner: str, partner_in: bool, pair_id: int, round_id: int, closes: str
) -> tuple[str, list[dict[str, Any]]]:
    text = composer.render(
        "feedback/reminder.j2", partner=partner, partner_in=partner_in, closes=closes
    )
    blocks = [
        SectionBlock(text=text),
        ActionsBlock(elements=[give_button(composer, pair_id, round_id)]),
    ]
    return composer.render("feedback/reminder_text.j2"), [b.to_dict() for b in blocks]


def feedback_modal(
    composer: Composer, *, partner: str, pair_id: int, round_id: int | None
) -> dict[str, Any]:
    """The Situation, Behaviour, Impact and next-step form, with a hint under each field."""
    words = _words(composer)
    blocks: list[Block] = [SectionBlock(text=composer.render("feedback/intro.j2", partner=partner))]
    for name in FIELDS:
        blocks.append(
            InputBlock(
                block_id=BLOCKS[name],
                label=words["labels"][name],
                hint=words["hints"][name],
                optional=name not in REQUIRED,
                element=PlainTextInputElement(
                    action_id=BLOCKS[name],
                    multiline=True,
                    max_length=FIELD_LIMIT,
                    placeholder=words["placeholders"][name],
                ),
            )
        )
    return View(
        type="modal",
        callback_id=CallbackId.FEEDBACK,
        private_metadata=feedback_metadata(pair_id, round_id),
        title=words["modal_title"],
        submit=words["modal_submit"],
        close=words["modal_close"],
        blocks=blocks,
    ).to_dict()


def message_modal(composer: Composer, text: str, title: str = "done_title") -> dict[str, Any]:
    """A modal that only says something (what happened to a submission), titled by the
    words.toml key `title`."""
    words = _words(composer)
    return View(
        type="modal",
        title=words[title],
        close=words["done_close"],
        blocks=[SectionBlock(text=text)],
    ).to_dict()


def delivered_message(composer: Composer, card: Delivered) -> tuple[str, list[dict[str, Any]]]:
    """The feedback in the receiver's DM; after an answer, what they answered instead of the
    two buttons. The private-note button stays."""
    words = _words(composer)
    body = composer.render("feedback/delivered.j2", **card.__dict__)
    blocks: list[Block] = [SectionBlock(text=body)]
    value = id_value(card.feedback_id)
    note = ButtonElement(
        text=words["buttons"]["note"], action_id=ActionId.FEEDBACK_NOTE, value=value
    )
    if card.reception is None:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=composer.render("feedback/delivered_help.j2", giver=card.giver)
                    )
                ]
            )
        )
        thanks = ButtonElement(
            text=words["buttons"]["thanks"], action_id=ActionId.FEEDBACK_THANKS, value=value
        )
        talk = ButtonElement(
            text=words["buttons"]["talk"], action_id=ActionId.FEEDBACK_TALK, value=value
        )
        blocks.append(ActionsBlock(elements=[thanks, talk, note]))
    else:
        answered = composer.render(
            "feedback/answered.j2",
            reception=words["receptions"][card.reception],
            giver=card.giver,
            reflected=card.reflected,
        )
        blocks += [SectionBlock(text=answered), ActionsBlock(elements=[note])]
    text = composer.render("feedback/delivered_text.j2", giver=card.giver)
    return text, [b.to_dict() for b in blocks]


def note_modal(composer: Composer, feedback_id: int, current: str | None) -> dict[str, Any]:
    words = _words(composer)
    return View(
        type="modal",
        callback_id=CallbackId.FEEDBACK_NOTE,
        private_metadata=id_value(feedback_id),
        title=words["note_title"],
        submit=words["note_submit"],
        close=words["modal_close"],
        blocks=[
            InputBlock(
                block_id=BlockId.FEEDBACK_NOTE,
                label=words["labels"]["note"],
                hint=words["hints"]["note"],
                element=PlainTextInputElement(
                    action_id=BlockId.FEEDBACK_NOTE,
                    multiline=True,
                    max_length=NOTE_LIMIT,
                    initial_value=current or None,
                ),
            )
        ],
    ).to_dict()


def assessment_prompt(
    composer: Composer, *, partner: str, pair_id: int
) -> tuple[str, list[dict[str, Any]]]:
    button = ButtonElement(
        text=_words(composer)["buttons"]["assess"],
        action_id=ActionId.SELF_ASSESSMENT_OPEN,
        value=id_value(pair_id),
        style="primary",
    )
    blocks = [
        SectionBlock(text=composer.render("feedback/assessment.j2", partner=partner)),
        ActionsBlock(elements=[button]),
    ]
    return composer.render("feedback/assessment_text.j2"), [b.to_dict() for b in blocks]


def assessment_prompts(composer: Composer) -> Stencil[tuple[str, int]]:
    """`assessment_prompt` built once (see stencil.py): `prompts((partner, pair_id))`."""

    def build(card: tuple[str, int]) -> tuple[str, list[dict[str, Any]]]:
        partner, pair_id = card
        return assessment_prompt(composer, partner=partner, pair_id=pair_id)

    def holes(card: tuple[str, int]) -> tuple[tuple[str, int], Holes]:
        partner, pair_id = card
        shape = (text_hole("partner"), number_hole(0))
        return shape, {text_hole("partner"): partner, number_hole(0): pair_id}

    return Stencil(build, holes)


@dataclass(frozen=True)
class GoalRow:
    goal_id: int
    text: str
    progress: int


def assessment_modal(composer: Composer, pair_id: int, goals: list[GoalRow]) -> dict[str, Any]:
    """One percent and one optional note per open goal."""
    words = _words(composer)
    options = [Option(value=str(p), label=f"{p}%") for p in PERCENTS]
    blocks: list[Block] = []
    for goal in goals:
        progress = assessment_block(BlockId.ASSESS_PROGRESS, goal.goal_id)
        note = assessment_block(BlockId.ASSESS_NOTE, goal.goal_id)
        initial = next((o for o in options if o.value == str(goal.progress)), None)
        blocks += [
            SectionBlock(
                text=composer.render("feedback/goal.j2", text=goal.text, progress=goal.progress)
            ),
            InputBlock(
                block_id=progress,
                label=words["labels"]["progress"],
                element=StaticSelectElement(
                    action_id=progress, options=options, initial_option=initial
                ),
            ),
            InputBlock(
                block_id=note,
                label=words["labels"]["assessment_note"],
                hint=words["hints"]["assessment_note"],
                optional=True,
                element=PlainTextInputElement(
                    action_id=note, multiline=True, max_length=ASSESSMENT_NOTE_LIMIT
                ),
            ),
        ]
    return View(
        type="modal",
        callback_id=CallbackId.SELF_ASSESSMENT,
        private_metadata=pair_metadata(pair_id),
        title=words["assessment_title"],
        submit=words["assessment_submit"],
        close=words["modal_close"],
        blocks=blocks,
    ).to_dict()
