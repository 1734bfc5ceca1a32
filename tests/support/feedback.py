"""A pair's feedback driven end to end: ticks up to a feedback round, the nudge's button,
the modal submitted, and what reached each person's DM."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.models import Feedback, FeedbackNudge
from bot.sandbox import Call
from tests.support.checkins import CREATED, MENTEE, MENTOR, posts, seed_pair, tick, utc
from tests.support.flows import button, open_view, state, text_value
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

# With the default of every second check-in round: check-ins on Tuesdays 12 and 19 January
# (10:00 in Berlin = 09:00 UTC for the mentor, 10:00 in New York = 15:00 UTC for the
# mentee); the nudges the next day at the same local times; the round closes a week later.
ROUND_TWO = (CREATED, utc(2027, 1, 12, 9), utc(2027, 1, 12, 15), utc(2027, 1, 19, 9))
MENTOR_NUDGE, MENTEE_NUDGE = utc(2027, 1, 20, 9), utc(2027, 1, 20, 15)
CLOSES = utc(2027, 1, 27, 9)

MENTOR_WORDS = {
    "situation": "In Thursday's budget review",
    "behaviour": "you asked me to walk the team through the numbers & waited before helping",
    "impact": "I found my own gap in the forecast, and the team now asks me about it",
    "next_step": "Lead the next review start to finish",
}
MENTEE_WORDS = {
    "situation": "When we prepared my first planning session",
    "behaviour": "you shared the agenda you used in your first year, mistakes included",
    "impact": "I stopped trying to get it perfect and got it done",
    "next_step": "More stories like that one, please",
}


def at(app: RunningApp, when: datetime) -> list[str]:
    """The app's clock at `when`, and one `tandem tick --now WHEN`."""
    app.tandem.clock.at = when  # type: ignore[attr-defined]
    return tick(app, when)


def until(app: RunningApp, *times: datetime) -> None:
    for when in times:
        at(app, when)


def to_round_two(app: RunningApp, **seed: Any) -> tuple[int, str | None]:
    """The pair seeded and its check-ins up to the second round's (the mentee's not yet)."""
    pair_id, channel = seed_pair(app, **seed)
    until(app, *ROUND_TWO)
    return pair_id, channel


def nudges(app: RunningApp, user: str) -> list[Call]:
    return posts(app, user, "feedback_nudge")


def reminders(app: RunningApp, user: str) -> list[Call]:
    return posts(app, user, "feedback_reminder")


def delivered_to(app: RunningApp, user: str) -> list[Call]:
    return posts(app, user, "feedback_delivery")


def told(app: RunningApp, user: str) -> list[Call]:
    return posts(app, user, "feedback_received")


def blocks_of(call: Call) -> list[dict[str, Any]]:
    blocks = call.args.get("blocks") or []
    return list(json.loads(blocks) if isinstance(blocks, str) else blocks)


def dm_of(app: RunningApp, call: Call) -> dict[str, Any]:
    """The message a chat.postMessage call left in the fake (its ts, blocks, channel)."""
    channel, ts = call.response["channel"], call.response["ts"]
    found = next(m for m in app.fake.messages_in(channel) if m["ts"] == ts)
    return {**found, "channel": channel}


def open_from(app: RunningApp, user: str, call: Call) -> dict[str, Any]:
    """Click the "Give feedback" button of a nudge or reminder; the modal it opened."""
    message = dm_of(app, call)
    value = str(button(message, "feedback_open")["value"])
    before = len(app.fake.calls_to("views.open"))
    app.driver.block_action(
        user, "feedback_open", value=value, channel=message["channel"], message_ts=message["ts"]
    )
    return open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])


def open_by_command(app: RunningApp, user: str, text: str = "feedback") -> dict[str, Any]:
    before = len(app.fake.calls_to("views.open"))
    app.driver.command(user, text)
    return open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])


def submit(app: RunningApp, user: str, view: dict[str, Any], words: dict[str, str]) -> dict:
    """Submit the feedback modal; Slack's answer (errors, or the view shown instead)."""
    values = state(**{name: text_value(text) for name, text in words.items()})
    response = app.driver.view_submission(user, view, values)
    assert response.status == 200, response.body
    return dict(json.loads(response.body)) if response.body else {}


def give(app: RunningApp, user: str, view: dict[str, Any], words: dict[str, str]) -> str:
    """Submit and expect it accepted; the text of the view that says what happens now."""
    answer = submit(app, user, view, words)
    assert answer.get("response_action") == "update", answer
    return str(answer["view"]["blocks"][0]["text"]["text"])


def feedback_rows(app: RunningApp) -> list[Feedback]:
    with app.tandem.sessions() as session:
        return list(session.scalars(select(Feedback).order_by(Feedback.id)))


def nudge_rows(app: RunningApp) -> list[FeedbackNudge]:
    with app.tandem.sessions() as session:
        return list(session.scalars(select(FeedbackNudge).order_by(FeedbackNudge.id)))


def text_of(call: Call) -> str:
    """Everything a delivered message shows, as one string."""
    return json.dumps(blocks_of(call), ensure_ascii=False) + str(call.args.get("text"))


def wait_for_reply(app: RunningApp, count: int) -> dict[str, Any]:
    return app.fake.wait_for("response_url", count=count)[-1].args


def everyone_dm(app: RunningApp) -> tuple[str, str]:
    return app.fake.dm_with(MENTOR), app.fake.dm_with(MENTEE)


def wait_rows(app: RunningApp, count: int) -> list[Feedback]:
    return wait_until(lambda: feedback_rows(app), lambda r: len(r) >= count, what="feedback")
