"""The mentee's monthly self-assessment, end to end: asked with their first check-in of each
month, a percent and a note per open goal; the percent becomes the goal's progress."""

from __future__ import annotations

from sqlalchemy import select

from bot.models import Goal, GoalAssessment
from tests.support.checkins import MENTEE, MENTOR, posts, seed_pair, utc
from tests.support.feedback import at, dm_of, until, wait_for_reply
from tests.support.flows import button, open_view, select_value, state, text_value
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

GOALS = ("Run the quarterly planning on my own", "Give feedback to peers")


def _assessments(app: RunningApp) -> list[tuple[str, int, str]]:
    with app.tandem.sessions() as session:
        rows = session.scalars(select(GoalAssessment).order_by(GoalAssessment.goal_id))
        return [(r.month, r.progress, r.note) for r in rows]


def _progress(app: RunningApp) -> list[int]:
    with app.tandem.sessions() as session:
        return list(session.scalars(select(Goal.progress).order_by(Goal.position)))


def test_the_mentee_rates_each_goal_once_a_month(app: RunningApp) -> None:
    seed_pair(app, goals=GOALS)
    until(app, utc(2027, 1, 4, 9), utc(2027, 1, 12, 9))
    [feedback] = [line for line in at(app, utc(2027, 1, 12, 15)) if line.startswith("feedback:")]
    assert feedback.endswith(", 1 self-assessments")
    [again] = [line for line in at(app, utc(2027, 1, 12, 15)) if line.startswith("feedback:")]
    assert again.endswith(", 0 self-assessments")  # planned once
    assert posts(app, MENTOR, "self_assessment") == []
    [prompt] = posts(app, MENTEE, "self_assessment")  # with the first check-in of January

    message = dm_of(app, prompt)
    before = len(app.fake.calls_to("views.open"))
    app.driver.block_action(
        MENTEE,
        "self_assessment_open",
        value=str(button(message, "self_assessment_open")["value"]),
        channel=message["channel"],
        message_ts=message["ts"],
    )
    view = open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])
    blocks = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert len(blocks) == 4  # a percent and a note for each goal
    first, second = blocks[0].split(":")[1], blocks[2].split(":")[1]

    refused = app.driver.view_submission(
        MENTEE, view, state(**{f"assess_progress:{first}": select_value("40")})
    ).json()
    assert refused["response_action"] == "errors"
    assert list(refused["errors"]) == [f"assess_progress:{second}"]

    values = state(
        **{
            f"assess_progress:{first}": select_value("40"),
            f"assess_note:{first}": text_value("Drafted the agenda, ran one session"),
            f"assess_progress:{second}": select_value("10"),
        }
    )
    answer = app.driver.view_submission(MENTEE, view, values).json()
    assert answer["response_action"] == "update"
    wait_until(lambda: _progress(app), lambda p: p == [40, 10], what="goal progress")
    assert _assessments(app) == [
        ("2027-01", 40, "Drafted the agenda, ran one session"),
        ("2027-01", 10, ""),
    ]

    # The mentor may not rate the mentee's goals.
    app.driver.block_action(
        MENTOR,
        "self_assessment_open",
        value=str(button(message, "self_assessment_open")["value"]),
        channel=message["channel"],
        message_ts=message["ts"],
    )
    assert "Only the mentee" in wait_for_reply(app, 1)["text"]

    # Later January check-ins bring none; the first of February brings the next.
    until(app, utc(2027, 1, 19, 9), utc(2027, 1, 19, 15), utc(2027, 1, 26, 15))
    assert len(posts(app, MENTEE, "self_assessment")) == 1
    until(app, utc(2027, 2, 2, 9), utc(2027, 2, 2, 15))
    assert len(posts(app, MENTEE, "self_assessment")) == 2
