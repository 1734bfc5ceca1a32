"""The feedback part of a person's data: feedback they gave (in full), feedback they were
given once it reached them (never what a partner wrote that is still held in a round), their
private notes on it, their feedback nudges and, as a mentee, their goal self-assessments.

Forgetting someone deletes the feedback they gave that nobody has seen yet (and its planned
DM), empties the texts of what they gave that was delivered, clears their private notes and
self-assessment notes, skips their planned nudges and closes their pairs' open rounds
without releasing what is held in them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.delivery.planning import skip
from bot.domain.states import FeedbackState, NudgeState, RoundState
from bot.models import Feedback, FeedbackNudge, FeedbackRound, GoalAssessment, Member
from bot.personal import Person, PersonalData, pair_ids, row_values
from bot.services.feedback.keys import delivery_key

GIVEN = ("pair_id", "situation", "behaviour", "impact", "next_step", "state", "created_at")
RECEIVED = ("pair_id", "situation", "behaviour", "impact", "next_step", "delivered_at")
NUDGES = ("pair_id", "role", "due_at", "remind_at", "state")
ASSESSED = ("pair_id", "goal_id", "month", "progress", "note", "assessed_at")
LEFT = "left the program"
SECTIONS = ("feedback_given", "feedback_received", "feedback_nudges", "goal_assessments")


def export(session: Session, person: Person) -> Mapping[str, Any]:
    if person.member_id is None:
        return {name: [] for name in SECTIONS}
    mine = Feedback.team_id == person.team_id
    given = session.scalars(
        select(Feedback).where(mine, Feedback.from_member_id == person.member_id)
    )
    received = session.execute(
        select(Feedback, Member.user_id)
        .join(Member, Member.id == Feedback.from_member_id)
        .where(mine, Feedback.to_member_id == person.member_id)
        .where(Feedback.state == FeedbackState.DELIVERED)
        .order_by(Feedback.id)
    )
    nudges = session.scalars(
        select(FeedbackNudge)
        .where(FeedbackNudge.member_id == person.member_id)
        .order_by(FeedbackNudge.id)
    )
    assessed = session.scalars(
        select(GoalAssessment)
        .where(GoalAssessment.pair_id.in_(pair_ids(person, as_mentee=True)))
        .order_by(GoalAssessment.id)
    )
    return {
        "feedback_given": [row_values(f, *GIVEN) for f in given],
        "feedback_received": [
            row_values(f, *RECEIVED)
            | {"from_user_id": giver, "your_answer": f.reception, "your_note": f.reflection}
            for f, giver in received
        ],
        "feedback_nudges": [row_values(n, *NUDGES) for n in nudges],
        "goal_assessments": [row_values(a, *ASSESSED) for a in assessed],
    }


def erase(session: Session, person: Person, now: datetime) -> None:
    if person.member_id is None:
        return
    given = Feedback.team_id == person.team_id, Feedback.from_member_id == person.member_id
    unseen = list(
        session.scalars(
            select(Feedback.id).where(*given, Feedback.state != FeedbackState.DELIVERED)
        )
    )
    for feedback_id in unseen:
        skip(session, delivery_key(feedback_id), LEFT)
    session.execute(delete(Feedback).where(Feedback.id.in_(unseen)))
    session.execute(
        update(Feedback)
        .where(*given)
        .values(situation="", behaviour="", impact="", next_step="")
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Feedback)
        .where(Feedback.team_id == person.team_id, Feedback.to_member_id == person.member_id)
        .values(reflection=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(FeedbackNudge)
        .where(FeedbackNudge.member_id == person.member_id)
        .where(FeedbackNudge.state == NudgeState.PLANNED)
        .values(state=NudgeState.SKIPPED, reason=LEFT)
    )
    session.execute(
        update(FeedbackRound)
        .where(FeedbackRound.pair_id.in_(pair_ids(person)), FeedbackRound.state == RoundState.OPEN)
        .values(state=RoundState.CLOSED)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(GoalAssessment)
        .where(GoalAssessment.pair_id.in_(pair_ids(person, as_mentee=True)))
        .values(note="")
        .execution_options(synchronize_session=False)
    )


PERSONAL = PersonalData(
    tables={
        "feedback": "exported (received: delivered only); given texts and private notes erased",
        "feedback_nudges": "exported; planned nudges skipped",
        "goal_assessments": "exported; notes cleared",
    },
    export=export,
    erase=erase,
)
