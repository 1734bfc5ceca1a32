"""A workspace worth attacking: two pairs and an outsider, pair A with an open check-in of
each member, goals, an open feedback round and delivered feedback; and the whole database
read back row by row, to prove a refused payload changed nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.domain.states import FeedbackState, ReadinessState, RoundState
from bot.models import Feedback, FeedbackRound, Goal
from bot.models.base import Base
from bot.models.succession import ReadinessRound
from bot.sandbox import BOT_USER
from tests.support import factories
from tests.support.checkins import MENTEE, MENTOR, checkin_of, prompt_both
from tests.support.runner import RunningApp

DAN, EVE = "UDAN00001", "UEVE00001"  # pair B: the member of another pair is Dan
CAL = "UCAL00001"  # in the workspace, in no pair
GOALS = ("Run the quarterly planning on my own",)
FEEDBACK = ("In the review", "you waited before helping", "I found the gap myself", "Lead the next")
# What pair A wrote, which no refusal to someone else may show.
PAIR_A_WORDS = (*GOALS, *FEEDBACK[1:])


@dataclass(frozen=True)
class World:
    """IDs of pair A's objects, which neither Dan nor Cal may touch."""

    pair: int
    channel: str
    mentor_checkin: int
    mentee_checkin: int
    goal: int
    round: int
    feedback: int  # delivered to the mentee
    readiness: int  # an open readiness round


def build_world(app: RunningApp) -> World:
    pair_id, channel = prompt_both(app, goals=GOALS)
    assert channel is not None
    now = app.tandem.clock.now()
    app.fake.add_user(DAN, "dan", tz="Europe/Paris")
    app.fake.add_user(EVE, "eve", tz="Europe/Paris")
    app.fake.add_user(CAL, "cal", tz="Asia/Tokyo")
    other = app.fake.add_channel("mentoring-dan-eve", private=True, members=(BOT_USER, DAN, EVE))
    with app.tandem.sessions.begin() as session:
        eve = factories.member(session, EVE, tz="Europe/Paris", now=now)
        dan = factories.member(session, DAN, tz="Europe/Paris", now=now)
        factories.pair(session, eve, dan, now=now, channel_id=other)
        mentor = factories.known(session, MENTOR)
        mentee = factories.known(session, MENTEE)
        assert mentor is not None and mentee is not None
        round_ = FeedbackRound(
            team_id=mentor.team_id,
            pair_id=pair_id,
            period="2027-01-12",
            number=1,
            since=now - timedelta(days=8),
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7),
            state=RoundState.OPEN,
        )
        session.add(round_)
        session.flush()
        feedback = Feedback(
            team_id=mentor.team_id,
            pair_id=pair_id,
            from_member_id=mentor.id,
            to_member_id=mentee.id,
            situation=FEEDBACK[0],
            behaviour=FEEDBACK[1],
            impact=FEEDBACK[2],
            next_step=FEEDBACK[3],
            delivered=True,
            state=FeedbackState.DELIVERED,
            created_at=now,
            delivered_at=now,
            channel_id=app.fake.dm_with(MENTEE),
            message_ts="1800000000.000100",
        )
        session.add(feedback)
        session.flush()
        readiness = ReadinessRound(
            team_id=mentor.team_id,
            pair_id=pair_id,
            number=1,
            month="2027-01",
            areas=["Running the budget"],
            state=ReadinessState.OPEN,
            opened_at=now,
            closes_at=now + timedelta(days=14),
        )
        session.add(readiness)
        session.flush()
        goal = session.scalars(select(Goal).where(Goal.pair_id == pair_id)).first()
        assert goal is not None
        ids = (round_.id, feedback.id, goal.id, readiness.id)
    return World(
        pair=pair_id,
        channel=channel,
        mentor_checkin=checkin_of(app, MENTOR).id,
        mentee_checkin=checkin_of(app, MENTEE).id,
        goal=ids[2],
        round=ids[0],
        feedback=ids[1],
        readiness=ids[3],
    )


def snapshot(
    app: RunningApp, *, skip: tuple[str, ...] = (), ignore: tuple[str, ...] = ()
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but `skip`, in primary-key order (content, not only counts),
    without the columns named in `ignore` ("table.column")."""
    with app.tandem.sessions() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(
                    select(
                        *(c for c in table.columns if f"{table.name}.{c.name}" not in ignore)
                    ).order_by(*table.primary_key.columns)
                ).all()
            ]
            for table in Base.metadata.sorted_tables
            if table.name not in skip
        }


def changed(
    before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]
) -> dict[str, int]:
    """Tables whose rows differ, and by how many rows their counts differ."""
    return {
        name: len(after[name]) - len(rows) for name, rows in before.items() if after[name] != rows
    }


def rows_of_pair(app: RunningApp, pair_id: int, users: tuple[str, ...]) -> dict[str, Any]:
    """The rows about one pair and its members: its own row, every row with its pair_id, and
    its members' rows (by user_id)."""
    with app.tandem.sessions() as session:
        found: dict[str, Any] = {}
        for table in Base.metadata.sorted_tables:
            columns = table.columns
            if table.name == "pairs":
                where = columns["id"] == pair_id
            elif "pair_id" in columns:
                where = columns["pair_id"] == pair_id
            elif "user_id" in columns:
                where = columns["user_id"].in_(users)
            else:
                continue
            query = select(table).where(where).order_by(*table.primary_key.columns)
            found[table.name] = [tuple(row) for row in session.execute(query).all()]
        return found
