"""A pair's milestones, end to end: each kind celebrated once, as its own message in the pair
channel with the bot's reaction, whether found by the scheduler or recorded where it
happened (the agreement pinned, a goal ticked, an owner closing the pair as completed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from bot.models import Feedback, Pair
from tests.support.celebrations import (
    answer_week,
    celebrated,
    command_reply,
    milestones,
    of_kind,
    reactions,
    tick_goals,
)
from tests.support.checkins import CREATED, MENTEE, MENTOR, seed_pair, tick, utc
from tests.support.constants import OWNER
from tests.support.flows import MENTEE_PART, MENTOR_PART, open_view
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

EMOJI = {
    "agreement_set": "handshake",
    "first_checkin": "seedling",
    "streak_4": "fire",
    "streak_12": "muscle",
    "first_feedback_to_mentee": "speech_balloon",
    "first_feedback_to_mentor": "arrows_counterclockwise",
    "goal_done": "dart",
    "months_1": "calendar",
    "months_3": "sparkles",
    "months_6": "star",
    "months_12": "birthday",
    "completed": "mortar_board",
}


def _agree(app: RunningApp, pair_id: int, channel: str) -> None:
    """Both members fill in their part of the agreement (it is pinned once both are in)."""
    for user, part in ((MENTEE, MENTEE_PART), (MENTOR, MENTOR_PART)):
        before = len(app.fake.calls_to("views.open"))
        app.driver.block_action(user, "agreement_open", value=str(pair_id), channel=channel)
        view = open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])
        app.driver.view_submission(user, view, part)
    app.fake.wait_for("pins.add")
    wait_until(lambda: milestones(app), bool, what="the agreement milestone")


def _feedback(app: RunningApp, pair_id: int, giver: str, *, delivered: bool) -> None:
    """Feedback written in the pair (the feedback feature's rows, stored directly)."""
    with app.tandem.sessions.begin() as session:
        pair = session.get(Pair, pair_id)
        assert pair is not None
        source, target = (
            (pair.mentor_id, pair.mentee_id)
            if giver == MENTOR
            else (pair.mentee_id, pair.mentor_id)
        )
        session.add(
            Feedback(
                team_id=pair.team_id,
                pair_id=pair_id,
                from_member_id=source,
                to_member_id=target,
                situation="In Tuesday's review",
                behaviour="you let the team finish their thoughts",
                impact="everyone spoke up",
                delivered=delivered,
                created_at=app.tandem.clock.now(),
            )
        )


def _at(app: RunningApp, when: datetime) -> list[str]:
    app.tandem.clock.at = when  # type: ignore[attr-defined]
    return tick(app, when)


def test_each_milestone_kind_is_celebrated_once_in_the_pair_channel(app: RunningApp) -> None:
    pair_id, channel = seed_pair(app)
    assert channel is not None
    _agree(app, pair_id, channel)
    assert celebrated(app, channel) == []  # recorded; celebrated on the next pass
    _at(app, CREATED)
    assert celebrated(app, channel) == ["agreement_set"]

    tuesdays = [utc(2027, 1, 12) + timedelta(weeks=week) for week in range(12)]
    answer_week(app, MENTOR, MENTEE, tuesdays[0])
    assert celebrated(app, channel)[1:] == ["first_checkin"]
    for tuesday in tuesdays[1:4]:
        answer_week(app, MENTOR, MENTEE, tuesday)
    assert celebrated(app, channel)[2:] == ["streak_4"]
    _at(app, utc(2027, 2, 4, 9))  # one month after 4 January, 09:00
    assert celebrated(app, channel)[3:] == ["months_1"]
    for tuesday in tuesdays[4:]:
        answer_week(app, MENTOR, MENTEE, tuesday)
    assert celebrated(app, channel)[4:] == ["streak_12"]

    _feedback(app, pair_id, MENTOR, delivered=True)
    _feedback(app, pair_id, MENTEE, delivered=False)  # written, not yet delivered
    _at(app, utc(2027, 3, 31, 9))
    assert celebrated(app, channel)[5:] == ["first_feedback_to_mentee"]
    with app.tandem.sessions.begin() as session:
        session.execute(update(Feedback).values(delivered=True))
    _at(app, utc(2027, 3, 31, 10))
    assert celebrated(app, channel)[6:] == ["first_feedback_to_mentor"]

    goal = "Run the quarterly planning on my own"
    tick_goals(app, MENTEE, goal)
    _at(app, utc(2027, 3, 31, 11))
    assert celebrated(app, channel)[7:] == ["goal_done"]
    assert goal in of_kind(app, channel, "milestone")[-1]["text"]

    for when in (utc(2027, 4, 4, 9), utc(2027, 7, 4, 9), utc(2028, 1, 4, 9)):
        _at(app, when)
    assert celebrated(app, channel)[8:] == ["months_3", "months_6", "months_12"]

    answer = command_reply(app, OWNER, f"end <@{MENTOR}> <@{MENTEE}> completed")
    assert answer.startswith("Closed the mentorship of") and "as completed" in answer
    _at(app, utc(2028, 1, 4, 10))
    assert celebrated(app, channel)[11:] == ["completed"]

    # Nothing is celebrated twice, however many passes follow.
    for hours in (11, 12):
        _at(app, utc(2028, 1, 4, hours))
    messages = of_kind(app, channel, "milestone")
    assert sorted(celebrated(app, channel)) == sorted(EMOJI)
    for message in messages:
        kind = message["metadata"]["event_payload"]["key"].split(":")[2]
        assert reactions(message) == [EMOJI[kind]], kind
    assert len(milestones(app)) == len(EMOJI)
    status = command_reply(app, OWNER, "status")
    assert "Pairs: 0 active, 0 paused, 0 ended, 1 completed" in status
    assert "This month: 2 milestones reached" in status
    with app.tandem.sessions() as session:
        assert session.get(Pair, pair_id).status == "completed"  # type: ignore[union-attr]
