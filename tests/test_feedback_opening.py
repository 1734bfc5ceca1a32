"""Opening feedback rounds in batches: each round with one nudge per person, its feedback
period starting where the pair's previous round closed, and a round recorded already left
as it was."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.context import Tandem
from bot.domain.feedback import ROUND_DAYS
from bot.models import CheckIn, FeedbackNudge, FeedbackRound, Pair
from bot.services.feedback.opening import Due, open_rounds
from tests.support import factories
from tests.support.checkins import utc

STARTED = utc(2027, 1, 4, 8)
PERIODS = {"2027-01-05": utc(2027, 1, 5, 9), "2027-01-12": utc(2027, 1, 12, 9)}  # Tuesdays


def _pair_with_checkins(tandem: Tandem, n: int) -> Pair:
    with tandem.sessions.begin() as session:
        mentor = factories.member(session, f"UMR{n}", tz="Europe/Berlin", now=STARTED)
        mentee = factories.member(session, f"UME{n}", tz="UTC", now=STARTED)
        pair = factories.pair(session, mentor, mentee, now=STARTED)
        for period, due in PERIODS.items():
            for member, role in ((mentor, "mentor"), (mentee, "mentee")):
                session.add(
                    CheckIn(
                        team_id=pair.team_id,
                        pair_id=pair.id,
                        member_id=member.id,
                        role=role,
                        period=period,
                        question_id="q1",
                        due_at=due,
                        state="answered",
                    )
                )
        session.expunge(pair)
    return pair


def _due(pair: Pair, period: str, number: int) -> Due:
    return Due(pair.id, pair.team_id, pair.started_at, period, number)


def test_two_rounds_of_a_pair_in_one_look_follow_each_other(tandem: Tandem) -> None:
    pairs = [_pair_with_checkins(tandem, n) for n in range(3)]
    due = [_due(p, period, n + 1) for p in pairs for n, period in enumerate(PERIODS)]
    with tandem.sessions.begin() as session:
        assert open_rounds(session, list(reversed(due))) == 6
    with tandem.sessions() as session:
        rounds = session.scalars(select(FeedbackRound).order_by(FeedbackRound.id)).all()
        nudges = session.scalars(select(FeedbackNudge)).all()
        for pair in pairs:
            first, second = sorted(
                (r for r in rounds if r.pair_id == pair.id), key=lambda r: r.period
            )
            assert first.since == STARTED  # the pair's first feedback period: from its start
            assert second.since == first.closes_at  # then from where the last one closed
            # Both partners are nudged the working day after their check-in (Wednesday),
            # at the same local time; the round closes ROUND_DAYS after the first nudge.
            for round_ in (first, second):
                mine = [n for n in nudges if n.round_id == round_.id]
                assert sorted(n.role for n in mine) == ["mentee", "mentor"]
                assert {n.due_at for n in mine} == {PERIODS[round_.period] + timedelta(days=1)}
                assert round_.closes_at == round_.opens_at + timedelta(days=ROUND_DAYS)
                assert all(n.remind_at is None or n.remind_at < round_.closes_at for n in mine)


def test_a_round_recorded_already_is_left_as_it_was(tandem: Tandem) -> None:
    pair = _pair_with_checkins(tandem, 0)
    with tandem.sessions.begin() as session:
        assert open_rounds(session, [_due(pair, "2027-01-05", 1)]) == 1
    with tandem.sessions.begin() as session:
        # Another worker's look (or a later one) meets the same round, and the next one.
        both = [_due(pair, "2027-01-05", 1), _due(pair, "2027-01-12", 2)]
        assert open_rounds(session, both) == 1
    with tandem.sessions() as session:
        rounds = session.scalars(select(FeedbackRound).order_by(FeedbackRound.period)).all()
        assert [r.period for r in rounds] == list(PERIODS)
        assert rounds[1].since == rounds[0].closes_at
        counts = [
            len(session.scalars(select(FeedbackNudge).where(FeedbackNudge.round_id == r.id)).all())
            for r in rounds
        ]
        assert counts == [2, 2]  # not nudged twice for the first
