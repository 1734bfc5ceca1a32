"""A pair in two time zones, `tandem tick --now`, and reading check-ins back from the fake."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.cli import main
from bot.models import CheckIn, Goal, Member
from bot.sandbox import BOT_USER, Call
from tests.support import factories
from tests.support.constants import BOT_TOKEN
from tests.support.flows import checkboxes, click, open_view, state, text_value
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

MENTOR = "UMENTOR01"  # Berlin: UTC+1 in winter
MENTEE = "UMENTEE01"  # New York: UTC-5 in winter
BERLIN, NEW_YORK = "Europe/Berlin", "America/New_York"
# Monday 4 January 2027, 09:00 UTC: the first check-ins are on Tuesday 12 January.
CREATED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def seed_pair(
    app: RunningApp,
    *,
    created: datetime = CREATED,
    goals: tuple[str, ...] = (),
    channel: bool = True,
) -> tuple[int, str | None]:
    """A mentor in Berlin and a mentee in New York, paired (as plain rows) at `created`."""
    app.fake.add_user(MENTOR, "ana", tz=BERLIN)
    app.fake.add_user(MENTEE, "ben", tz=NEW_YORK)
    channel_id = (
        app.fake.add_channel("mentoring-ana-ben", private=True, members=(BOT_USER, MENTOR, MENTEE))
        if channel
        else None
    )
    with app.tandem.sessions.begin() as session:
        mentor = factories.member(session, MENTOR, tz=BERLIN, now=created)
        mentee = factories.member(session, MENTEE, tz=NEW_YORK, now=created)
        pair = factories.pair(session, mentor, mentee, now=created, channel_id=channel_id)
        for position, text in enumerate(goals, start=1):
            session.add(Goal(pair_id=pair.id, position=position, text=text, created_at=created))
        return pair.id, channel_id


def tick(app: RunningApp, when: datetime) -> list[str]:
    """`tandem tick --now WHEN` in this process, against the app's database and fake Slack."""
    env = {
        "DATABASE_URL": app.tandem.settings.database_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": app.fake.api_url,
    }
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["tick", "--now", when.isoformat().replace("+00:00", "Z")], env=env)
    assert code == 0, out.getvalue()
    return out.getvalue().splitlines()


def posts(app: RunningApp, user: str, kind: str = "checkin") -> list[Call]:
    """Scheduled messages of one kind that reached this person (DMs are posted to the user)."""
    found = []
    for call in app.fake.calls_to("chat.postMessage", channel=user):
        metadata = call.args.get("metadata") or {}
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        if call.ok and metadata.get("event_payload", {}).get("kind") == kind:
            found.append(call)
    return found


def checkin_of(app: RunningApp, user: str, *, state: str | None = None) -> CheckIn:
    """The person's newest check-in that was sent (optionally: in this state)."""
    query = (
        select(CheckIn)
        .join(Member, Member.id == CheckIn.member_id)
        .where(Member.user_id == user, CheckIn.sent_at.is_not(None))
        .order_by(CheckIn.period.desc())
    )
    if state is not None:
        query = query.where(CheckIn.state == state)
    with app.tandem.sessions() as session:
        found = session.scalars(query).first()
    assert found is not None, f"no sent check-in for {user}"
    return found


def eventually(app: RunningApp, user: str, check: Callable[[CheckIn], bool]) -> CheckIn:
    """The person's newest check-in once `check` holds (listeners finish after Slack's ack);
    the newest as it stands if it never does, for the caller's assertion to explain."""
    try:
        return wait_until(lambda: checkin_of(app, user), check, what=f"{user}'s check-in")
    except AssertionError:
        return checkin_of(app, user)


def dm_message(app: RunningApp, checkin: CheckIn) -> dict[str, Any]:
    """The check-in's DM as it stands in the fake now (after any chat.update)."""
    assert checkin.channel_id and checkin.message_ts
    for message in app.fake.messages_in(checkin.channel_id):
        if message["ts"] == checkin.message_ts:
            return message
    raise AssertionError("the check-in DM is not in the fake")


def block_text(message: dict[str, Any]) -> str:
    """All visible text of a message's blocks, joined."""
    parts = []
    for block in message.get("blocks") or []:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(text.get("text", ""))
        for element in block.get("elements") or []:
            if isinstance(element.get("text"), str):
                parts.append(element["text"])
    return "\n".join(parts)


def prompt_both(app: RunningApp, **seed: Any) -> tuple[int, str | None]:
    """The pair seeded and both check-ins of Tuesday 12 January sent; the app's clock is
    then 16:00 UTC that day (both are open)."""
    pair_id, channel = seed_pair(app, **seed)
    for when in (CREATED, utc(2027, 1, 12, 9), utc(2027, 1, 12, 15)):
        tick(app, when)  # planned; 10:00 in Berlin; 10:00 in New York
    app.tandem.clock.at = utc(2027, 1, 12, 16)  # type: ignore[attr-defined]
    return pair_id, channel


def click_in_dm(app: RunningApp, user: str, action_id: str, checkin: CheckIn, **extra: Any) -> None:
    """Click a control in the check-in DM (value: the check-in, unless `value` is given)."""
    value = extra.pop("value", str(checkin.id))
    app.driver.block_action(
        user,
        action_id,
        value=value,
        channel=checkin.channel_id,
        message_ts=checkin.message_ts,
        **extra,
    )


def press(app: RunningApp, user: str, action_id: str, checkin: CheckIn, **extra: Any) -> None:
    """Click a control in the check-in DM; wait until Tandem updated the DM or replied."""
    updates = len(app.fake.updates())
    replies = len(app.fake.calls_to("response_url"))
    click_in_dm(app, user, action_id, checkin, **extra)
    wait_until(
        lambda: (len(app.fake.updates()), len(app.fake.calls_to("response_url"))),
        lambda seen: seen[0] > updates or seen[1] > replies,
        what=f"an answer to {action_id}",
    )


def open_reflection(app: RunningApp, user: str, checkin: CheckIn) -> dict[str, Any]:
    """Click Reflect in the check-in DM; the modal Tandem opened."""
    call = click(
        app,
        user,
        "checkin_reflect",
        str(checkin.id),
        channel=checkin.channel_id,
        ts=checkin.message_ts or "",
    )
    return open_view(app, call)


def submit_reflection(
    app: RunningApp, user: str, view: dict[str, Any], text: str, share: bool = False
) -> dict[str, Any]:
    """Submit the reflection modal; Slack's answer to the submission (empty: it closed)."""
    values = state(
        reflection=text_value(text),
        reflection_share=checkboxes("share") if share else checkboxes(),
    )
    response = app.driver.view_submission(user, view, values)
    assert response.status == 200
    return dict(json.loads(response.body)) if response.body else {}
