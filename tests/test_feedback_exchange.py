"""Feedback exchanged end to end: only ever in the partner's DM, revealed together in a
round (or when it closes), straight away outside one; the receiver's answer reaches the
giver once, and the receiver's private note reaches nobody."""

from __future__ import annotations

from tests.support.checkins import MENTEE, MENTOR, utc
from tests.support.feedback import (
    CLOSES,
    MENTEE_NUDGE,
    MENTEE_WORDS,
    MENTOR_NUDGE,
    MENTOR_WORDS,
    at,
    delivered_to,
    dm_of,
    feedback_rows,
    give,
    nudges,
    open_by_command,
    open_from,
    text_of,
    to_round_two,
    told,
    until,
    wait_for_reply,
)
from tests.support.flows import button, open_view, state, text_value
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

SECRET_PHRASES = (MENTOR_WORDS["behaviour"], MENTEE_WORDS["behaviour"])


def _nowhere_but_dms(app: RunningApp, channel: str | None) -> None:
    """No channel message, and no message to anyone but the receiver, holds the words."""
    if channel is not None:
        for message in app.fake.messages_in(channel):
            for phrase in SECRET_PHRASES:
                assert phrase not in str(message).replace("&amp;", "&")
    for call in app.fake.calls_to("chat.postMessage"):
        shown = text_of(call).replace("&amp;", "&")
        if MENTOR_WORDS["behaviour"] in shown:
            assert call.args["channel"] == MENTEE
        if MENTEE_WORDS["behaviour"] in shown:
            assert call.args["channel"] == MENTOR


def test_in_a_round_both_are_revealed_together_and_only_in_dms(app: RunningApp) -> None:
    _, channel = to_round_two(app)
    until(app, utc(2027, 1, 19, 15), MENTOR_NUDGE, MENTEE_NUDGE)
    [mentor_nudge], [mentee_nudge] = nudges(app, MENTOR), nudges(app, MENTEE)

    app.tandem.clock.at = utc(2027, 1, 20, 16)  # type: ignore[attr-defined]
    saved = give(app, MENTOR, open_from(app, MENTOR, mentor_nudge), MENTOR_WORDS)
    assert "saved and held" in saved
    at(app, utc(2027, 1, 20, 16, 1))
    assert delivered_to(app, MENTEE) == []  # held: the mentee writes without seeing it
    assert MENTOR_WORDS["behaviour"] not in app.fake.all_text().replace("&amp;", "&")

    app.tandem.clock.at = utc(2027, 1, 21, 14)  # type: ignore[attr-defined]
    saved = give(app, MENTEE, open_from(app, MENTEE, mentee_nudge), MENTEE_WORDS)
    assert "both are on their way now" in saved
    at(app, utc(2027, 1, 21, 14, 1))
    [to_mentee], [to_mentor] = delivered_to(app, MENTEE), delivered_to(app, MENTOR)
    assert MENTOR_WORDS["impact"] in text_of(to_mentee)
    assert MENTEE_WORDS["impact"] in text_of(to_mentor).replace("&amp;", "&")
    assert "given in the same round as yours" in text_of(to_mentee)
    _nowhere_but_dms(app, channel)
    assert [(f.state, f.delivered) for f in feedback_rows(app)] == [
        ("delivered", True),
        ("delivered", True),
    ]

    # The round is over: a week later nothing more is delivered.
    until(app, CLOSES, utc(2027, 1, 27, 10))
    assert (len(delivered_to(app, MENTEE)), len(delivered_to(app, MENTOR))) == (1, 1)


def test_when_the_round_closes_the_one_side_is_delivered(app: RunningApp) -> None:
    _, channel = to_round_two(app)
    until(app, utc(2027, 1, 19, 15), MENTOR_NUDGE, MENTEE_NUDGE)
    app.tandem.clock.at = utc(2027, 1, 22, 9)  # type: ignore[attr-defined]
    give(app, MENTOR, open_from(app, MENTOR, nudges(app, MENTOR)[0]), MENTOR_WORDS)
    until(app, utc(2027, 1, 26, 9), utc(2027, 1, 26, 15), utc(2027, 1, 27, 8, 59))
    assert delivered_to(app, MENTEE) == []
    at(app, CLOSES)  # 04:00 in New York: released, for the mentee's working hours
    assert delivered_to(app, MENTEE) == []
    at(app, utc(2027, 1, 27, 14))  # 09:00 in New York
    [to_mentee] = delivered_to(app, MENTEE)
    assert MENTOR_WORDS["situation"] in text_of(to_mentee)
    assert delivered_to(app, MENTOR) == []  # nothing was written for the mentor
    _nowhere_but_dms(app, channel)


