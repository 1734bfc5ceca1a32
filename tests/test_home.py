"""The App Home tab: the person's pair, goals and agreement, buttons that work from there."""

from sqlalchemy import select

from bot.models import Goal
from tests.support.constants import OWNER
from tests.support.flows import (
    ANA,
    BEN,
    CAL,
    MENTEE_PART,
    add_people,
    button,
    open_view,
    pair_up,
    share_part,
    state,
    text_value,
    welcome_of,
)
from tests.support.runner import RunningApp


def _home(app: RunningApp, user: str) -> dict:
    before = len(app.fake.calls_to("views.publish", user_id=user))
    app.driver.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    app.fake.wait_for("views.publish", lambda c: c.args["user_id"] == user, count=before + 1)
    return app.fake.homes[user]


def _text(home: dict) -> str:
    parts = []
    for block in home["blocks"]:
        if block["type"] in ("section", "header"):
            parts.append(block["text"]["text"])
        elif block["type"] == "context":
            parts += [e["text"] for e in block["elements"]]
    return "\n".join(parts)


def _buttons(home: dict) -> list[tuple[str, str, str]]:
    return [
        (e["action_id"], e["value"], e["text"]["text"])
        for b in home["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def _share_mentee_part(app: RunningApp, channel: str) -> None:
    share_part(app, BEN, channel, MENTEE_PART)


def test_the_home_tab_shows_the_pair_goals_and_agreement(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    _share_mentee_part(app, channel)
    pair_id = button(welcome_of(app, channel), "agreement_open")["value"]

    ben = _home(app, BEN)
    text = _text(ben)
    assert text.startswith("Your mentorships\n")
    assert f"*<@{ANA}> is mentoring you* in <#{channel}>" in text
    assert "Started today." in text
    assert "1. Run the quarterly planning on my own\n2. Give feedback to peers" in text
    assert f"Agreement: your part is in; waiting for <@{ANA}>'s." in text
    assert _buttons(ben) == [
        ("agreement_open", pair_id, "Edit my part of the agreement"),
        ("goals_edit", pair_id, "Edit goals"),
        ("goals_done_open", pair_id, "Mark goals done"),
        ("feedback_open", f"{pair_id}:0", "Give feedback"),
    ]
    assert "Program" not in text.splitlines()

    ana = _home(app, ANA)
    assert f"*You are mentoring <@{BEN}>* in <#{channel}>" in _text(ana)
    assert f"Agreement: <@{BEN}> has shared their part; yours is still missing." in _text(ana)
    assert _buttons(ana) == [
        ("agreement_open", pair_id, "Set up our agreement"),
        ("goals_done_open", pair_id, "Mark goals done"),
        ("feedback_open", f"{pair_id}:0", "Give feedback"),
    ]


def test_owners_also_see_the_program(app: RunningApp) -> None:
    add_people(app)
    pair_up(app)
    text = _text(_home(app, OWNER))
    assert "You are not in a mentorship pair yet." in text
    assert "\nProgram\n1 active pair, 0 paused · 0 agreements set" in text
    assert "`/mentor pair @mentor @mentee [#channel]`" in text
    member = _text(_home(app, CAL))
    assert "Program" not in member.splitlines() and "/mentor pair @mentor" not in member


def test_goals_are_edited_from_home(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    _share_mentee_part(app, channel)
    _, goals_button, _, _ = _buttons(_home(app, BEN))
    opened = len(app.fake.calls_to("views.open"))
    app.driver.block_action(BEN, "goals_edit", value=goals_button[1], view={"id": "VHOME"})
    view = open_view(app, app.fake.wait_for("views.open", count=opened + 1)[-1])
    assert view["callback_id"] == "goals"
    first = next(b for b in view["blocks"] if b.get("block_id") == "goal_1")
    assert first["element"]["initial_value"] == "Run the quarterly planning on my own"
    new_goals = state(
        goal_1=text_value("Own the planning meeting"),
        success_1=text_value("I run it without help"),
        goal_2=text_value(""),
        success_2=text_value(""),
        goal_3=text_value(""),
        success_3=text_value(""),
    )
    assert app.driver.view_submission(BEN, view, new_goals).body == ""
    app.fake.wait_for("chat.postMessage", lambda c: "updated their goals" in c.args.get("text", ""))
    with app.tandem.sessions() as session:
        assert [g.text for g in session.scalars(select(Goal))] == ["Own the planning meeting"]
    # the mentor cannot edit the mentee's goals; from Home the answer comes by DM
    app.driver.block_action(ANA, "goals_edit", value=goals_button[1], view={"id": "VHOME"})
    refusal = app.fake.wait_for("chat.postMessage", lambda c: c.args.get("channel") == ANA)[0]
    assert refusal.args["text"].startswith(f"Goals belong to the mentee, so <@{BEN}> edits them.")


def test_a_paused_member_sees_it_on_home(app: RunningApp) -> None:
    add_people(app)
    pair_up(app)
    app.driver.command(BEN, "pause")
    app.fake.wait_for("response_url", count=2)
    assert "Your check-ins are paused until you type `/mentor resume`." in _text(_home(app, BEN))
