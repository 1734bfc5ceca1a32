"""Succession, end to end: a pair names its target role and areas (in the agreement, then
with `/mentor role`), and logs knowledge handed over by command and by message shortcut;
refusals for non-members, other channels, unknown areas; a repeated submission kept once."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.models import Handover, SuccessionPlan
from tests.support.celebrations import make_pair
from tests.support.checkins import MENTEE, MENTOR, seed_pair
from tests.support.constants import OWNER
from tests.support.flows import CAL, MENTEE_PART, open_view, reply, state, text_value
from tests.support.runner import RunningApp
from tests.support.succession import (
    handover_values,
    input_blocks,
    log_by_command,
    open_role,
    role_values,
    shortcut_modal,
    submit,
)
from tests.support.waiting import wait_until

DEFAULT = [
    "Stakeholder relationships",
    "Decision making",
    "Team leadership",
    "Domain knowledge",
    "Strategic thinking",
    "Running key processes",
]
AREAS = ["Decision making", "Team leadership", "Budget ownership"]


def _plan(app: RunningApp, pair_id: int) -> tuple[str, list[str]] | None:
    with app.tandem.sessions() as session:
        plan = session.get(SuccessionPlan, pair_id)
        return (plan.target_role, list(plan.areas)) if plan else None


def _handovers(app: RunningApp) -> list[tuple[str, str, str, str | None]]:
    with app.tandem.sessions() as session:
        rows = session.scalars(select(Handover).order_by(Handover.id))
        return [(h.area, h.how, h.shared, h.source_ts) for h in rows]


def _agreement_modal(app: RunningApp, pair_id: int, channel: str) -> dict:
    before = len(app.fake.calls_to("views.open"))
    app.driver.block_action(MENTEE, "agreement_open", value=str(pair_id), channel=channel)
    return open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])


def _set_role(app: RunningApp) -> tuple[int, str]:
    """The mentee names the role in the agreement, then the mentor narrows the areas."""
    pair_id, channel = seed_pair(app)
    assert channel is not None
    view = _agreement_modal(app, pair_id, channel)
    areas = input_blocks(view)["areas"]["element"]
    assert [o["value"] for o in areas["options"]] == DEFAULT
    assert [o["value"] for o in areas["initial_options"]] == DEFAULT  # preselected
    values = {**MENTEE_PART, **role_values("Head of Operations", *DEFAULT[:3])}
    assert submit(app, MENTEE, view, values) == {}
    assert _plan(app, pair_id) == ("Head of Operations", DEFAULT[:3])

    view = open_role(app, MENTOR, channel=channel)
    shown = input_blocks(view)
    assert shown["target_role"]["element"]["initial_value"] == "Head of Operations"
    assert [o["value"] for o in shown["areas"]["element"]["initial_options"]] == DEFAULT[:3]
    refused = submit(app, MENTOR, view, role_values("Head of Operations", "Astrology"))
    assert refused["response_action"] == "errors" and "areas" in refused["errors"]
    answer = submit(
        app, MENTOR, view, role_values("Head of Operations", *AREAS[:2], other=AREAS[2])
    )
    assert answer["response_action"] == "update"
    assert _plan(app, pair_id) == ("Head of Operations", AREAS)
    return pair_id, channel


def test_a_pair_names_its_role_and_logs_three_handovers(app: RunningApp) -> None:
    _, channel = _set_role(app)

    # By command, in the pair channel.
    answer = log_by_command(
        app,
        MENTOR,
        channel,
        handover_values("How I prepare the board pack", AREAS[0], "conversation"),
    )
    assert answer == {}
    # By the message shortcut: the modal is prefilled with the message as it was written.
    view = shortcut_modal(app, MENTEE, channel, "1800000100.000100", MENTOR)
    shared = input_blocks(view)["handover_shared"]["element"]["initial_value"]
    assert shared == (
        "Budget review: start from the variance report & ask finance for the forecast "
        "<before> the Monday call"
    )
    assert [o["value"] for o in input_blocks(view)["handover_area"]["element"]["options"]] == AREAS
    assert submit(app, MENTEE, view, handover_values(shared, AREAS[2], "document")) == {}
    again = submit(app, MENTEE, view, handover_values(shared, AREAS[2], "document"))
    assert again == {}  # the same modal submitted twice is kept once
    view = shortcut_modal(app, MENTOR, channel, "1800000200.000100", MENTOR)
    assert submit(app, MENTOR, view, handover_values("Shadow my 1:1s", AREAS[0], "shadowing")) == {}

    assert _handovers(app) == [
        (AREAS[0], "conversation", "How I prepare the board pack", None),
        (AREAS[2], "document", shared, "1800000100.000100"),
        (AREAS[0], "shadowing", "Shadow my 1:1s", "1800000200.000100"),
    ]
    notes = wait_until(
        lambda: [
            m["text"] for m in app.fake.messages_in(channel) if "Knowledge transfer" in m["text"]
        ],
        lambda found: len(found) == 3,
        what="three notes in the pair channel",
    )
    assert "&lt;before&gt;" in notes[1] and "<before>" not in notes[1]
    # Listed on the Home tab of both members, newest first.
    for user in (MENTOR, MENTEE):
        app.driver.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
        home = app.fake.wait_for("views.publish", lambda c, u=user: c.args["user_id"] == u)[-1]
        text = json.dumps(home.args["view"])
        assert "*Preparing for:* Head of Operations" in text
        assert "*Knowledge transfer* (3 logged)" in text
        assert text.index("Shadow my 1:1s") < text.index("How I prepare the board pack")
    assert f"<@{MENTEE}>" in notes[1] and "_Budget ownership_ (Document)" in notes[1]


def test_handovers_are_refused_kindly_and_change_nothing(app: RunningApp) -> None:
    _, channel = _set_role(app)
    app.fake.add_user(CAL, "cal")
    other_pair, other_channel = make_pair(app, "UMENTOR02", "UMENTEE02")

    # Someone outside the pair uses the shortcut in the pair channel: refused in their view.
    before = len(app.fake.calls_to("response_url"))
    app.driver.send_payload(
        "message_action_log_handover",
        USER=CAL,
        CHANNEL=channel,
        MESSAGE_TS="1800000300.000100",
        AUTHOR=MENTOR,
    )
    assert "own pair channel" in reply(app, before + 1)["text"]
    # A member uses it on a message in a channel that is not their pair's.
    app.driver.send_payload(
        "message_action_log_handover",
        USER=MENTEE,
        CHANNEL=other_channel,
        MESSAGE_TS="1800000400.000100",
        AUTHOR="UMENTOR02",
    )
    assert "own pair channel" in reply(app, before + 2)["text"]
    # `/mentor handover` from someone in no pair: told so, and no form opens.
    opened = len(app.fake.calls_to("views.open"))
    app.driver.command(CAL, "handover")
    assert "pair" in reply(app, before + 3)["text"]
    assert len(app.fake.calls_to("views.open")) == opened

    view = shortcut_modal(app, MENTEE, channel, "1800000500.000100", MENTOR)
    unknown = submit(app, MENTEE, view, handover_values("Notes", "Astrology", "document"))
    assert unknown["errors"] == {"handover_area": unknown["errors"]["handover_area"]}
    assert "not on this pair's list" in unknown["errors"]["handover_area"]
    bad_how = submit(app, MENTEE, view, handover_values("Notes", AREAS[0], "telepathy"))
    assert set(bad_how["errors"]) == {"handover_how"}
    # A forged submission by someone outside the pair.
    outsider = submit(app, CAL, view, handover_values("Notes", AREAS[0], "document"))
    assert "Only the mentor and the mentee" in outsider["errors"]["handover_shared"]
    # The owner's program list: an empty list is refused, a new one offered to pairs.
    areas_view = open_role(app, OWNER, "areas")
    empty = submit(app, OWNER, areas_view, state(area_list=text_value("  \n")))
    assert "area_list" in empty["errors"]
    saved = submit(app, OWNER, areas_view, state(area_list=text_value("- Hiring\n- Budgeting")))
    assert saved["response_action"] == "update"
    other_view = open_role(app, "UMENTEE02", channel=other_channel)
    assert [o["value"] for o in input_blocks(other_view)["areas"]["element"]["options"]] == [
        "Hiring",
        "Budgeting",
    ]
    assert _handovers(app) == []
    assert _plan(app, other_pair) is None