def test_outside_a_round_feedback_goes_straight_to_the_partner(app: RunningApp) -> None:
    _, channel = to_round_two(app)
    app.tandem.clock.at = utc(2027, 1, 14, 12)  # type: ignore[attr-defined]
    saved = give(app, MENTEE, open_by_command(app, MENTEE), MENTEE_WORDS)
    assert "on its way" in saved
    at(app, utc(2027, 1, 14, 12))
    [to_mentor] = delivered_to(app, MENTOR)
    assert MENTEE_WORDS["next_step"] in text_of(to_mentor)
    assert "same round" not in text_of(to_mentor)
    assert delivered_to(app, MENTEE) == []
    _nowhere_but_dms(app, channel)


def test_the_giver_is_told_how_it_landed_and_the_note_stays_private(app: RunningApp) -> None:
    to_round_two(app)
    app.tandem.clock.at = utc(2027, 1, 14, 12)  # type: ignore[attr-defined]
    give(app, MENTOR, open_by_command(app, MENTOR), MENTOR_WORDS)
    at(app, utc(2027, 1, 14, 12))
    dm = dm_of(app, delivered_to(app, MENTEE)[0])
    feedback_id = button(dm, "feedback_thanks")["value"]

    # The giver clicking "Let's talk" on feedback that is not theirs changes nothing.
    app.driver.block_action(
        MENTOR, "feedback_talk", value=feedback_id, channel=dm["channel"], message_ts=dm["ts"]
    )
    assert "was for someone else" in wait_for_reply(app, 1)["text"]
    assert feedback_rows(app)[0].reception is None

    app.driver.block_action(
        MENTEE, "feedback_thanks", value=feedback_id, channel=dm["channel"], message_ts=dm["ts"]
    )
    answer = wait_for_reply(app, 2)
    assert answer["replace_original"] is True
    assert "You answered *Thanks, this helps*" in str(answer["blocks"])
    at(app, utc(2027, 1, 14, 12, 5))
    [notice] = told(app, MENTOR)
    assert "*Thanks, this helps.*" in notice.args["text"]

    # A second answer changes nothing and tells nobody again.
    app.driver.block_action(
        MENTEE, "feedback_talk", value=feedback_id, channel=dm["channel"], message_ts=dm["ts"]
    )
    assert "already answered" in wait_for_reply(app, 3)["text"]
    at(app, utc(2027, 1, 14, 12, 10))
    assert len(told(app, MENTOR)) == 1 and feedback_rows(app)[0].reception == "thanks"

    # The private note: saved for the mentee, shown to nobody.
    before = len(app.fake.calls_to("views.open"))
    app.driver.block_action(
        MENTEE, "feedback_note", value=feedback_id, channel=dm["channel"], message_ts=dm["ts"]
    )
    view = open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])
    note = "I rescue people too early; next time I will count to five first"
    values = state(feedback_note_text=text_value(note))
    assert app.driver.view_submission(MENTEE, view, values).json()["response_action"] == "update"
    wait_until(lambda: feedback_rows(app)[0].reflection, bool, what="the note")
    assert feedback_rows(app)[0].reflection == note
    at(app, utc(2027, 1, 14, 12, 15))
    assert note not in app.fake.all_text()

    # The mentor cannot open the mentee's note.
    app.driver.block_action(
        MENTOR, "feedback_note", value=feedback_id, channel=dm["channel"], message_ts=dm["ts"]
    )
    assert "was for someone else" in wait_for_reply(app, 4)["text"]
    assert len(app.fake.calls_to("views.open")) == before + 1
