"""Two scheduler workers due the same tip slots at once: each pair's tip is planned once."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from bot.bootstrap import build_tandem
from bot.context import Tandem
from bot.db.engine import make_engine
from bot.models import Delivery, Member, TipPlan, TipSent
from bot.services.tips.posting import post_tips, start_tips
from bot.settings import Settings
from tests.support import factories

CREATED = datetime(2027, 1, 4, 9, tzinfo=UTC)
THURSDAY = datetime(2027, 1, 7, 10, tzinfo=UTC)  # 10:00 in UTC, where these mentees live


def test_two_workers_plan_each_slot_once(
    settings: Settings, engine: Engine, tandem: Tandem
) -> None:
    with tandem.sessions.begin() as session:
        for n in range(40):
            mentor = factories.member(session, f"UMR{n:04d}", now=CREATED)
            mentee = factories.member(session, f"UME{n:04d}", now=CREATED)
            factories.pair(session, mentor, mentee, now=CREATED, channel_id=f"G{n:08d}")
    assert start_tips(tandem, CREATED) == ["tips: 40 pairs given their first tip slot"]
    other_engine = make_engine(settings.database_url)
    other = build_tandem(replace(settings), engine=other_engine)
    start = threading.Barrier(2)
    reports: list[list[str]] = []

    def work(worker: Tandem) -> None:
        start.wait()
        reports.append(post_tips(worker, THURSDAY))

    threads = [threading.Thread(target=work, args=(w,)) for w in (tandem, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    other_engine.dispose()

    planned = sorted(int(r[0].split(" ")[1]) for r in reports)
    assert sum(planned) == 40, reports
    with tandem.sessions() as session:
        keys = list(session.scalars(select(Delivery.key).where(Delivery.kind == "tip")))
        assert len(keys) == len(set(keys)) == 40
        assert all(key.endswith(":2027-01-07") for key in keys)
        assert session.scalar(select(func.max(TipSent.rounds))) == 1
        assert session.scalar(select(func.count()).select_from(TipSent)) == 40
        # every slot moved on to the next Thursday
        assert {p.period for p in session.scalars(select(TipPlan))} == {"2027-01-14"}
    assert post_tips(tandem, THURSDAY) == ["tips: 0 planned, 0 slots passed over"]


def test_a_mentee_who_moves_gets_tips_at_ten_in_the_new_time_zone(tandem: Tandem) -> None:
    with tandem.sessions.begin() as session:
        mentor = factories.member(session, "UMR0001", now=CREATED)
        mentee = factories.member(session, "UME0001", tz="America/New_York", now=CREATED)
        factories.pair(session, mentor, mentee, now=CREATED, channel_id="G00000001")
    start_tips(tandem, CREATED)
    with tandem.sessions.begin() as session:
        [plan] = session.scalars(select(TipPlan)).all()
        assert plan.due_at == datetime(2027, 1, 7, 15, tzinfo=UTC)  # 10:00 in New York
        session.scalars(select(Member)).all()[1].tz = "Asia/Tokyo"
    # Due by the old zone: the slot moves to 10:00 in Tokyo instead of posting.
    later = datetime(2027, 1, 7, 15, tzinfo=UTC)
    assert post_tips(tandem, later) == ["tips: 0 planned, 0 slots passed over"]
    with tandem.sessions() as session:
        [plan] = session.scalars(select(TipPlan)).all()
        assert (plan.period, plan.due_at) == ("2027-01-14", datetime(2027, 1, 14, 1, tzinfo=UTC))
    assert post_tips(tandem, datetime(2027, 1, 14, 1, tzinfo=UTC))[0].startswith("tips: 1 planned")
