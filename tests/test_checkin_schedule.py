"""When check-in prompts go out, driven by `tandem tick --now` against the fake Slack."""

import threading
from datetime import timedelta

from sqlalchemy import select

from bot.bootstrap import build_tandem
from bot.db.engine import make_engine
from bot.domain.schedule import zone
from bot.models import CheckIn, Member, Pair, ProgramSettings
from bot.scheduler.tick import run_pass
from bot.services.people.members import refresh_members
from tests.support.checkins import (
    BERLIN,
    CREATED,
    MENTEE,
    MENTOR,
    NEW_YORK,
    checkin_of,
    posts,
    seed_pair,
    tick,
    utc,
)
from tests.support.constants import OWNER
from tests.support.runner import RunningApp


def test_prompts_arrive_at_ten_in_each_members_own_time_zone(app: RunningApp) -> None:
    pair_id, _ = seed_pair(app)
    assert "check-ins: 0 queued, 0 missed, 0 moved, 1 pairs started" in tick(app, CREATED)
    # Tuesday 5 January is less than two days after the pair was created: nothing then.
    tick(app, utc(2027, 1, 5, 9))
    tick(app, utc(2027, 1, 12, 8, 59))
    assert posts(app, MENTOR) == [] and posts(app, MENTEE) == []

    lines = tick(app, utc(2027, 1, 12, 9, 0))  # 10:00 in Berlin, 04:00 in New York
    assert "check-ins: 1 queued, 0 missed, 0 moved, 0 pairs started" in lines
    assert "deliveries: 1 sent, 0 failed, 0 to retry, 0 missed" in lines
    [prompt] = posts(app, MENTOR)
    assert posts(app, MENTEE) == []
    tick(app, utc(2027, 1, 12, 14, 59))
    assert posts(app, MENTEE) == []
    tick(app, utc(2027, 1, 12, 15, 0))  # 10:00 in New York
    [mentee_prompt] = posts(app, MENTEE)

    with app.tandem.sessions() as session:
        mentor_id = session.scalar(select(Member.id).where(Member.user_id == MENTOR))
    assert prompt.args["metadata"] == {
        "event_type": "tandem_delivery",
        "event_payload": {"kind": "checkin", "key": f"checkin:{pair_id}:{mentor_id}:2027-01-12"},
    }
    # Posted to the user ID: Slack puts it in the app's DM; no conversations.open per prompt.
    assert prompt.args["channel"] == MENTOR and mentee_prompt.args["channel"] == MENTEE
    assert app.fake.calls_to("conversations.open") == []
    assert "speak openly with my mentee" in str(prompt.args["blocks"])
    assert "speak openly with my mentor" in str(mentee_prompt.args["blocks"])
    assert checkin_of(app, MENTOR).state == "open"


def test_prompts_go_out_on_working_days_only(app: RunningApp) -> None:
    seed_pair(app)
    with app.tandem.sessions.begin() as session:
        session.add(
            ProgramSettings(
                team_id="T0001", cadence="weekly", cadence_weekday=5, cadence_time="10:00"
            )
        )
    arrivals: dict[str, list] = {MENTOR: [], MENTEE: []}
    now = CREATED
    while now < CREATED + timedelta(days=22):
        run_pass(app.tandem, now)
        for user, tz in ((MENTOR, BERLIN), (MENTEE, NEW_YORK)):
            if len(posts(app, user)) > len(arrivals[user]):
                arrivals[user].append(now.astimezone(zone(tz)))
        now += timedelta(minutes=30)
    # A Saturday cadence: each prompt goes out on the Monday after, at 10:00 local time.
    for user in (MENTOR, MENTEE):
        days = [(at.strftime("%a %d %b %H:%M")) for at in arrivals[user]]
        assert days == ["Mon 11 Jan 10:00", "Mon 18 Jan 10:00", "Mon 25 Jan 10:00"], user


def test_ticking_twice_at_one_instant_sends_nothing_twice(app: RunningApp) -> None:
    seed_pair(app)
    tick(app, CREATED)
    first = tick(app, utc(2027, 1, 12, 15))
    second = tick(app, utc(2027, 1, 12, 15))
    assert "deliveries: 2 sent, 0 failed, 0 to retry, 0 missed" in first
    assert "check-ins: 0 queued, 0 missed, 0 moved, 0 pairs started" in second
    assert "deliveries: 0 sent, 0 failed, 0 to retry, 0 missed" in second
    assert len(posts(app, MENTOR)) == 1 and len(posts(app, MENTEE)) == 1


