"""A seeded program for the status tests: pairs with weekly rounds as stored rows, every
reflection and piece of feedback carrying a marker that no report may show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.models import CheckIn, Feedback, Milestone, Pair
from tests.support import factories
from tests.support.checkins import utc
from tests.support.runner import RunningApp

MARKER = "MARKER-7f3a"  # in every reflection and every feedback: never in a report
NOW = utc(2027, 3, 1, 10)  # a Monday; rounds went out weekly at 09:00
START = utc(2027, 1, 4, 9)  # eight rounds before NOW
GOOD = [(4, 4)] * 8
RECENT = [("mentor", NOW - timedelta(days=3))]
# One member's check-in in a round: None (went out, not answered), a pulse 1-5, or "r" (a
# reflection only).
Answer = int | str | None


@dataclass
class Seeded:
    pair_id: int
    mentor: str
    mentee: str
    rounds: list[tuple[Answer, Answer]]
    open_round: bool  # a current round, open and unanswered, after `rounds`
    extra: dict = field(default_factory=dict)


def seed_pair(
    app: RunningApp,
    n: int,
    *,
    started: datetime,
    rounds: Sequence[tuple[Answer, Answer]],
    open_round: bool = False,
    agreed: bool = True,
    status: str = "active",
    feedback: Sequence[tuple[str, datetime]] = (),
) -> Seeded:
    """Pair UMENTOR<n> with UMENTEE<n>, started at `started`, with weekly rounds (the first
    a week after the start) and feedback (giver role, when)."""
    mentor_id, mentee_id = f"UMENTOR{n:02d}", f"UMENTEE{n:02d}"
    for user in (mentor_id, mentee_id):
        app.fake.add_user(user, user.lower())
    with app.tandem.sessions.begin() as session:
        mentor = factories.member(session, mentor_id, now=started)
        mentee = factories.member(session, mentee_id, now=started)
        pair = factories.pair(session, mentor, mentee, now=started, status=status)
        pair.agreement_ts = "1800000000.000100" if agreed else None
        every = list(rounds) + ([(None, None)] if open_round else [])
        for k, answers in enumerate(every):
            due = started + timedelta(weeks=k + 1)
            is_open = open_round and k == len(every) - 1
            members = zip((mentor, mentee), ("mentor", "mentee"), answers, strict=True)
            for member, role, answer in members:
                session.add(_checkin(pair, member.id, role, due, answer, is_open))
        for giver, at in feedback:
            source, target = (mentor, mentee) if giver == "mentor" else (mentee, mentor)
            session.add(
                Feedback(
                    team_id=pair.team_id,
                    pair_id=pair.id,
                    from_member_id=source.id,
                    to_member_id=target.id,
                    situation=f"{MARKER} in the review",
                    behaviour=f"{MARKER} you listened",
                    impact=f"{MARKER} we decided faster",
                    delivered=True,
                    created_at=at,
                )
            )
        return Seeded(pair.id, mentor_id, mentee_id, list(rounds), open_round)


def _checkin(
    pair: Pair, member_id: int, role: str, due: datetime, answer: Answer, is_open: bool
) -> CheckIn:
    answered = answer is not None and not is_open
    state = "answered" if answered else ("open" if is_open else "superseded")
    return CheckIn(
        team_id=pair.team_id,
        pair_id=pair.id,
        member_id=member_id,
        role=role,
        period=f"{due:%Y-%m-%d}",
        question_id="q1",
        due_at=due,
        state=state,
        pulse=answer if isinstance(answer, int) and answered else None,
        reflection=f"{MARKER} what I noticed" if answered else None,
        sent_at=due,
        answered_at=due + timedelta(hours=2) if answered else None,
    )


def milestone(app: RunningApp, pair_id: int, kind: str, at: datetime) -> None:
    with app.tandem.sessions.begin() as session:
        session.add(
            Milestone(team_id="T0001", pair_id=pair_id, kind=kind, title=kind, achieved_at=at)
        )


def seed_program(app: RunningApp) -> dict[str, Seeded]:
    """Pairs for each reason to need attention, a thriving one, paused, ended, completed and
    new ones, feedback in and out of the last 30 days, milestones this month and before."""
    seeded = {
        "thriving": seed_pair(
            app,
            1,
            started=START,
            rounds=[(5, 5)] * 4 + [(4, 4)] * 2 + [(4, "r")],
            open_round=True,
            feedback=[
                *RECENT,
                ("mentee", NOW - timedelta(days=10)),
                ("mentee", NOW - timedelta(days=40)),
            ],
        ),
        "silent": seed_pair(
            app, 2, started=START, rounds=[(4, 4)] * 6 + [(None, None)] * 2, feedback=RECENT
        ),
        "pulse_fell": seed_pair(
            app,
            3,
            started=START,
            rounds=[(4, 5)] * 6 + [(4, 4), (4, 3)],
            feedback=[*RECENT, ("mentee", NOW - timedelta(days=10))],
        ),
        "one_silent": seed_pair(
            app, 4, started=START, rounds=[(3, 4)] * 6 + [(4, None)] * 2, feedback=RECENT
        ),
        "perception_gap": seed_pair(
            app,
            5,
            started=START,
            rounds=[(4, 4)] * 5 + [(5, 3), (5, 3), (5, 2)],
            feedback=RECENT,
        ),
        "no_feedback": seed_pair(
            app, 6, started=START, rounds=GOOD, feedback=[("mentor", START + timedelta(days=6))]
        ),
        "no_agreement": seed_pair(
            app,
            7,
            started=NOW - timedelta(weeks=2, hours=1),
            rounds=[(4, 4)] * 2,
            agreed=False,
            feedback=RECENT,
        ),
    }
    seed_pair(
        app,
        8,
        started=START,
        rounds=[(None, None)] * 4,
        status="paused",
        feedback=[("mentee", NOW - timedelta(days=5))],
    )
    seed_pair(app, 9, started=START, rounds=[(1, 1)] * 4, status="ended")
    seed_pair(app, 10, started=START, rounds=GOOD, status="completed")
    seeded["new"] = seed_pair(app, 11, started=NOW - timedelta(hours=2), rounds=[], agreed=False)
    milestone(app, seeded["thriving"].pair_id, "streak_4", NOW - timedelta(hours=1))
    milestone(app, seeded["pulse_fell"].pair_id, "first_checkin", utc(2027, 2, 27))
    return seeded
