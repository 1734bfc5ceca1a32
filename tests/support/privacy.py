"""A pair with words of both partners in every table that keeps them, for the data-rights
tests: what is the mentee's own, what the mentor wrote, and feedback still held in a round."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.domain.states import CheckInState, FeedbackState, ReadinessState, Role, RoundState
from bot.models import (
    CheckIn,
    Feedback,
    FeedbackRound,
    Goal,
    GoalAssessment,
    Kudos,
    Member,
    Pair,
)
from bot.models.succession import Handover, ReadinessRating, ReadinessRound
from tests.support.flows import ANA, BEN, add_people, pair_up, reply
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

# The mentor's words: none of them may reach the mentee's export.
ANA_REFLECTION = "Ana's private reflection about the budget"
ANA_NOTE = "Ana's private note on Ben's feedback"
ANA_HELD = "Ana's feedback still held in the round"
# The mentee's own words: all of them are in the mentee's export, and forget-me erases them.
BEN_REFLECTION = "Ben's reflection on the planning session"
BEN_NOTE = "Ben's private note on Ana's feedback"
BEN_GAVE = "Ben's feedback on the agenda Ana shared"
BEN_ASSESSED = "Ben's note on his planning goal"
ANA_DELIVERED = "Ana's feedback that reached Ben"
BEN_HANDOVER = "Ben's notes on the vendor contracts Ana walked him through"


@dataclass(frozen=True)
class Seeded:
    pair_id: int
    channel: str
    ana_id: int
    ben_id: int


def _checkin(pair: Pair, member_id: int, role: Role, words: str, at: datetime) -> CheckIn:
    return CheckIn(
        team_id=pair.team_id,
        pair_id=pair.id,
        member_id=member_id,
        role=role,
        period=f"{at:%Y-%m-%d}",
        question_id="q1",
        due_at=at,
        state=CheckInState.ANSWERED,
        pulse=4,
        reflection=words,
        answered_at=at + timedelta(hours=1),
    )


def _feedback(pair: Pair, giver: int, to: int, words: str, at: datetime, **more: Any) -> Feedback:
    return Feedback(
        team_id=pair.team_id,
        pair_id=pair.id,
        from_member_id=giver,
        to_member_id=to,
        situation=words,
        behaviour=f"{words} (behaviour)",
        impact=f"{words} (impact)",
        next_step="",
        created_at=at,
        **more,
    )


def seed(app: RunningApp, at: datetime) -> Seeded:
    """Ana (mentor) and Ben (mentee) paired by the owner, and a month of their words."""
    add_people(app)
    channel = pair_up(app, ANA, BEN)
    with app.tandem.sessions.begin() as s:
        pair = s.scalars(select(Pair)).one()
        ana, ben = pair.mentor_id, pair.mentee_id
        s.add_all(
            [
                _checkin(pair, ana, Role.MENTOR, ANA_REFLECTION, at),
                _checkin(pair, ben, Role.MENTEE, BEN_REFLECTION, at),
            ]
        )
        held_round = FeedbackRound(
            team_id=pair.team_id,
            pair_id=pair.id,
            period=f"{at:%Y-%m-%d}",
            number=2,
            since=at,
            opens_at=at,
            closes_at=at + timedelta(days=7),
            state=RoundState.OPEN,
        )
        s.add(held_round)
        s.flush()
        s.add_all(
            [
                _feedback(
                    pair, ana, ben, ANA_HELD, at, state=FeedbackState.HELD, round_id=held_round.id
                ),
                _feedback(
                    pair,
                    ana,
                    ben,
                    ANA_DELIVERED,
                    at,
                    state=FeedbackState.DELIVERED,
                    delivered=True,
                    delivered_at=at,
                    received_at=at,
                    reception="thanks",
                    reflection=BEN_NOTE,
                ),
                _feedback(
                    pair,
                    ben,
                    ana,
                    BEN_GAVE,
                    at,
                    state=FeedbackState.DELIVERED,
                    delivered=True,
                    delivered_at=at,
                    received_at=at,
                    reflection=ANA_NOTE,
                ),
            ]
        )
        goal = Goal(pair_id=pair.id, position=1, text="Run the planning", created_at=at)
        s.add(goal)
        s.flush()
        s.add(
            GoalAssessment(
                pair_id=pair.id,
                goal_id=goal.id,
                month=f"{at:%Y-%m}",
                progress=40,
                note=BEN_ASSESSED,
                assessed_at=at,
            )
        )
        s.add(
            Kudos(
                team_id=pair.team_id,
                pair_id=pair.id,
                giver_id=ben,
                recipient_id=ana,
                text="Thank you for the agenda",
                created_at=at,
            )
        )
        s.add(
            Handover(
                team_id=pair.team_id,
                pair_id=pair.id,
                member_id=ben,
                view_id="V0HANDOVER",
                area="vendors",
                how="shadowing",
                shared=BEN_HANDOVER,
                created_at=at,
            )
        )
        readiness = ReadinessRound(
            team_id=pair.team_id,
            pair_id=pair.id,
            number=1,
            month=f"{at:%Y-%m}",
            areas=["vendors"],
            state=ReadinessState.OPEN,
            opened_at=at,
            closes_at=at + timedelta(days=14),
        )
        s.add(readiness)
        s.flush()
        s.add_all(
            ReadinessRating(
                round_id=readiness.id, role=role, member_id=who, ratings=ratings, submitted_at=at
            )
            for role, who, ratings in (
                (Role.MENTOR, ana, {"vendors": 2}),
                (Role.MENTEE, ben, {"vendors": 4}),
            )
        )
        return Seeded(pair.id, channel, ana, ben)


def command_text(app: RunningApp, user: str, text: str) -> str:
    """Run `/mentor <text>` as `user`; the ephemeral answer."""
    before = len(app.fake.calls_to("response_url"))
    app.driver.command(user, text)
    return str(reply(app, before + 1)["text"])


def exported(app: RunningApp, user: str) -> tuple[str, dict[str, Any]]:
    """`/mentor my-data` as `user`: the file that reached their DM, as text and as JSON."""
    said = command_text(app, user, "my-data")
    assert said.startswith("I am putting together everything Tandem stores about you"), said
    dm = app.fake.dm_with(user)
    [upload] = wait_until(lambda: app.fake.files_in(dm), lambda f: len(f) == 1, what="a file")
    raw = (upload.data or b"").decode("utf-8")
    return raw, json.loads(raw)


def member(app: RunningApp, member_id: int) -> Member:
    with app.tandem.sessions() as s:
        found = s.get(Member, member_id)
        assert found is not None
        return found
