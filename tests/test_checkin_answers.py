"""Answering check-ins in Slack: the pulse, the modal, DM replies, sharing, reminders, skip."""

import json
from datetime import timedelta

from sqlalchemy import select

from bot.models import CheckIn, Goal
from bot.sandbox import Call
from tests.support.checkins import (
    MENTEE,
    MENTOR,
    block_text,
    checkin_of,
    dm_message,
    eventually,
    open_reflection,
    posts,
    press,
    prompt_both,
    submit_reflection,
    tick,
    utc,
)
from tests.support.constants import OWNER
from tests.support.flows import button, checkboxes, reply, state, text_value
from tests.support.runner import RunningApp


def _wait_updates(app: RunningApp, count: int) -> list[Call]:
    return app.fake.wait_for_update(count=count)


def test_a_pulse_click_is_stored_and_the_dm_shows_it_done(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    original = dm_message(app, checkin)
    assert button(original, "checkin_skip")
    press(app, MENTOR, "checkin_pulse_4", checkin)
    [update] = _wait_updates(app, 1)
    assert (update.args["channel"], update.args["ts"]) == (checkin.channel_id, checkin.message_ts)
    stored = checkin_of(app, MENTOR)
    assert (stored.pulse, stored.state, stored.answered_at) == (4, "answered", utc(2027, 1, 12, 16))
    message = dm_message(app, checkin)
    assert message["text"] == "Check-in saved. Thank you!"
    assert "Check-in saved" in block_text(message) and "you chose 4" in block_text(message)
    assert button(message, "checkin_pulse_4").get("style") == "primary"
    assert "checkin_skip" not in json.dumps(message["blocks"])  # nothing left to skip
    # A second click changes the one answer; it never adds another.
    app.tandem.clock.at = utc(2027, 1, 12, 17)  # type: ignore[attr-defined]
    press(app, MENTOR, "checkin_pulse_2", checkin)
    again = checkin_of(app, MENTOR)
    assert (again.id, again.pulse, again.answered_at) == (checkin.id, 2, utc(2027, 1, 12, 16))
    with app.tandem.sessions() as session:
        assert len(session.scalars(select(CheckIn).where(CheckIn.state == "answered")).all()) == 1


def test_a_modal_reflection_is_stored_and_the_dm_updated(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTEE)
    view = open_reflection(app, MENTEE, checkin)
    assert view["callback_id"] == "checkin_reflection"
    assert view["private_metadata"] == str(checkin.id)
    assert "This week's question" in json.dumps(view["blocks"])
    text = "I asked for feedback on my plan and got two specific points."
    response = app.driver.view_submission(
        MENTEE, view, state(reflection=text_value(text), reflection_share=checkboxes())
    )
    assert response.status == 200 and response.body in ("", "{}")
    _wait_updates(app, 1)
    stored = checkin_of(app, MENTEE)
    assert (stored.reflection, stored.shared, stored.state) == (text, False, "answered")
    shown = block_text(dm_message(app, checkin))
    assert "*Your reflection* (private)" in shown and text in shown
    # Editing within the period replaces the reflection on the same row.
    submit_reflection(
        app,
        MENTEE,
        open_reflection(app, MENTEE, checkin),
        "Second thoughts: the points were about pacing.",
    )
    _wait_updates(app, 2)
    assert checkin_of(app, MENTEE).reflection == "Second thoughts: the points were about pacing."
    edit = open_reflection(app, MENTEE, checkin)
    assert "Second thoughts" in json.dumps(edit["blocks"])  # prefilled


def test_a_reply_in_the_dm_is_stored_and_confirmed_in_a_thread(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    written = "We talked about <delegation> & I mostly listened 👂"
    response, ts = app.driver.direct_message(MENTOR, written)
    assert response.status == 200
    [confirm] = app.fake.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") == ts)
    assert confirm.args["text"].startswith("Saved as your reflection for this week's check-in")
    assert "It stays private" in confirm.args["text"]
    stored = checkin_of(app, MENTOR)
    assert (stored.id, stored.reflection, stored.state) == (checkin.id, written, "answered")
    _wait_updates(app, 1)
    # A second message adds to the reflection of the same check-in.
    _, ts2 = app.driver.direct_message(MENTOR, "Also: next time I will ask first.")
    [added] = app.fake.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") == ts2)
    assert added.args["text"].startswith("Added to your reflection")
    assert checkin_of(app, MENTOR).reflection == written + "\n\nAlso: next time I will ask first."


def test_a_private_reflection_reaches_no_other_conversation(app: RunningApp) -> None:
    _, channel = prompt_both(app)
    secret = "PRIVATE-NOTE: I am unsure my mentor has time for me"
    dm_secret = "PRIVATE-DM: feeling stuck on the budget"
    mentee = checkin_of(app, MENTEE)
    submit_reflection(app, MENTEE, open_reflection(app, MENTEE, mentee), secret)
    _wait_updates(app, 1)
    _, ts = app.driver.direct_message(MENTEE, dm_secret)
    app.fake.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") == ts)
    tick(app, utc(2027, 1, 19, 15))  # the next week, reminders and all
    app.driver.command(OWNER, "status")  # the first week's round is closed: 1 of 2 answered
    assert "Check-ins answered in the last 4 periods: 50%" in reply(app)["text"]
    mentee_dm = app.fake.dm_with(MENTEE)
    for call in app.fake.calls:
        dumped = json.dumps(call.args, ensure_ascii=False)
        if "PRIVATE-" not in dumped:
            continue
        # Only the mentee's own DM (the update of their check-in) and their own modal.
        assert call in app.fake.updates() or call.method == "views.open", call.method
        assert call.method == "views.open" or call.args["channel"] == mentee_dm
    for channel_id, stored in app.fake.channels.items():
        if channel_id == mentee_dm:
            continue
        assert "PRIVATE-" not in json.dumps(stored.messages, ensure_ascii=False), channel_id
    assert channel is not None and app.fake.messages_in(channel) == []


def test_a_shared_reflection_is_posted_attributed_and_escaped(app: RunningApp) -> None:
    _, channel = prompt_both(app)
    assert channel is not None
    checkin = checkin_of(app, MENTOR)
    text = "Thanks <!channel> & <@UMENTEE01>: we set <b>goals</b>\nSecond line"
    assert (
        submit_reflection(app, MENTOR, open_reflection(app, MENTOR, checkin), text, share=True)
        == {}
    )
    [post] = app.fake.wait_for("chat.postMessage", lambda c: c.args["channel"] == channel)
    posted = post.args["text"]
    assert posted.startswith(f"<@{MENTOR}> shared a reflection from this week's check-in.")
    assert (
        ">Thanks &lt;!channel&gt; &amp; &lt;@UMENTEE01&gt;: we set &lt;b&gt;goals&lt;/b&gt;"
        in posted
    )
    assert ">Second line" in posted
    assert "<!channel>" not in posted and "<@UMENTEE01>" not in posted
    stored = eventually(app, MENTOR, lambda c: c.shared_ts is not None)
    assert stored.shared and stored.shared_ts == post.response["ts"]
    _wait_updates(app, 1)
    assert "shared with" in block_text(dm_message(app, checkin))
    # An edit updates the shared post instead of posting again.
    submit_reflection(
        app, MENTOR, open_reflection(app, MENTOR, checkin), "Edited: we set goals.", share=True
    )
    app.fake.wait_for("chat.update", lambda c: c.args["channel"] == channel)
    [message] = app.fake.messages_in(channel)
    assert ">Edited: we set goals." in message["text"]
    # Unticking "share" in the DM takes the words back out of the channel.
    press(
        app,
        MENTOR,
        "checkin_share",
        checkin,
        block_id=f"checkin_controls:{checkin.id}",
        selected_options=[],
    )
    app.fake.wait_for("chat.update", lambda c: "took back" in c.args.get("text", ""))
    [message] = app.fake.messages_in(channel)
    assert "Edited" not in message["text"] and "took back a reflection" in message["text"]
    # The channel is updated inside the transaction that saves it: wait for the commit.
    assert eventually(app, MENTOR, lambda c: c.shared is False).shared is False


def test_one_reminder_then_none(app: RunningApp) -> None:
    prompt_both(app)
    mentee = checkin_of(app, MENTEE)
    press(app, MENTEE, "checkin_pulse_5", mentee)
    tick(app, utc(2027, 1, 13, 8, 59))
    assert posts(app, MENTOR, "checkin_reminder") == []
    tick(app, utc(2027, 1, 13, 9, 0))  # 24 hours later, 10:00 in Berlin
    [reminder] = posts(app, MENTOR, "checkin_reminder")
    assert "still open" in reminder.args["blocks"][0]["text"]["text"]
    accessory = reminder.args["blocks"][0]["accessory"]
    assert accessory["action_id"] == "checkin_reflect"
    assert accessory["value"] == str(checkin_of(app, MENTOR).id)
    now = utc(2027, 1, 13, 9)
    while now < utc(2027, 1, 19, 8):  # every six hours until the next check-ins
        tick(app, now)
        now += timedelta(hours=6)
    assert len(posts(app, MENTOR, "checkin_reminder")) == 1
    assert posts(app, MENTEE, "checkin_reminder") == []  # answered before it was due


def test_remind_me_tomorrow_replaces_the_reminder(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    press(app, MENTOR, "checkin_remind", checkin)
    # 16:00 UTC is 17:00 in Berlin: tomorrow 17:00 is after hours, so Thursday 09:00.
    assert reply(app)["text"] == "Okay, I will remind you on Thursday 14 January at 09:00."
    tick(app, utc(2027, 1, 13, 9))
    assert posts(app, MENTOR, "checkin_reminder") == []
    tick(app, utc(2027, 1, 14, 8))
    tick(app, utc(2027, 1, 14, 9))
    assert len(posts(app, MENTOR, "checkin_reminder")) == 1


def test_skip_this_week_cancels_the_reminder_and_says_when_the_next_comes(
    app: RunningApp,
) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    press(app, MENTOR, "checkin_skip", checkin)
    assert checkin_of(app, MENTOR).state == "skipped"
    shown = block_text(dm_message(app, checkin))
    assert "Skipped this week" in shown
    assert "Your next check-in arrives on Tuesday 19 January at 10:00." in shown
    tick(app, utc(2027, 1, 13, 9))
    assert posts(app, MENTOR, "checkin_reminder") == []


def test_the_mentee_reports_progress_on_each_goal(app: RunningApp) -> None:
    prompt_both(app, goals=("Run planning on my own", "Give feedback to peers"))
    checkin = checkin_of(app, MENTEE)
    prompt = posts(app, MENTEE)[0]
    assert "*Goal 1:* Run planning on my own" in json.dumps(prompt.args["blocks"])
    assert "Goal 1" not in json.dumps(posts(app, MENTOR)[0].args["blocks"])
    with app.tandem.sessions() as session:
        goal_ids = list(session.scalars(select(Goal.id).order_by(Goal.position)))
    value = f"{checkin.id}:{goal_ids[1]}:75"
    press(app, MENTEE, "checkin_goal", checkin, value=None, selected_option={"value": value})
    with app.tandem.sessions() as session:
        goal = session.get_one(Goal, goal_ids[1])
        assert goal.progress == 75
    stored = checkin_of(app, MENTEE)
    assert stored.goal_progress == {str(goal_ids[1]): 75} and stored.state == "answered"
    assert '"initial_option"' in json.dumps(dm_message(app, checkin)["blocks"])
