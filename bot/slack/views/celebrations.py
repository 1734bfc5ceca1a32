"""The goals-done modal (`/mentor goals`, or the Home tab's button) and its saved view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.composer import Composer
from bot.formatting import escape
from bot.ids import CallbackId
from bot.slack.wire import goals_done_block, goals_done_metadata, id_value

WORDS = "celebrations/goals.toml"
OPTION_LENGTH = 75  # Slack's limit for an option's text and its description


@dataclass(frozen=True)
class GoalRow:
    goal_id: int
    text: str
    progress: int  # percent, as last reported in a check-in
    done: bool


@dataclass(frozen=True)
class GoalGroup:
    """The goals of one of the person's pairs."""

    pair_id: int
    role: str  # the person's role in the pair
    partner: str  # the partner's display name (plain text)
    goals: list[GoalRow] = field(default_factory=list)


def _short(text: str) -> str:
    return text if len(text) <= OPTION_LENGTH else text[: OPTION_LENGTH - 1].rstrip() + "…"


def _option(words: dict[str, Any], goal: GoalRow) -> Option:
    progress = words["progress"].format(percent=goal.progress)
    return Option(
        value=id_value(goal.goal_id),
        text=MarkdownTextObject(text=escape(_short(goal.text))),
        description=PlainTextObject(text=_short(progress)),
    )


def _group(words: dict[str, Any], group: GoalGroup) -> InputBlock:
    options = [_option(words, goal) for goal in group.goals]
    done = [option for option, goal in zip(options, group.goals, strict=True) if goal.done]
    block = goals_done_block(group.pair_id)
    return InputBlock(
        block_id=block,
        label=words["labels"][group.role].format(partner=group.partner),
        optional=True,
        element=CheckboxesElement(action_id=block, options=options, initial_options=done or None),
    )


def goals_done_modal(composer: Composer, groups: list[GoalGroup]) -> dict[str, Any]:
    words = composer.data(WORDS)
    blocks: list[Block] = [SectionBlock(text=composer.render("celebrations/goals_intro.j2"))]
    blocks += [_group(words, group) for group in groups]
    listed = {goal.goal_id: goal.done for group in groups for goal in group.goals}
    return View(
        type="modal",
        callback_id=CallbackId.GOALS_DONE,
        title=words["title"],
        submit=words["submit"],
        close=words["close"],
        private_metadata=goals_done_metadata(listed),
        blocks=blocks,
    ).to_dict()


def goals_saved_view(composer: Composer, text: str) -> dict[str, Any]:
    words = composer.data(WORDS)
    return View(
        type="modal", title=words["title"], close=words["close"], blocks=[SectionBlock(text=text)]
    ).to_dict()
