"""Replies in the DM as Slack really sends them: retries, thread replies also sent to the
channel, edits, deletions; each handled once and confirmed in the right thread."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.models import HandledEvent
from tests.support.checkins import MENTOR, checkin_of, eventually, prompt_both
from tests.support.events import dm_event, event_body, send
from tests.support.runner import RunningApp


def _confirmations(app: RunningApp, thread: str) -> list[str]:
    return [
        c.args["text"]
        for c in app.fake.calls_to("chat.postMessage")
        if c.args.get("thread_ts") == thread
    ]


def test_a_retried_event_is_answered_200_and_kept_once(app: RunningApp) -> None:
    prompt_both(app)
    event = dm_event(app, MENTOR, "I listened more than I talked.", "1900000001.000100")
    body = event_body(event, "Ev0000REPLY1")
    assert send(app, body).status == 200
    app.fake.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") == event["ts"])
    for retry in (1, 2):  # Slack got no 2xx in time and sends it again
        assert send(app, body, retry=retry).status == 200
    # The same message as a new event (another event_id) is recognised by channel and ts.
    assert send(app, event_body(event, "Ev0000REPLY2")).status == 200
    eventually(app, MENTOR, lambda c: c.reflection is not None)
    with app.tandem.sessions() as session:
        handled = session.scalar(select(func.count()).select_from(HandledEvent))
    assert handled == 2  # the first event's id and the message's channel:ts
    assert checkin_of(app, MENTOR).reflection == "I listened more than I talked."
    assert len(_confirmations(app, event["ts"])) == 1


def test_a_thread_reply_also_sent_as_a_message_is_kept_and_confirmed_in_its_thread(
    app: RunningApp,
) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    parent = str(checkin.message_ts)
    event = dm_event(
        app,
        MENTOR,
        "Asking before advising worked.",
        "1900000002.000100",
        subtype="thread_broadcast",
        thread_ts=parent,
    )
    assert send(app, event_body(event, "Ev0000BROAD1")).status == 200
    [confirm] = app.fake.wait_for(
        "chat.postMessage", lambda c: c.args.get("thread_ts") == parent and c.args["channel"]
    )
    assert confirm.args["text"].startswith("Saved as your reflection")
    assert _confirmations(app, event["ts"]) == []  # never a thread under the reply itself
    assert checkin_of(app, MENTOR).reflection == "Asking before advising worked."


def test_an_edited_reply_updates_the_saved_reflection(app: RunningApp) -> None:
    prompt_both(app)
    first = dm_event(app, MENTOR, "We set three goals.", "1900000003.000100")
    send(app, event_body(first, "Ev0000EDIT01"))
    eventually(app, MENTOR, lambda c: c.reflection == "We set three goals.")
    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel": first["channel"],
        "channel_type": "im",
        "hidden": True,
        "ts": "1900000003.000200",
        "message": {
            "type": "message",
            "user": MENTOR,
            "text": "We set two goals &amp; one stretch goal.",
            "ts": first["ts"],
            "edited": {"user": MENTOR, "ts": "1900000003.000200"},
        },
        "previous_message": {"type": "message", "user": MENTOR, "text": first["text"]},
    }
    assert send(app, event_body(edit, "Ev0000EDIT02")).status == 200
    stored = eventually(app, MENTOR, lambda c: c.reflection != "We set three goals.")
    assert stored.reflection == "We set two goals & one stretch goal."
    # The confirmation follows the commit: wait for it.
    app.fake.wait_for(
        "chat.postMessage",
        lambda c: c.args.get("thread_ts") == first["ts"] and c.args["text"].startswith("Updated"),
    )
    texts = _confirmations(app, first["ts"])
    assert texts[-1] == "Updated: your reflection now has your edited words."
    # A deletion, a bot's message and an edit by a bot change nothing.
    for n, ignored in enumerate(
        (
            {**edit, "subtype": "message_deleted", "deleted_ts": first["ts"]},
            {**first, "ts": "1900000004.000100", "bot_id": "B0OTHER", "subtype": "bot_message"},
            {**edit, "message": {**edit["message"], "bot_id": "B0OTHER"}},
        )
    ):
        assert send(app, event_body(ignored, f"Ev0000IGNO{n}")).status == 200
    assert checkin_of(app, MENTOR).reflection == "We set two goals & one stretch goal."
