"""Slack's retries of events (X-Slack-Retry-Num 1, 2, 3: the same body, the same event_id),
one row per thing an event makes Tandem do. Each retry is answered 200 and causes no second
side effect: no row changes, no second message. A retry is only sent when Slack got no 2xx in
time, so the first delivery here is handled in full before the retries come.

Slack retries events only; slash commands, clicks, submissions and shortcuts are never sent
again by Slack (those replays are in tests/test_forged_payloads.py). Milestones and
celebrations come from sweeps over the database, not from events.

How "the retries were handled" is known without waiting a fixed time: after them, Cal (in
no pair) writes in Tandem's DM, which is handled once and recorded with two keys in
handled_events (bot/db/once.py); once those two are there, the event listeners before it
have run, and handled_events must hold exactly those two more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.listeners.registry import listened
from bot.models import HandledEvent
from bot.sandbox import Call
from tests.support.checkins import MENTOR, checkin_of, eventually, prompt_both
from tests.support.deliveries import NOW, plan_note
from tests.support.events import dm_event, event_body, send
from tests.support.hostile import CAL, changed, snapshot
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

FIRST = "1900000101.000100"
POSTING = ("chat.postMessage", "chat.update", "chat.postEphemeral", "views.publish", "files.")


@dataclass(frozen=True)
class Retried:
    """The event (after any steps before it) and when its first delivery is done."""

    event: Callable[[RunningApp], dict[str, Any]]
    done: Callable[[RunningApp], bool]


def _reply(**fields: Any) -> Callable[[RunningApp], dict[str, Any]]:
    def event(app: RunningApp) -> dict[str, Any]:
        return dm_event(app, MENTOR, "I listened more than I talked.", FIRST, **fields)

    return event


def _confirmed(app: RunningApp) -> bool:
    return bool(
        app.fake.calls_to("chat.postMessage", thread_ts=FIRST)
        or app.fake.calls_to("chat.postMessage", thread_ts=checkin_of(app, MENTOR).message_ts)
    )


def _edit(app: RunningApp) -> dict[str, Any]:
    first = dm_event(app, MENTOR, "We set three goals.", FIRST)
    assert send(app, event_body(first, "EvRETRYORIG")).status == 200
    eventually(app, MENTOR, lambda c: c.reflection == "We set three goals.")
    return {
        "type": "message",
        "subtype": "message_changed",
        "channel": first["channel"],
        "channel_type": "im",
        "hidden": True,
        "ts": "1900000101.000200",
        "message": {
            "type": "message",
            "user": MENTOR,
            "text": "We set two goals.",
            "ts": FIRST,
            "edited": {"user": MENTOR, "ts": "1900000101.000200"},
        },
        "previous_message": {"type": "message", "user": MENTOR, "text": "We set three goals."},
    }


def _edited(app: RunningApp) -> bool:
    return checkin_of(app, MENTOR).reflection == "We set two goals."


def _home(app: RunningApp) -> dict[str, Any]:
    return {"type": "app_home_opened", "user": MENTOR, "channel": "D0HOME", "tab": "home"}


def _skipped(app: RunningApp) -> bool:
    from bot.models import Delivery

    with app.tandem.sessions() as session:
        return session.scalar(select(Delivery.state).where(Delivery.key == "note:retry")) == (
            "skipped"
        )


def _removal(event: dict[str, Any]) -> Callable[[RunningApp], dict[str, Any]]:
    def prepared(app: RunningApp) -> dict[str, Any]:
        plan_note(app.tandem, "note:retry", MENTOR, due=NOW)
        return event

    return prepared


RETRIED: dict[str, Retried] = {
    "message: a reply in the DM": Retried(_reply(), _confirmed),
    "message: a thread reply also sent to the DM": Retried(
        lambda app: _reply(
            subtype="thread_broadcast", thread_ts=str(checkin_of(app, MENTOR).message_ts)
        )(app),
        _confirmed,
    ),
    "message: a file with a comment": Retried(
        _reply(subtype="file_share", files=[{"id": "F0001", "name": "notes.txt"}]), _confirmed
    ),
    "message: an edited reply": Retried(_edit, _edited),
    "app_home_opened": Retried(
        _home, lambda app: bool(app.fake.calls_to("views.publish", user_id=MENTOR))
    ),
    "app_uninstalled": Retried(_removal({"type": "app_uninstalled"}), _skipped),
    "tokens_revoked": Retried(
        _removal({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT0001"]}}),
        _skipped,
    ),
}


def test_every_event_listened_to_has_a_row() -> None:
    assert {name.partition(":")[0] for name in RETRIED} == listened().events


def _handled(app: RunningApp) -> int:
    with app.tandem.sessions() as session:
        return session.scalar(select(func.count()).select_from(HandledEvent)) or 0


def _posted(calls: list[Call], barrier: str = "") -> list[tuple[str, str]]:
    """What was shown to people (but the barrier's answer in Cal's DM)."""
    return [
        (c.method, repr(sorted(c.args.items())))
        for c in calls
        if c.method.startswith(POSTING) and c.args.get("channel") not in (CAL, barrier)
    ]


@pytest.mark.parametrize("name", sorted(RETRIED))
def test_a_retried_event_is_answered_200_and_acts_once(app: RunningApp, name: str) -> None:
    prompt_both(app)
    app.fake.add_user(CAL, "cal", tz="Asia/Tokyo")
    row = RETRIED[name]
    body = event_body(row.event(app), "EvRETRY0001")
    assert send(app, body).status == 200
    wait_until(lambda: row.done(app), bool, what=f"the first {name}")
    before, handled, seen = (
        snapshot(app, skip=("handled_events",)),
        _handled(app),
        len(app.fake.calls),
    )

    for retry in (1, 2, 3):
        assert send(app, body, retry=retry).status == 200
    barrier = dm_event(app, CAL, "Hello?", "1900000199.000100")
    assert send(app, event_body(barrier, "EvRETRYBARR")).status == 200
    wait_until(lambda: _handled(app), lambda n: n >= handled + 2, what="Cal's DM handled")

    assert _handled(app) == handled + 2  # Cal's message only
    assert changed(before, snapshot(app, skip=("handled_events",))) == {}
    again = _posted(app.fake.calls[seen:], app.fake.dm_with(CAL))
    if name == "app_home_opened":
        # Showing the Home tab again shows the same view: a retry may be the one that gets it
        # through when the first views.publish was slow.
        first = _posted(app.fake.calls_to("views.publish", user_id=MENTOR)[:1])
        assert set(again) <= set(first), again
    else:
        assert again == [], again
