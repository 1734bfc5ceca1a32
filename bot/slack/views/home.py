"""The Home tab: the person's pairs with goals and agreement, and for owners the program."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.composer import Composer
from bot.domain.ages import Age
from bot.domain.states import FINISHED, PairStatus, Role
from bot.ids import ActionId
from bot.slack.views.feedback import give_button
from bot.slack.views.welcome import agreement_button
from bot.slack.wire import id_value

SECTION_LENGTH = 2900


@dataclass(frozen=True)
class PairCard:
    """One of the person's pairs, as plain values."""

    pair_id: int
    role: str  # the person's role: mentor / mentee
    partner: str
    channel: str | None
    status: str
    setup: str
    age: Age
    goals: list[dict[str, Any]] = field(default_factory=list)
    mine: bool = False  # the person's part of the agreement is in
    theirs: bool = False
    agreed: bool = False
    transfer: str = ""  # the target role and knowledge-transfer log (services/succession)


def _sections(text: str) -> list[Block]:
    """Long text (the command list) split at line ends into sections Slack accepts."""
    blocks: list[Block] = []
    chunk = ""
    for line in text.splitlines():
        if chunk and len(chunk) + len(line) + 1 > SECTION_LENGTH:
            blocks.append(SectionBlock(text=chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk.strip():
        blocks.append(SectionBlock(text=chunk))
    return blocks


def _card(composer: Composer, card: PairCard) -> list[Block]:
    words = composer.data("home/words.toml")
    values = {**card.__dict__}
    blocks: list[Block] = [
        SectionBlock(text=composer.render("home/pair.j2", **values)),
        SectionBlock(text=composer.render("home/goals.j2", **values)),
        ContextBlock(
            elements=[MarkdownTextObject(text=composer.render("home/agreement.j2", **values))]
        ),
    ]
    if card.transfer:
        blocks.append(SectionBlock(text=card.transfer[:SECTION_LENGTH]))
    if card.channel and card.status not in FINISHED:
        label = words["edit_agreement"] if card.mine else None
        buttons = [agreement_button(composer, card.pair_id, label)]
        if card.role == Role.MENTEE:
            buttons.append(
                ButtonElement(
                    text=words["edit_goals"],
                    action_id=ActionId.GOALS_EDIT,
                    value=id_value(card.pair_id),
                )
            )
        if card.goals:
            buttons.append(
                ButtonElement(
                    text=words["goals_done"],
                    action_id=ActionId.GOALS_DONE_OPEN,
                    value=id_value(card.pair_id),
                )
            )
        if card.status == PairStatus.ACTIVE:
            buttons.append(give_button(composer, card.pair_id, None))
        blocks.append(ActionsBlock(elements=buttons))
    return blocks


def home_view(
    composer: Composer,
    *,
    cards: list[PairCard],
    paused: str | None,
    summary: str | None,
    help_text: str,
) -> dict[str, Any]:
    """`paused`: the pause notice, if any; `summary`: the program line, for owners only."""
    words = composer.data("home/words.toml")
    blocks: list[Block] = [HeaderBlock(text=words["mentorships"])]
    if paused:
        blocks.append(SectionBlock(text=paused))
    if not cards:
        blocks.append(SectionBlock(text=composer.render("home/empty.j2")))
    for card in cards:
        blocks += _card(composer, card)
        blocks.append(DividerBlock())
    if summary is not None:
        blocks += [HeaderBlock(text=words["program"]), SectionBlock(text=summary)]
    blocks += [HeaderBlock(text=words["commands"]), *_sections(help_text)]
    return View(type="home", blocks=blocks).to_dict()
