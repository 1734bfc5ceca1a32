"""Pairs with goals and a channel, goals ticked in the modal, and reading celebrations back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.formatting import unescape
from bot.models import Goal, Milestone, ProgramSettings
from bot.sandbox import BOT_USER, TEAM
from tests.support import factories
from tests.support.checkins import CREATED, checkin_of, press, tick
from tests.support.constants import OWNER
from tests.support.flows import checkboxes, open_view, reply, settings_form, state
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until


def payload_of(message: dict[str, Any]) -> dict[str, Any]:
    return dict((message.get("metadata") or {}).get("event_payload") or {})


def of_kind(app: RunningApp, channel: str, kind: str) -> list[dict[str, Any]]:
    """Messages in the channel that Tandem sent as this outbox kind."""
    return [m for m in app.fake.messages_in(channel) if payload_of(m).get("kind") == kind]


def celebrated(app: RunningApp, channel: str) -> list[str]:
    """The milestone kinds celebrated in a pair channel, in order (from their keys)."""
    return [payload_of(m)["key"].split(":")[2] for m in of_kind(app, channel, "milestone")]


def reactions(message: dict[str, Any]) -> list[str]:
    return [r["name"] for r in message.get("reactions") or [] if BOT_USER in r["users"]]


def make_pair(
    app: RunningApp,
    mentor: str,
    mentee: str,
    *,
    goals: tuple[str, ...] = (),
    created: datetime = CREATED,
) -> tuple[int, str]:
    """Two people (in Slack and stored), paired at `created` in a private channel of theirs."""
    for user in (mentor, mentee):
        if user not in app.fake.users:
            app.fake.add_user(user, user.lower())
    channel = app.fake.add_channel(
        f"mentoring-{mentor.lower()}-{mentee.lower()}",
        private=True,
        members=(BOT_USER, mentor, mentee),
    )
    with app.tandem.sessions.begin() as session:
        people = []
        for user in (mentor, mentee):
            found = factories.known(session, user)
            people.append(found or factories.member(session, user, now=created))
        pair = factories.pair(session, people[0], people[1], now=created, channel_id=channel)
        for position, text in enumerate(goals, start=1):
            session.add(Goal(pair_id=pair.id, position=position, text=text, created_at=created))
        return pair.id, channel


def set_shoutout_channel(app: RunningApp, channel: str | None) -> None:
    """The owner picks the shoutout channel in `/mentor settings` (and saves)."""
    before = len(app.fake.calls_to("views.open"))
    app.driver.command(OWNER, "settings")
    view = open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])
    values = settings_form(channel)
    answer = app.driver.view_submission(OWNER, view, values).json()
    assert answer["response_action"] == "update", answer
    # A new channel is joined and saved after the ack: wait until it is saved.
    with app.tandem.sessions() as session:
        wait_until(
            lambda: session.get(ProgramSettings, TEAM, populate_existing=True),
            lambda row: row is not None and row.shoutout_channel_id == channel,
            what=f"the shoutout channel {channel} saved",
        )


def open_goals(app: RunningApp, user: str) -> dict[str, Any]:
    """`/mentor goals`: the modal Tandem opened."""
    before = len(app.fake.calls_to("views.open"))
    app.driver.command(user, "goals")
    return open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])


def goal_options(view: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each goal's option text (as written) -> (its block_id, its value)."""
    found = {}
    for block in view["blocks"]:
        if block["type"] == "input":
            for option in block["element"]["options"]:
                text = unescape(option["text"]["text"])
                found[text] = (block["block_id"], option["value"])
    return found


def tick_goals(app: RunningApp, user: str, *texts: str) -> dict[str, Any]:
    """Open `/mentor goals`, leave exactly these goals ticked, save; Slack's answer."""
    view = open_goals(app, user)
    options = goal_options(view)
    values: dict[str, dict[str, Any]] = {}
    for block, _ in options.values():
        values.setdefault(block, checkboxes())
    for text in texts:
        block, value = options[text]
        values[block]["selected_options"].append({"value": value})
    response = app.driver.view_submission(user, view, state(**values))
    assert response.status == 200
    return dict(response.json())


def milestones(app: RunningApp) -> list[tuple[int, str, str]]:
    with app.tandem.sessions() as session:
        rows = session.scalars(select(Milestone).order_by(Milestone.id))
        return [(m.pair_id, m.kind, m.ref) for m in rows]


def answer_week(app: RunningApp, mentor: str, mentee: str, tuesday: datetime) -> None:
    """Both members' check-ins of this Tuesday go out and both give a pulse; then a pass."""
    tick(app, tuesday.replace(hour=9))  # 10:00 in Berlin
    tick(app, tuesday.replace(hour=15))  # 10:00 in New York
    app.tandem.clock.at = tuesday.replace(hour=16)  # type: ignore[attr-defined]
    for user in (mentor, mentee):
        checkin = checkin_of(app, user)
        press(app, user, "checkin_pulse_4", checkin)
        wait_until(lambda u=user: checkin_of(app, u).pulse, bool, what=f"{user}'s pulse")
    tick(app, tuesday.replace(hour=16))


def command_reply(app: RunningApp, user: str, text: str) -> str:
    """Run `/mentor <text>` as `user`; the ephemeral answer."""
    before = len(app.fake.calls_to("response_url"))
    app.driver.command(user, text)
    return str(reply(app, before + 1)["text"])
