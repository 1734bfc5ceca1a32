"""Marking goals done with `/mentor goals` or from the Home tab, end to end."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.models import Goal, Milestone
from tests.support.celebrations import (
    celebrated,
    command_reply,
    goal_options,
    make_pair,
    milestones,
    open_goals,
    tick_goals,
)
from tests.support.checkins import tick, utc
from tests.support.flows import checkboxes, open_view, state
from tests.support.runner import RunningApp

ANA, BEN, DAN = "UANA00001", "UBEN00001", "UDAN00001"
NOW = utc(2027, 1, 4, 9)


def _done(app: RunningApp) -> dict[str, bool]:
    with app.tandem.sessions() as session:
        return {g.text: g.done_at is not None for g in session.scalars(select(Goal))}


def test_the_modal_lists_each_pairs_goals_with_their_progress(app: RunningApp) -> None:
    make_pair(app, ANA, BEN, goals=("Lead planning", "Give feedback"))
    make_pair(app, ANA, DAN, goals=("Own the budget",))
    with app.tandem.sessions.begin() as session:
        goal = session.scalars(select(Goal).where(Goal.text == "Give feedback")).one()
        goal.progress = 40
    view = open_goals(app, ANA)
    assert view["callback_id"] == "goals_done"
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert [b["label"]["text"] for b in inputs] == [
        "udan00001's goals (you are their mentor)",
        "uben00001's goals (you are their mentor)",
    ]
    assert [o["description"]["text"] for o in inputs[1]["element"]["options"]] == [
        "Progress: 0%",
        "Progress: 40%",
    ]
    assert set(goal_options(view)) == {"Lead planning", "Give feedback", "Own the budget"}
    # The mentor may tick a goal too; only the changed goal is celebrated.
    tick_goals(app, ANA, "Own the budget")
    assert _done(app) == {"Lead planning": False, "Give feedback": False, "Own the budget": True}
    assert [kind for _, kind, _ in milestones(app)] == ["goal_done"]


def test_goals_are_marked_from_the_home_tab_and_celebrated_once(app: RunningApp) -> None:
    pair_id, channel = make_pair(app, ANA, BEN, goals=("Lead planning", "Give feedback"))
    app.driver.event({"type": "app_home_opened", "user": BEN, "channel": "D1", "tab": "home"})
    home = app.fake.wait_for("views.publish")[-1].args["view"]
    home = json.loads(home) if isinstance(home, str) else home
    [value] = [
        e["value"]
        for b in home["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "goals_done_open"
    ]
    app.driver.block_action(BEN, "goals_done_open", value=value, view={"id": "VHOME"})
    view = open_view(app, app.fake.wait_for("views.open")[-1])
    [(block, option)] = [v for t, v in goal_options(view).items() if t == "Lead planning"]
    response = app.driver.view_submission(
        BEN, view, state(**{block: {**checkboxes(), "selected_options": [{"value": option}]}})
    )
    saved = response.json()
    assert saved["response_action"] == "update"
    assert "Marked as reached:\n• Lead planning" in saved["view"]["blocks"][0]["text"]["text"]
    tick(app, NOW)
    assert celebrated(app, channel) == ["goal_done"]

    # Unticked and ticked again: the goal is done again, but celebrated only once.
    tick_goals(app, BEN)
    assert _done(app)["Lead planning"] is False
    tick_goals(app, BEN, "Lead planning")
    tick(app, utc(2027, 1, 4, 9, 1))
    assert celebrated(app, channel) == ["goal_done"]
    assert _done(app)["Lead planning"] is True
    assert milestones(app) == [(pair_id, "goal_done", milestones(app)[0][2])]


def test_two_people_saving_at_once_keep_each_others_ticks(app: RunningApp) -> None:
    make_pair(app, ANA, BEN, goals=("Lead planning", "Give feedback"))
    stale = open_goals(app, ANA)  # opened before Ben ticks anything
    tick_goals(app, BEN, "Lead planning")
    options = goal_options(stale)
    block, value = options["Give feedback"]
    app.driver.view_submission(
        ANA, stale, state(**{block: {**checkboxes(), "selected_options": [{"value": value}]}})
    )
    assert _done(app) == {"Lead planning": True, "Give feedback": True}


def test_goals_outside_ones_pairs_are_refused(app: RunningApp) -> None:
    make_pair(app, ANA, BEN, goals=("Lead planning",))
    make_pair(app, DAN, "UEVE00001", goals=("Someone else's goal",))
    view = open_goals(app, ANA)
    with app.tandem.sessions() as session:
        foreign = session.scalars(select(Goal).where(Goal.text == "Someone else's goal")).one()
    forged = {**view, "private_metadata": json.dumps({"goals": {str(foreign.id): False}})}
    block = next(b["block_id"] for b in view["blocks"] if b["type"] == "input")
    answer = app.driver.view_submission(
        ANA,
        forged,
        state(**{block: {**checkboxes(), "selected_options": [{"value": str(foreign.id)}]}}),
    ).json()
    assert answer["response_action"] == "errors"
    assert _done(app)["Someone else's goal"] is False
    with app.tandem.sessions() as session:
        assert session.scalars(select(Milestone)).all() == []


def test_goals_refusals(app: RunningApp) -> None:
    assert "is for people in a mentoring pair" in command_reply(app, ANA, "goals")
    make_pair(app, ANA, BEN)
    assert "your mentee names them" in command_reply(app, ANA, "goals")
    assert "Name up to three in your part of the agreement" in command_reply(app, BEN, "goals")
    assert "takes nothing after it" in command_reply(app, BEN, "goals all")
    assert app.fake.calls_to("views.open") == []
