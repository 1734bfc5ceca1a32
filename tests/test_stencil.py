"""Check-in DMs built once per shape are the very messages built one by one."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from bot.composer import Composer
from bot.slack.views.checkins import (
    CheckInCard,
    GoalLine,
    checkin_message,
    prompt_messages,
    reminder_message,
)
from bot.slack.views.stencil import Stencil, text_hole

HOSTILE = [
    "Ana",
    "Zoë O'Brien-Łukasz 🚀",
    "<@U0EVIL> & <!channel>",
    'quote " backslash \\ tab\there',
    "line one\nline two",
    "&amp; already escaped &lt;",
    "*bold* _it_ ~strike~ `code`",
    "9000000000000000001",
    "a" * 600,
    "\u2028\u2029 separators",
]
SPACED = [" leading", "trailing ", "\nboth\n"]
MARKED = ["has \ue000hole\ue001 marks"]


def _plain(messages: Any) -> Any:
    return json.loads(json.dumps(messages))


def _card(rng: random.Random, values: list[str]) -> CheckInCard:
    role = rng.choice(["mentor", "mentee"])
    goals = [
        GoalLine(rng.randint(1, 10**6), n, rng.choice(values), rng.choice([0, 10, 40, 100]))
        for n in range(1, rng.randint(0, 3) + 1)
    ]
    return CheckInCard(
        checkin_id=rng.randint(1, 10**9),
        state="open",
        role=role,
        partner_user_id=rng.choice(["U0123ABCD", "W99", rng.choice(values)]),
        partner_name=rng.choice(values),
        period=rng.choice(["Tuesday 12 January", rng.choice(values)]),
        question=rng.choice(["What helped this week?", "Two lines?\nYes: two."]),
        goals=goals if role == "mentee" else [],
        pair_channel_id=rng.choice([None, "C0PAIR", rng.choice(values)]),
    )


@pytest.mark.parametrize("values", [HOSTILE, HOSTILE + SPACED + MARKED])
def test_a_message_from_its_shape_is_the_message_built_alone(values: list[str]) -> None:
    composer = Composer()
    messages = prompt_messages(composer)
    rng = random.Random(20261201)
    for _ in range(400):
        card = _card(rng, values)
        alone = (checkin_message(composer, card), reminder_message(composer, card))
        assert messages(card) == _plain(alone), card


def test_a_fan_out_builds_each_shape_once() -> None:
    composer = Composer()
    built: list[CheckInCard] = []
    stock = prompt_messages(composer)

    def build(card: CheckInCard) -> Any:
        built.append(card)
        return stock.build(card)

    messages = Stencil(build, stock.split)
    rng = random.Random(7)
    cards = [_card(rng, ["Ana", "Ben", "Chloé"]) for _ in range(300)]
    for card in cards:
        messages(card)
    shapes = {repr(stock.split(card)[0]) for card in cards}  # type: ignore[index]
    assert len(built) == len(shapes) < len(cards) / 3
    assert all(text_hole("name") == card.partner_name for card in built)
