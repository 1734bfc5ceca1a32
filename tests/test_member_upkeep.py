"""The agreement reminder (once, after 3 days) and the daily time-zone refresh."""

from datetime import timedelta

from sqlalchemy import select

from bot.models import Delivery, Member
from bot.scheduler.tick import run_pass
from tests.support.flows import (
    ANA,
    BEN,
    MENTEE_PART,
    add_people,
    button,
    open_view,
    pair_up,
    share_part,
    welcome_of,
)
from tests.support.runner import RunningApp


def _dms(app: RunningApp, user: str) -> list[dict]:
    return app.fake.messages_in(app.fake.dm_with(user))


def test_a_missing_part_is_reminded_once_after_three_days(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    share_part(app, BEN, channel, MENTEE_PART)
    value = button(welcome_of(app, channel), "agreement_open")["value"]
    created = app.tandem.clock.now()

    run_pass(app.tandem, created + timedelta(days=3) - timedelta(minutes=1))
    assert _dms(app, ANA) == [] and _dms(app, BEN) == []
    run_pass(app.tandem, created + timedelta(days=3))
    [reminder] = _dms(app, ANA)
    assert reminder["text"].startswith(
        f"A gentle reminder: your mentorship agreement with <@{BEN}> is still waiting"
    )
    assert "This is the only reminder I will send about it." in reminder["text"]
    assert button(reminder, "agreement_open")["value"] == value
    assert _dms(app, BEN) == []  # Ben's part is in: his reminder was skipped
    run_pass(app.tandem, created + timedelta(days=4))
    run_pass(app.tandem, created + timedelta(days=10))
    assert len(_dms(app, ANA)) == 1
    with app.tandem.sessions() as session:
        rows = session.scalars(select(Delivery).where(Delivery.kind == "agreement_reminder"))
        assert {(d.recipient, d.state) for d in rows} == {(ANA, "sent"), (BEN, "skipped")}
    # the reminder's button opens Ana's part straight from the DM
    app.driver.block_action(
        ANA,
        "agreement_open",
        value=value,
        channel=reminder["ts"] and app.fake.dm_with(ANA),
        message_ts=reminder["ts"],
    )
    assert (
        open_view(app, app.fake.wait_for("views.open", count=2)[-1])["callback_id"]
        == "agreement_mentor"
    )


def test_time_zones_are_refreshed_daily_in_bulk(app: RunningApp) -> None:
    add_people(app)
    pair_up(app)
    for n in range(250):  # more than one users.list page
        app.fake.add_user(f"UX{n:07d}", f"person{n}")
    app.fake.users[ANA]["tz"] = "America/New_York"
    app.fake.users[BEN]["profile"]["display_name"] = "benjamin"
    info_calls = len(app.fake.calls_to("users.info"))
    now = app.tandem.clock.now()

    lines = run_pass(app.tandem, now)
    assert "members: 2 refreshed from users.list, 1 time zone(s) changed" in lines
    pages = app.fake.calls_to("users.list")
    assert len(pages) == 2 and pages[1].args["cursor"] == "200"
    with app.tandem.sessions() as session:
        members = {m.user_id: m for m in session.scalars(select(Member))}
    assert members[ANA].tz == "America/New_York"
    assert members[BEN].display_name == "benjamin"
    assert members[ANA].tz_refreshed_at == now

    run_pass(app.tandem, now + timedelta(hours=23))
    assert len(app.fake.calls_to("users.list")) == 2  # once a day
    run_pass(app.tandem, now + timedelta(days=1))
    assert len(app.fake.calls_to("users.list")) == 4
    assert len(app.fake.calls_to("users.info")) == info_calls  # never per member
