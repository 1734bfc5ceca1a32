"""Succession steps end to end: role and areas, handovers, readiness rounds, owner status."""

from __future__ import annotations

from typing import Any

from tests.support.celebrations import of_kind
from tests.support.flows import button, click, open_by_command, open_view, state, text_value
from tests.support.runner import RunningApp


def multi(*values: str) -> dict[str, Any]:
    return {"type": "multi_static_select", "selected_options": [{"value": v} for v in values]}


def choice(value: str | None) -> dict[str, Any]:
    """A static select as submitted; None: nothing chosen (Slack sends null)."""
    return {"type": "static_select", "selected_option": {"value": value} if value else None}


def role_values(role: str, *areas: str, other: str = "") -> dict[str, Any]:
    return state(target_role=text_value(role), areas=multi(*areas), other_areas=text_value(other))


def handover_values(shared: str, area: str, how: str) -> dict[str, Any]:
    return state(
        handover_shared=text_value(shared), handover_area=choice(area), handover_how=choice(how)
    )


def input_blocks(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def submit(app: RunningApp, user: str, view: dict[str, Any], values: dict[str, Any]) -> dict:
    """Submit a modal; Slack's answer (empty: it closed)."""
    response = app.driver.view_submission(user, view, values)
    assert response.status == 200, response.body
    return dict(response.json()) if response.body else {}


def log_by_command(app: RunningApp, user: str, channel: str, values: dict[str, Any]) -> dict:
    before = len(app.fake.calls_to("views.open"))
    app.driver.command(user, "handover", channel=channel)
    view = open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])
    return submit(app, user, view, values)


def shortcut_modal(
    app: RunningApp, user: str, channel: str, ts: str, author: str
) -> dict[str, Any]:
    """ "Log knowledge transfer" on a message (the real payload); the modal it opened."""
    before = len(app.fake.calls_to("views.open"))
    response = app.driver.send_payload(
        "message_action_log_handover", USER=user, CHANNEL=channel, MESSAGE_TS=ts, AUTHOR=author
    )
    assert response.status == 200, response.body
    return open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])


def readiness_dms(app: RunningApp, user: str, kind: str = "readiness") -> list[dict[str, Any]]:
    return of_kind(app, app.fake.dm_with(user), kind)


def open_round(app: RunningApp, user: str, message: dict[str, Any]) -> dict[str, Any]:
    """Click "Rate readiness" in the round's DM; the modal."""
    value = str(button(message, "readiness_open")["value"])
    call = click(
        app, user, "readiness_open", value, channel=app.fake.dm_with(user), ts=message["ts"]
    )
    return open_view(app, call)


def rate(app: RunningApp, user: str, view: dict[str, Any], scores: dict[str, str | None]) -> dict:
    """Submit the ratings modal with a score (or None) per area label."""
    labels = {b["label"]["text"]: block_id for block_id, b in input_blocks(view).items()}
    values = {labels[area]: {labels[area]: choice(score)} for area, score in scores.items()}
    return submit(app, user, view, values)


def open_role(app: RunningApp, user: str, text: str = "role", channel: str = "C0GENERAL") -> dict:
    if channel == "C0GENERAL":
        return open_by_command(app, user, text)
    before = len(app.fake.calls_to("views.open"))
    app.driver.command(user, text, channel=channel)
    return open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])
