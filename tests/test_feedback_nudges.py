"""Feedback nudges end to end, time driven by `tandem tick --now`: every second check-in
round, the working day after each person's check-in at the same local time, once per
period, with one reminder for whoever has not given feedback, and none when not needed."""

from __future__ import annotations

from tests.support.checkins import CREATED, MENTEE, MENTOR, seed_pair, utc
from tests.support.constants import OWNER
from tests.support.feedback import (
    CLOSES,
    MENTEE_NUDGE,
    MENTEE_WORDS,
    MENTOR_NUDGE,
    MENTOR_WORDS,
    at,
    blocks_of,
    give,
    nudge_rows,
    nudges,
    open_by_command,
    open_from,
    reminders,
    to_round_two,
    until,
)
from tests.support.flows import open_view, settings_form
from tests.support.runner import RunningApp


def test_both_are_nudged_after_the_second_round_and_not_again_once_they_gave(
    app: RunningApp,
) -> None:
    to_round_two(app)
    assert nudges(app, MENTOR) == [] and nudges(app, MENTEE) == []  # none after round one

    at(app, utc(2027, 1, 19, 15))  # the mentee's second check-in
    at(app, utc(2027, 1, 20, 8, 59))
    assert nudges(app, MENTOR) == []  # due at 10:00 in Berlin, not before
    at(app, MENTOR_NUDGE)
    [mentor_nudge] = nudges(app, MENTOR)
    assert nudges(app, MENTEE) == []  # the mentee's comes at 10:00 in New York
    assert "Time for some feedback" in blocks_of(mentor_nudge)[0]["text"]["text"]
    at(app, MENTEE_NUDGE)
    [mentee_nudge] = nudges(app, MENTEE)
    assert "what helped you lately" in blocks_of(mentee_nudge)[0]["text"]["text"]
    # The scheduled instants, not when the pass ran.
    metadata = [c.args["metadata"]["event_payload"]["key"] for c in (mentor_nudge, mentee_nudge)]
    assert all(key.startswith("feedback_nudge:") for key in metadata)

    # The mentor gives feedback from the nudge's button; the mentee does not.
    app.tandem.clock.at = utc(2027, 1, 21, 9)  # type: ignore[attr-defined]
    give(app, MENTOR, open_from(app, MENTOR, mentor_nudge), MENTOR_WORDS)

    until(app, utc(2027, 1, 21, 9, 5), utc(2027, 1, 25, 9), utc(2027, 1, 25, 15))
    assert reminders(app, MENTOR) == []  # gave already
    [reminder] = reminders(app, MENTEE)
    # A week after the first nudge (10:00 in Berlin), shown in New York time.
    assert "closes on Wednesday 27 January at 04:00" in blocks_of(reminder)[0]["text"]["text"]
    assert "waits for yours" in blocks_of(reminder)[0]["text"]["text"]

    # Nothing twice, however many passes follow in the period.
    for hours in (16, 17, 18):
        at(app, utc(2027, 1, 25, hours))
    assert (len(nudges(app, MENTOR)), len(nudges(app, MENTEE))) == (1, 1)
    assert len(reminders(app, MENTEE)) == 1

    # Round three brings none; round four (2 February) brings the next pair of nudges.
    until(app, CLOSES, utc(2027, 1, 26, 9), utc(2027, 1, 26, 15), utc(2027, 1, 27, 15))
    assert (len(nudges(app, MENTOR)), len(nudges(app, MENTEE))) == (1, 1)
    until(app, utc(2027, 2, 2, 9), utc(2027, 2, 2, 15), utc(2027, 2, 3, 9), utc(2027, 2, 3, 15))
    assert (len(nudges(app, MENTOR)), len(nudges(app, MENTEE))) == (2, 2)


def test_a_nudge_is_skipped_for_whoever_gave_feedback_in_the_period(app: RunningApp) -> None:
    to_round_two(app)
    app.tandem.clock.at = utc(2027, 1, 14, 12)  # type: ignore[attr-defined]
    give(app, MENTEE, open_by_command(app, MENTEE), MENTEE_WORDS)  # outside a round
    until(app, utc(2027, 1, 19, 15), MENTOR_NUDGE, MENTEE_NUDGE)
    assert len(nudges(app, MENTOR)) == 1
    assert nudges(app, MENTEE) == []
    reasons = {(n.role, n.state, n.reason) for n in nudge_rows(app)}
    assert reasons == {
        ("mentor", "nudged", None),
        ("mentee", "skipped", "gave feedback in this period"),
    }


def test_no_nudge_for_a_paused_person_nor_a_paused_pair(app: RunningApp) -> None:
    to_round_two(app)
    at(app, utc(2027, 1, 19, 15))
    app.tandem.clock.at = utc(2027, 1, 19, 16)  # type: ignore[attr-defined]
    app.driver.command(MENTEE, "pause 2 weeks")
    app.fake.wait_for("response_url")
    until(app, MENTOR_NUDGE, MENTEE_NUDGE)
    assert len(nudges(app, MENTOR)) == 1
    assert nudges(app, MENTEE) == []
    assert {(n.role, n.reason) for n in nudge_rows(app)} == {
        ("mentor", None),
        ("mentee", "paused"),
    }


def test_no_nudge_while_the_pair_is_paused(app: RunningApp) -> None:
    to_round_two(app)
    at(app, utc(2027, 1, 19, 15))
    app.tandem.clock.at = utc(2027, 1, 19, 16)  # type: ignore[attr-defined]
    app.driver.command(OWNER, f"pause <@{MENTOR}|ana> <@{MENTEE}|ben>")
    app.fake.wait_for("response_url")
    until(app, MENTOR_NUDGE, MENTEE_NUDGE)
    assert nudges(app, MENTOR) == [] and nudges(app, MENTEE) == []
    assert {n.reason for n in nudge_rows(app)} == {"pair not active"}


def _every(app: RunningApp, choice: str) -> dict:
    """The owner picks how often feedback nudges come in `/mentor settings` and saves."""
    before = len(app.fake.calls_to("views.open"))
    app.driver.command(OWNER, "settings")
    view = open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])
    values = settings_form(feedback_every=choice)
    return dict(app.driver.view_submission(OWNER, view, values).json())


def test_owners_set_how_often_feedback_rounds_come(app: RunningApp) -> None:
    assert _every(app, "9")["errors"] == {
        "feedback_every": "Please pick how often partners are asked for feedback, or Off."
    }
    saved = _every(app, "1")
    assert "Feedback nudges: after every check-in." in str(saved["view"])
    seed_pair(app)
    until(app, CREATED, utc(2027, 1, 12, 9), utc(2027, 1, 12, 15))
    assert nudges(app, MENTOR) == []
    until(app, utc(2027, 1, 13, 9), utc(2027, 1, 13, 15))  # the day after round one
    assert (len(nudges(app, MENTOR)), len(nudges(app, MENTEE))) == (1, 1)
    assert nudges(app, MENTOR)[0].args["metadata"]["event_payload"]["key"].endswith("2027-01-12")

    assert "Feedback nudges: off." in str(_every(app, "off")["view"])
    until(app, utc(2027, 1, 19, 15), MENTOR_NUDGE, MENTEE_NUDGE, utc(2027, 1, 27, 15))
    assert (len(nudges(app, MENTOR)), len(nudges(app, MENTEE))) == (1, 1)