def test_two_scheduler_processes_at_once_send_each_prompt_once(app: RunningApp) -> None:
    seed_pair(app)
    run_pass(app.tandem, CREATED)
    workers = [
        build_tandem(app.tandem.settings, engine=make_engine(app.tandem.settings.database_url))
        for _ in range(2)
    ]
    errors: list[BaseException] = []

    def work(tandem) -> None:  # type: ignore[no-untyped-def]
        try:
            run_pass(tandem, utc(2027, 1, 12, 15))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in workers:
        worker.engine.dispose()
    assert errors == []
    assert len(posts(app, MENTOR)) == 1 and len(posts(app, MENTEE)) == 1


def test_after_a_restart_what_fell_due_in_twelve_hours_is_sent_and_older_is_missed(
    app: RunningApp,
) -> None:
    seed_pair(app)
    tick(app, CREATED)  # planned; then the scheduler is down for a week
    # 21:30 UTC: Berlin's 10:00 slot is 12.5 hours old, New York's is 6.5 hours old.
    lines = tick(app, utc(2027, 1, 12, 21, 30))
    assert "check-ins: 1 queued, 1 missed, 0 moved, 0 pairs started" in lines
    assert posts(app, MENTOR) == []
    assert len(posts(app, MENTEE)) == 1
    with app.tandem.sessions() as session:
        rows = session.execute(
            select(Member.user_id, CheckIn.period, CheckIn.state)
            .join(Member, Member.id == CheckIn.member_id)
            .order_by(Member.user_id, CheckIn.period)
        ).all()
    assert [tuple(r) for r in rows] == [
        (MENTEE, "2027-01-12", "open"),
        (MENTEE, "2027-01-19", "planned"),
        (MENTOR, "2027-01-12", "missed"),
        (MENTOR, "2027-01-19", "planned"),
    ]
    tick(app, utc(2027, 1, 19, 9))
    assert len(posts(app, MENTOR)) == 1  # the next week arrives as usual


def test_a_prompt_within_twelve_hours_is_sent_late_once(app: RunningApp) -> None:
    seed_pair(app)
    tick(app, CREATED)
    lines = tick(app, utc(2027, 1, 12, 20, 59))  # 11 h 59 min after Berlin's slot
    assert "deliveries: 2 sent, 0 failed, 0 to retry, 0 missed" in lines
    assert len(posts(app, MENTOR)) == 1 and len(posts(app, MENTEE)) == 1


def test_paused_pairs_and_members_get_nothing_and_resume_afterwards(app: RunningApp) -> None:
    pair_id, _ = seed_pair(app)
    tick(app, CREATED)
    with app.tandem.sessions.begin() as session:
        session.get_one(Pair, pair_id).status = "paused"
        mentee = session.scalars(select(Member).where(Member.user_id == MENTEE)).one()
        mentee.paused_until = utc(2027, 1, 25, 12)  # three weeks off, from 12 January
    tick(app, utc(2027, 1, 12, 15))
    assert posts(app, MENTOR) == [] and posts(app, MENTEE) == []
    with app.tandem.sessions.begin() as session:
        session.get_one(Pair, pair_id).status = "active"  # the owner resumes the pair
    tick(app, utc(2027, 1, 19, 15))
    assert len(posts(app, MENTOR)) == 1 and posts(app, MENTEE) == []
    tick(app, utc(2027, 1, 26, 15))  # the mentee's own pause is over
    assert len(posts(app, MENTOR)) == 2 and len(posts(app, MENTEE)) == 1
    assert checkin_of(app, MENTEE).period == "2027-01-26"


def test_an_ended_pair_gets_no_more_prompts(app: RunningApp) -> None:
    pair_id, _ = seed_pair(app)
    tick(app, utc(2027, 1, 12, 15))
    with app.tandem.sessions.begin() as session:
        pair = session.get_one(Pair, pair_id)
        pair.status, pair.ended_at = "ended", utc(2027, 1, 13)
    tick(app, utc(2027, 1, 19, 15))
    tick(app, utc(2027, 1, 26, 15))
    assert len(posts(app, MENTOR)) == 1 and len(posts(app, MENTEE)) == 1
    with app.tandem.sessions() as session:
        states = session.scalars(select(CheckIn.state).where(CheckIn.pair_id == pair_id)).all()
    assert "planned" not in states


def test_ending_a_pair_cancels_its_reminders_and_next_prompts(app: RunningApp) -> None:
    pair_id, _ = seed_pair(app)
    for when in (CREATED, utc(2027, 1, 12, 9), utc(2027, 1, 12, 15)):
        tick(app, when)
    app.tandem.clock.at = utc(2027, 1, 12, 16)  # type: ignore[attr-defined]
    app.driver.command(OWNER, f"end <@{MENTOR}|ana> <@{MENTEE}|ben>")
    app.fake.wait_for("response_url")
    tick(app, utc(2027, 1, 13, 9))  # when the reminders were due
    tick(app, utc(2027, 1, 13, 15))
    tick(app, utc(2027, 1, 19, 15))
    assert posts(app, MENTOR, "checkin_reminder") == [] == posts(app, MENTEE, "checkin_reminder")
    assert len(posts(app, MENTOR)) == 1 and len(posts(app, MENTEE)) == 1
    with app.tandem.sessions() as session:
        states = sorted(session.scalars(select(CheckIn.state).where(CheckIn.pair_id == pair_id)))
    assert states == ["open", "open"]  # the history stays; nothing more is planned


