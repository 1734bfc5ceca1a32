"""Feedback refused kindly, with nothing changed: empty or oversized fields stay in the
modal, feedback for someone who is not your active partner is refused, and a submission
Slack sends twice is saved and delivered once."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.domain.feedback import FIELD_LIMIT
from bot.models import Delivery, Pair
from tests.support.checkins import MENTEE, MENTOR, utc
from tests.support.feedback import (
    MENTEE_WORDS,
    MENTOR_WORDS,
    at,
    delivered_to,
    feedback_rows,
    give,
    open_by_command,
    submit,
    to_round_two,
    wait_for_reply,
)
from tests.support.runner import RunningApp

STRANGER = "USTRANGER1"


def _deliveries(app: RunningApp) -> list[str]:
    with app.tandem.sessions() as session:
        return list(session.scalars(select(Delivery.key).where(Delivery.kind.like("feedback%"))))


def test_empty_and_oversized_fields_are_refused_in_the_modal(app: RunningApp) -> None:
    to_round_two(app)
    view = open_by_command(app, MENTOR)
    answer = submit(app, MENTOR, view, {**MENTOR_WORDS, "situation": "  ", "impact": ""})
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"situation", "impact"}
    assert "Please write a line here" in answer["errors"]["situation"]

    long = "x" * (FIELD_LIMIT + 1)
    answer = submit(app, MENTOR, view, {**MENTOR_WORDS, "next_step": long})
    assert answer["errors"] == {
        "next_step": f"Please keep this under {FIELD_LIMIT} characters (it has {FIELD_LIMIT + 1})."
    }
    assert feedback_rows(app) == [] and _deliveries(app) == []


def test_feedback_only_goes_to_an_active_partner(app: RunningApp) -> None:
    pair_id, _ = to_round_two(app)
    app.fake.add_user(STRANGER, "sam", tz="UTC")
    view = open_by_command(app, MENTOR)

    # Someone outside the pair submits the pair's modal (a forged or forwarded payload).
    answer = submit(app, STRANGER, view, MENTOR_WORDS)
    assert answer["response_action"] == "errors"
    assert "only give feedback to your partner" in answer["errors"]["situation"]

    app.driver.command(MENTOR, f"feedback <@{STRANGER}|sam>")
    assert "is not your partner" in wait_for_reply(app, 1)["text"]
    app.driver.command(STRANGER, "feedback")
    assert "is for people in a mentoring pair" in wait_for_reply(app, 2)["text"]

    # A pair that was paused after the modal opened takes no feedback.
    with app.tandem.sessions.begin() as session:
        session.execute(update(Pair).where(Pair.id == pair_id).values(status="paused"))
    answer = submit(app, MENTOR, view, MENTOR_WORDS)
    assert "only give feedback to your partner" in answer["errors"]["situation"]
    assert feedback_rows(app) == [] and _deliveries(app) == []


def test_a_submission_sent_twice_is_saved_and_delivered_once(app: RunningApp) -> None:
    to_round_two(app)
    app.tandem.clock.at = utc(2027, 1, 14, 12)  # type: ignore[attr-defined]
    view = open_by_command(app, MENTEE)
    first = give(app, MENTEE, view, MENTEE_WORDS)
    again = give(app, MENTEE, view, MENTEE_WORDS)  # Slack retried, or a double click
    assert first == again
    at(app, utc(2027, 1, 14, 12, 1))
    at(app, utc(2027, 1, 14, 12, 2))
    assert len(feedback_rows(app)) == 1
    assert len(delivered_to(app, MENTOR)) == 1
    # A new modal is new feedback.
    give(app, MENTEE, open_by_command(app, MENTEE), MENTEE_WORDS)
    at(app, utc(2027, 1, 14, 12, 3))
    assert len(delivered_to(app, MENTOR)) == 2


def test_one_feedback_per_person_and_round(app: RunningApp) -> None:
    to_round_two(app)
    for when in (utc(2027, 1, 19, 15), utc(2027, 1, 20, 9), utc(2027, 1, 20, 15)):
        at(app, when)
    give(app, MENTOR, open_by_command(app, MENTOR), MENTOR_WORDS)  # joins the open round
    answer = submit(app, MENTOR, open_by_command(app, MENTOR), MENTOR_WORDS)
    assert "already in" in answer["errors"]["situation"]
    assert len(feedback_rows(app)) == 1
    assert feedback_rows(app)[0].state == "held"
