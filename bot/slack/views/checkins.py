"""The check-in DM (as sent and as updated after an answer), its reminder and the modal."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.composer import Composer
from bot.domain.states import CheckInState
from bot.ids import ActionId, BlockId, CallbackId
from bot.slack.views.stencil import Holes, Stencil, number_hole, text_hole
from bot.slack.wire import (
    SHARE,
    GoalChoice,
    controls_block,
    goal_option,
    id_value,
    pulse_action,
)

# Slack's limit for a plain-text input, and so for a reflection.
REFLECTION_LIMIT = 3000
# A section's text may hold 3,000 characters; the DM shows at most this much of a reflection.
SHOWN_REFLECTION = 2000
SHOWN_GOAL = 500


@dataclass(frozen=True)
class GoalLine:
    goal_id: int
    position: int
    text: str
    progress: int


@dataclass(frozen=True)
class CheckInCard:
    """What one check-in DM shows; built by the services from the database."""

    checkin_id: int
    state: str  # open / answered / skipped
    role: str
    partner_user_id: str
    partner_name: str
    period: str  # e.g. "Tuesday 12 January"
    question: str
    pulse: int | None = None
    reflection: str | None = None
    shared: bool = False
    shared_ts: str | None = None
    pair_channel_id: str | None = None
    goals: list[GoalLine] = field(default_factory=list)
    next_at: str | None = None  # when the next check-in arrives, in local time
    revision: int = 0  # how many times the DM was updated


def _words(composer: Composer) -> dict[str, Any]:
    return composer.data("checkins/labels.toml")


def _pulse(composer: Composer, card: CheckInCard) -> list[Block]:
    words = composer.data("checkins/questions.toml")["pulse"]
    text = composer.render(
        "checkins/pulse.j2",
        statement=words[card.role],
        low=words["low"],
        high=words["high"],
        pulse=card.pulse,
    )
    buttons = [
        ButtonElement(
            text=str(n),
            action_id=pulse_action(n),
            value=id_value(card.checkin_id),
            style="primary" if card.pulse == n else None,
        )
        for n in range(1, 6)
    ]
    return [SectionBlock(text=text), ActionsBlock(elements=buttons)]


def _goals(composer: Composer, card: CheckInCard) -> list[Block]:
    label = _words(composer)["progress"]
    blocks: list[Block] = []
    for goal in card.goals:
        options = {
            p: Option(text=f"{p}%", value=goal_option(GoalChoice(card.checkin_id, goal.goal_id, p)))
            for p in _words(composer)["percents"]
        }
        chosen = options.get(goal.progress)
        text = composer.render("checkins/goal.j2", position=goal.position, text=_shown(goal.text))
        select = StaticSelectElement(
            placeholder=label,
            action_id=ActionId.CHECKIN_GOAL,
            options=list(options.values()),
            initial_option=chosen,
        )
        blocks.append(SectionBlock(text=text, accessory=select))
    return blocks


def _shown(goal_text: str) -> str:
    return goal_text if len(goal_text) <= SHOWN_GOAL else goal_text[: SHOWN_GOAL - 1] + "…"


def _reflection(composer: Composer, card: CheckInCard) -> list[Block]:
    if not card.reflection:
        return []
    shown = card.reflection[:SHOWN_REFLECTION]
    text = composer.render(
        "checkins/reflection.j2",
        lines=shown.splitlines() or [""],
        truncated=len(card.reflection) > SHOWN_REFLECTION,
        shared=card.shared,
        shared_ts=card.shared_ts,
        partner=card.partner_user_id,
        channel=card.pair_channel_id or "",
    )
    return [SectionBlock(text=text)]


def _share(composer: Composer, card: CheckInCard) -> CheckboxesElement:
    option = Option(text=MarkdownTextObject(text=_words(composer)["share"]), value=SHARE)
    return CheckboxesElement(
        action_id=ActionId.CHECKIN_SHARE,
        options=[option],
        initial_options=[option] if card.shared else None,
    )


def checkin_message(composer: Composer, card: CheckInCard) -> tuple[str, list[dict[str, Any]]]:
    """(notification text, blocks) of a check-in DM in its current state."""
    words = _words(composer)
    intro = composer.render(
        "checkins/intro.j2",
        state=card.state,
        partner=card.partner_user_id,
        period=card.period,
        next_at=card.next_at,
    )
    if card.state == CheckInState.SKIPPED:
        text = composer.render("checkins/done_text.j2", state=card.state)
        return text, [SectionBlock(text=intro).to_dict()]
    reflect = ButtonElement(
        text=words["edit_reflection"] if card.reflection else words["reflect"],
        action_id=ActionId.CHECKIN_REFLECT,
        value=id_value(card.checkin_id),
        style="primary",
    )
    question = composer.render("checkins/question.j2", question=card.question)
    controls: list[Any] = [_share(composer, card)]
    if card.state == CheckInState.OPEN:
        controls += [
            ButtonElement(
                text=words["skip"], action_id=ActionId.CHECKIN_SKIP, value=id_value(card.checkin_id)
            ),
            ButtonElement(
                text=words["remind"],
                action_id=ActionId.CHECKIN_REMIND,
                value=id_value(card.checkin_id),
            ),
        ]
    blocks: list[Block] = [
        SectionBlock(text=intro),
        SectionBlock(text=question, accessory=reflect),
        *_reflection(composer, card),
        *_pulse(composer, card),
        *_goals(composer, card),
        ActionsBlock(
            block_id=controls_block(card.checkin_id, str(card.revision or "")), elements=controls
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=composer.render("checkins/privacy.j2", has_goals=bool(card.goals))
                )
            ]
        ),
    ]
    if card.state == CheckInState.OPEN:
        text = composer.render(
            "checkins/prompt_text.j2", partner_name=card.partner_name, question=card.question
        )
    else:
        text = composer.render("checkins/done_text.j2", state=card.state)
    return text, [block.to_dict() for block in blocks]


def reminder_message(composer: Composer, card: CheckInCard) -> tuple[str, list[dict[str, Any]]]:
    """The one reminder: a short nudge with a button straight to the reflection."""
    text = composer.render("checkins/reminder.j2", partner=card.partner_user_id, period=card.period)
    button = ButtonElement(
        text=_words(composer)["reflect"],
        action_id=ActionId.CHECKIN_REFLECT,
        value=id_value(card.checkin_id),
        style="primary",
    )
    fallback = composer.render("checkins/reminder_text.j2", partner_name=card.partner_name)
    return fallback, [SectionBlock(text=text, accessory=button).to_dict()]


Messages = tuple[tuple[str, list[dict[str, Any]]], tuple[str, list[dict[str, Any]]]]


def prompt_messages(composer: Composer) -> Stencil[CheckInCard]:
    """The check-in DM and its reminder, built once per shape of card (see stencil.py):
    `prompt_messages(composer)(card)` is `(checkin_message(...), reminder_message(...))`."""

    def build(card: CheckInCard) -> Messages:
        return checkin_message(composer, card), reminder_message(composer, card)

    return Stencil(build, _holes)


def _holes(card: CheckInCard) -> tuple[CheckInCard, Holes]:
    """The card with holes for what differs from one person to the next."""
    holes: Holes = {
        number_hole(0): card.checkin_id,
        text_hole("partner"): card.partner_user_id,
        text_hole("name"): card.partner_name,
        text_hole("period"): card.period,
    }
    goals = []
    for n, goal in enumerate(card.goals, start=1):
        holes[number_hole(n)] = goal.goal_id
        holes[text_hole(f"goal{n}")] = _shown(goal.text)
        goals.append(replace(goal, goal_id=number_hole(n), text=text_hole(f"goal{n}")))
    shape = replace(
        card,
        checkin_id=number_hole(0),
        partner_user_id=text_hole("partner"),
        partner_name=text_hole("name"),
        period=text_hole("period"),
        goals=goals,
    )
    if card.pair_channel_id is not None:
        holes[text_hole("channel")] = card.pair_channel_id
        shape = replace(shape, pair_channel_id=text_hole("channel"))
    if card.shared_ts is not None:
        holes[text_hole("shared_ts")] = card.shared_ts
        shape = replace(shape, shared_ts=text_hole("shared_ts"))
    return shape, holes


def reflection_modal(composer: Composer, card: CheckInCard) -> dict[str, Any]:
    """The modal the Reflect button opens, prefilled with what the person wrote so far."""
    words = _words(composer)
    share = Option(text=PlainTextObject(text=words["share_option"]), value=SHARE)
    blocks: list[Block] = [
        SectionBlock(text=composer.render("checkins/question.j2", question=card.question)),
        InputBlock(
            block_id=BlockId.REFLECTION,
            label=words["reflection_label"],
            hint=words["reflection_hint"],
            element=PlainTextInputElement(
                action_id=BlockId.REFLECTION,
                multiline=True,
                max_length=REFLECTION_LIMIT,
                initial_value=card.reflection or None,
            ),
        ),
        InputBlock(
            block_id=BlockId.REFLECTION_SHARE,
            label=words["share"],
            optional=True,
            element=CheckboxesElement(
                action_id=BlockId.REFLECTION_SHARE,
                options=[share],
                initial_options=[share] if card.shared else None,
            ),
        ),
    ]
    return View(
        type="modal",
        callback_id=CallbackId.CHECKIN_REFLECTION,
        private_metadata=id_value(card.checkin_id),
        title=words["modal_title"],
        submit=words["modal_submit"],
        close=words["modal_close"],
        blocks=blocks,
    ).to_dict()
