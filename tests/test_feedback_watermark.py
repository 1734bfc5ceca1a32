"""The feedback sweep looks at each check-in once it came, and not again and again: its
watermark is just before the earliest check-in still waiting to be queued, else the pass."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.models import CheckIn, Delivery, Member
from bot.scheduler.sweeps import last_run
from bot.services.feedback.keys import ASSESSMENT_KIND
from bot.services.feedback.rounds import WATERMARK, look_at_checkins
from tests.support.checkins import MENTEE, MENTOR, seed_pair, tick, utc
from tests.support.runner import RunningApp

FIRST_DUE = utc(2027, 1, 12, 9)  # the mentor's first check-in, 10:00 in Berlin


def _checkin(session, user: str) -> CheckIn:  # type: ignore[no-untyped-def]
    return session.scalars(
        select(CheckIn).join(Member, Member.id == CheckIn.member_id).where(Member.user_id == user)
    ).one()


def test_after_a_pass_the_sweep_does_not_look_back(app: RunningApp) -> None:
    seed_pair(app, goals=("Run the planning",))
    tick(app, utc(2027, 1, 4, 9))
    tick(app, FIRST_DUE)  # the mentor's check-in came; the mentee's is due at 15:00
    assert last_run(app.tandem, WATERMARK) == FIRST_DUE


def test_a_check_in_not_queued_yet_is_looked_at_once_it_came(app: RunningApp) -> None:
    seed_pair(app, goals=("Run the planning",))
    tick(app, utc(2027, 1, 4, 9))
    tandem = app.tandem
    with tandem.sessions.begin() as session:
        mentee = _checkin(session, MENTEE)
        mentee.due_at = FIRST_DUE  # due now, but (as if another worker were at it) unqueued
    with tandem.sessions.begin() as session:
        look_at_checkins(session, tandem.composer, FIRST_DUE + timedelta(seconds=30))
    assert last_run(tandem, WATERMARK) == FIRST_DUE - timedelta(microseconds=1)
    with tandem.sessions.begin() as session:
        _checkin(session, MENTEE).state = "queued"
        _checkin(session, MENTOR).state = "queued"
    with tandem.sessions.begin() as session:
        look_at_checkins(session, tandem.composer, FIRST_DUE + timedelta(minutes=1))
        kinds = list(session.scalars(select(Delivery.kind).where(Delivery.recipient == MENTEE)))
    assert kinds.count(ASSESSMENT_KIND) == 1  # the mentee's first check-in of January
    assert last_run(tandem, WATERMARK) == FIRST_DUE + timedelta(minutes=1)
