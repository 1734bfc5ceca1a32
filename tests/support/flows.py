"""Steps people take in Slack, driven end to end: pairing two people, filling the agreement."""

from __future__ import annotations

from typing import Any

from bot.sandbox import Call
from tests.support.constants import OWNER
from tests.support.runner import RunningApp

ANA = "UANA00001"  # a mentor in Lisbon
BEN = "UBEN00001"  # a mentee in Chicago
CAL = "UCAL00001"  # someone outside the pair


def add_people(app: RunningApp) -> None:
    app.fake.add_user(ANA, "ana", tz="Europe/Lisbon", email="ana@example.com")
    app.fake.add_user(BEN, "ben", tz="America/Chicago", email="ben@example.com")
    app.fake.add_user(CAL, "cal", tz="Asia/Tokyo", email="cal@example.com")


def reply(app: RunningApp, count: int = 1) -> dict[str, Any]:
    """The newest message sent to a response_url (an ephemeral answer)."""
    return app.fake.wait_for("response_url", count=count)[-1].args


def pair_up(app: RunningApp, mentor: str = ANA, mentee: str = BEN, extra: str = "") -> str:
    """Run `/mentor pair` as the owner; return the pair channel's ID."""
    before = len(app.fake.calls_to("response_url"))
    app.driver.command(OWNER, f"pair <@{mentor}|m> <@{mentee}|e> {extra}".strip())
    text = reply(app, before + 1)["text"]
    assert text.startswith("Paired"), text
    welcome = app.fake.calls_to("chat.postMessage")[-1]
    return str(welcome.response["channel"])


def welcome_of(app: RunningApp, channel: str) -> dict[str, Any]:
    return app.fake.messages_in(channel)[0]


def button(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no {action_id} button in {message.get('text')!r}")


def click(
    app: RunningApp, user: str, action_id: str, value: str, *, channel: str | None, ts: str = ""
) -> Call:
    """Click a button; return the views.open call it led to (or raise if none came)."""
    before = len(app.fake.calls_to("views.open"))
    app.driver.block_action(user, action_id, value=value, channel=channel, message_ts=ts or None)
    return app.fake.wait_for("views.open", count=before + 1)[-1]


def text_value(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def select_value(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


def checkboxes(*values: str) -> dict[str, Any]:
    return {"type": "checkboxes", "selected_options": [{"value": v} for v in values]}


def state(**fields: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """state.values as Slack sends it: each input block's one element under the same ID."""
    return {block: {block: element} for block, element in fields.items()}


SETTINGS_DEFAULTS = {
    "cadence": "weekly",
    "cadence_weekday": "1",
    "cadence_time": "10:00",
    "tips": "7",
    "tips_weekday": "3",
    "tips_time": "10:00",
    "feedback_every": "2",
    "digest": "on",
    "reflections_kept": "forever",
}


def settings_form(
    channel: str | None = None, **choices: str
) -> dict[str, dict[str, dict[str, Any]]]:
    """Every field of the `/mentor settings` modal as an owner submits it: the defaults, with
    `choices` (by block id) changed."""
    fields: dict[str, dict[str, Any]] = {
        "shoutout_channel": {"type": "channels_select", "selected_channel": channel}
    }
    for block, value in {**SETTINGS_DEFAULTS, **choices}.items():
        if block.endswith("_time"):
            fields[block] = {"type": "timepicker", "selected_time": value}
        else:
            fields[block] = select_value(value)
    return state(**fields)


MENTEE_PART = state(
    goal_1=text_value("Run the quarterly planning on my own"),
    success_1=text_value("I lead it end to end & the team leaves with owners"),
    goal_2=text_value("Give feedback to peers"),
    success_2=text_value("Two peers say it helped them"),
    goal_3=text_value(""),
    success_3=text_value(""),
    rhythm=select_value("biweekly"),
    ground_rules=text_value("- We keep it between us\n- Come prepared"),
)

MENTOR_PART = state(
    offers=checkboxes("experience", "shadowing"),
    offer_other=text_value("Reviewing your first budget"),
    availability=text_value("Tuesday afternoons"),
    rhythm=select_value("biweekly"),
    ground_rules=text_value("Come prepared\nCandid feedback both ways"),
)


def open_view(app: RunningApp, call: Call) -> dict[str, Any]:
    """The stored view (with its id) that a views.open call created."""
    return dict(call.response["view"])


def click_agreement(app: RunningApp, user: str, channel: str) -> str:
    """Click "Set up our agreement" in the pair channel's welcome; the pair ID it carries."""
    welcome = welcome_of(app, channel)
    value = str(button(welcome, "agreement_open")["value"])
    app.driver.block_action(
        user, "agreement_open", value=value, channel=channel, message_ts=welcome["ts"]
    )
    return value


def open_agreement(app: RunningApp, user: str, channel: str) -> dict[str, Any]:
    """Click the welcome's agreement button; the modal Tandem opened for this person."""
    before = len(app.fake.calls_to("views.open"))
    click_agreement(app, user, channel)
    return open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])


def share_part(app: RunningApp, user: str, channel: str, part: dict[str, Any]) -> None:
    """Open this person's part of the agreement, submit it, and wait for it in the channel."""
    posted = len(app.fake.calls_to("chat.postMessage", channel=channel))
    app.driver.view_submission(user, open_agreement(app, user, channel), part)
    app.fake.wait_for(
        "chat.postMessage", lambda c: c.args.get("channel") == channel, count=posted + 1
    )


def open_by_command(app: RunningApp, user: str, text: str) -> dict[str, Any]:
    """Run `/mentor <text>`; the modal it opened (waiting for this one, not an earlier one)."""
    before = len(app.fake.calls_to("views.open"))
    app.driver.command(user, text)
    return open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])
