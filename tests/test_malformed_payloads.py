"""Signed payloads Slack would never send get a 200 or a 4xx and change nothing; never a 500."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.models import CheckIn
from bot.sandbox import TEAM
from tests.support.checkins import MENTEE, checkin_of, prompt_both
from tests.support.runner import RunningApp


def _click(action: Any, **extra: Any) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": MENTEE, "team_id": TEAM},
        "trigger_id": "1.1.x",
        "actions": action,
        **extra,
    }


def _submission(**view: Any) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": MENTEE, "team_id": TEAM},
        "view": {"id": "V1", "type": "modal", "callback_id": "checkin_reflection", **view},
    }


GARBAGE = {
    "actions empty": _click([]),
    "actions a string": _click("checkin_pulse_3"),
    "actions a number": _click(3),
    "actions null": _click(None),
    "an action without action_id": _click([{"value": "1", "type": "button"}]),
    "an action that is a list": _click([["checkin_pulse_3"]]),
    "a value that is a number": _click([{"action_id": "checkin_pulse_3", "value": 7}]),
    "a forged pulse": _click([{"action_id": "checkin_pulse_9", "value": "1"}]),
    "no user": {**_click([{"action_id": "checkin_skip", "value": "1"}]), "user": None},
    "a view that is a string": {**_submission(), "view": "V1"},
    "no callback_id": _submission(callback_id=None),
    "state values of the wrong type": _submission(state={"values": {"reflection": "hello"}}),
    "an element of the wrong type": _submission(
        state={"values": {"reflection": {"reflection": {"type": "plain_text_input", "value": 5}}}}
    ),
    "garbage private_metadata": _submission(
        private_metadata="{not json",
        state={
            "values": {"reflection": {"reflection": {"type": "plain_text_input", "value": "x"}}}
        },
    ),
    "private_metadata an object": _submission(private_metadata={"checkin": 1}),
    "a view without a type": {**_submission(), "view": {"id": "V1", "callback_id": "goals"}},
    "an unknown type": {"type": "block_suggestion_of_doom", "user": {"id": MENTEE}},
}


def _rows(app: RunningApp) -> list[tuple[Any, ...]]:
    with app.tandem.sessions() as session:
        return [
            (c.id, c.state, c.pulse, c.reflection, c.shared)
            for c in session.query(CheckIn).order_by(CheckIn.id)
        ]


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_is_refused_without_a_500_and_changes_nothing(app: RunningApp, name: str) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTEE)
    payload = copy.deepcopy(GARBAGE[name])
    actions = payload.get("actions")
    for action in actions if isinstance(actions, list) else []:
        if isinstance(action, dict) and action.get("value") == "1":
            action["value"] = str(checkin.id)  # aimed at a real check-in
    before = _rows(app)
    response = app.driver.interactive(payload)
    assert response.status in (200, 400, 404), (name, response)
    assert _rows(app) == before