def test_a_member_who_moves_time_zone_gets_the_check_in_at_their_new_local_time(
    app: RunningApp,
) -> None:
    seed_pair(app)
    tick(app, CREATED)
    app.fake.users[MENTEE]["tz"] = "Asia/Tokyo"  # Ben moved; the daily refresh sees it
    assert refresh_members(app.tandem, utc(2027, 1, 11, 3)) == [
        "members: 2 refreshed from users.list, 1 time zone(s) changed"
    ]
    # Tuesday 10:00 in Tokyo is 01:00 UTC; New York's 15:00 UTC is no longer used.
    tick(app, utc(2027, 1, 12, 1))
    [prompt] = posts(app, MENTEE)
    assert checkin_of(app, MENTEE).due_at == utc(2027, 1, 12, 1)
    tick(app, utc(2027, 1, 12, 15))
    assert posts(app, MENTEE) == [prompt]
    assert checkin_of(app, MENTOR).due_at == utc(2027, 1, 12, 9)  # Ana stays in Berlin


def test_a_time_zone_change_seen_late_still_sends_within_twelve_hours(app: RunningApp) -> None:
    seed_pair(app)
    tick(app, CREATED)
    with app.tandem.sessions.begin() as session:  # changed behind the planner's back
        mentee = session.scalars(select(Member).where(Member.user_id == MENTEE)).one()
        mentee.tz = "Europe/Lisbon"  # 10:00 there is 10:00 UTC
    tick(app, utc(2027, 1, 12, 10))  # nothing is due by the old New York time yet
    assert posts(app, MENTEE) == []
    tick(app, utc(2027, 1, 12, 15))  # the old slot: moved to Lisbon's, 5 hours ago: sent
    assert len(posts(app, MENTEE)) == 1
    assert checkin_of(app, MENTEE).period == "2027-01-12"


def test_mentor_pause_and_resume_hold_and_restart_the_prompts(app: RunningApp) -> None:
    seed_pair(app)
    tick(app, CREATED)
    app.tandem.clock.at = utc(2027, 1, 11, 12)  # type: ignore[attr-defined]
    app.driver.command(MENTEE, "pause 2 weeks")  # Ben's own prompts, until 25 January
    app.driver.command(OWNER, f"pause <@{MENTOR}|ana> <@{MENTEE}|ben>")  # the whole pair
    app.fake.wait_for("response_url", count=2)
    tick(app, utc(2027, 1, 12, 9))
    tick(app, utc(2027, 1, 12, 15))
    assert posts(app, MENTOR) == [] and posts(app, MENTEE) == []
    app.tandem.clock.at = utc(2027, 1, 15, 12)  # type: ignore[attr-defined]
    app.driver.command(OWNER, f"resume <@{MENTOR}|ana> <@{MENTEE}|ben>")
    app.fake.wait_for("response_url", count=3)
    tick(app, utc(2027, 1, 19, 9))
    tick(app, utc(2027, 1, 19, 15))
    assert len(posts(app, MENTOR)) == 1 and posts(app, MENTEE) == []  # Ben is still paused
    tick(app, utc(2027, 1, 26, 9))
    tick(app, utc(2027, 1, 26, 15))
    assert len(posts(app, MENTOR)) == 2 and len(posts(app, MENTEE)) == 1


def _prompted_then(app: RunningApp, *commands: tuple[str, str]) -> None:
    seed_pair(app)
    for when in (CREATED, utc(2027, 1, 12, 9), utc(2027, 1, 12, 15)):
        tick(app, when)
    app.tandem.clock.at = utc(2027, 1, 12, 16)  # type: ignore[attr-defined]
    for user, text in commands:
        app.driver.command(user, text)
    app.fake.wait_for("response_url", count=len(commands))
    tick(app, utc(2027, 1, 13, 9))  # when the reminders were due
    tick(app, utc(2027, 1, 13, 15))


def test_a_member_who_pauses_gets_no_reminder_either(app: RunningApp) -> None:
    _prompted_then(app, (MENTEE, "pause 1 week"))
    assert posts(app, MENTEE, "checkin_reminder") == []
    assert len(posts(app, MENTOR, "checkin_reminder")) == 1  # Ana did not pause


def test_a_paused_pair_gets_no_reminders(app: RunningApp) -> None:
    _prompted_then(app, (OWNER, f"pause <@{MENTOR}|ana> <@{MENTEE}|ben>"))
    assert posts(app, MENTOR, "checkin_reminder") == [] == posts(app, MENTEE, "checkin_reminder")
