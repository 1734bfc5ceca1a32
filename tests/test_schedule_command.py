"""`/mentor schedule` end to end: members and owners change when check-ins come."""

from sqlalchemy import select

from bot.models import AuditEntry, Pair, ProgramSettings
from tests.support.checkins import (
    CREATED,
    MENTEE,
    MENTOR,
    checkin_of,
    posts,
    seed_pair,
    tick,
    utc,
)
from tests.support.constants import OWNER
from tests.support.flows import reply
from tests.support.runner import RunningApp


def _say(app: RunningApp, user: str, text: str) -> str:
    before = len(app.fake.calls_to("response_url"))
    app.driver.command(user, f"schedule {text}".strip())
    answer = reply(app, before + 1)
    assert answer["response_type"] == "ephemeral"
    return str(answer["text"])


def _pair(app: RunningApp, pair_id: int) -> Pair:
    with app.tandem.sessions() as session:
        return session.get_one(Pair, pair_id)


def test_a_member_sets_their_pairs_rhythm_and_the_prompts_follow_it(app: RunningApp) -> None:
    pair_id, channel = seed_pair(app)
    tick(app, CREATED)
    text = _say(app, MENTEE, "biweekly thu 16:30")
    assert text.startswith(
        f"Done: check-ins for <@{MENTOR}> and <@{MENTEE}> now come every other Thursday at "
        "16:30, each in their own time zone."
    )
    assert f"Next for <@{MENTOR}>: on Thursday 7 January at 16:30 (Europe/Berlin)" in text
    assert f"Next for <@{MENTEE}>: on Thursday 7 January at 16:30 (America/New_York)" in text
    pair = _pair(app, pair_id)
    assert (pair.cadence, pair.cadence_weekday, pair.cadence_time) == ("biweekly", 3, "16:30")
    assert channel is not None
    [notice] = app.fake.messages_in(channel)
    assert notice["text"].startswith(f"<@{MENTEE}> changed when your check-ins come")
    tick(app, utc(2027, 1, 7, 15, 30))  # 16:30 in Berlin
    tick(app, utc(2027, 1, 7, 21, 30))  # 16:30 in New York
    tick(app, utc(2027, 1, 12, 15))  # the old Tuesday: nothing
    tick(app, utc(2027, 1, 14, 21, 30))  # one week later: nothing
    assert len(posts(app, MENTOR)) == 1 and len(posts(app, MENTEE)) == 1
    tick(app, utc(2027, 1, 21, 15, 30))
    tick(app, utc(2027, 1, 21, 21, 30))
    assert [c.period for c in (checkin_of(app, MENTOR), checkin_of(app, MENTEE))] == [
        "2027-01-21",
        "2027-01-21",
    ]
    with app.tandem.sessions() as session:
        assert session.scalars(select(AuditEntry)).all() == []  # a member's own choice


def test_schedule_without_a_rhythm_shows_it(app: RunningApp) -> None:
    seed_pair(app)
    tick(app, CREATED)
    text = _say(app, MENTOR, "")
    assert text.startswith(
        f"Check-ins for <@{MENTOR}> and <@{MENTEE}> come every Tuesday at 10:00, each in their "
        "own time zone (the program's default)."
    )
    assert f"Next for <@{MENTOR}>: on Tuesday 12 January at 10:00 (Europe/Berlin)" in text


def test_an_owner_names_the_pair_and_the_change_is_audited(app: RunningApp) -> None:
    pair_id, _ = seed_pair(app)
    tick(app, CREATED)
    text = _say(app, OWNER, f"<@{MENTOR}|ana> <@{MENTEE}|ben> monthly mon 09:00")
    assert "now come on the first Monday of each month at 09:00" in text
    assert f"Next for <@{MENTOR}>: on Monday 1 February at 09:00 (Europe/Berlin)" in text
    with app.tandem.sessions() as session:
        [entry] = session.scalars(select(AuditEntry)).all()
    assert (entry.actor_id, entry.action, entry.detail["pair_id"]) == (
        OWNER,
        "pair.schedule",
        pair_id,
    )
    app.fake.add_user("UOTHER001", "otto")
    refused = _say(app, "UOTHER001", f"<@{MENTOR}> <@{MENTEE}> weekly tue 10:00")
    assert refused.startswith("Sorry, `/mentor schedule` is for people in a mentoring pair")
    assert _pair(app, pair_id).cadence == "monthly"


def test_bad_schedules_are_explained_with_an_example_and_change_nothing(
    app: RunningApp,
) -> None:
    pair_id, _ = seed_pair(app)
    tick(app, CREATED)
    answers = {
        "weekly sat 10:00": "Check-ins go out on working days only",
        "daily tue 10:00": "`daily` is not a rhythm I know",
        "weekly tue 25:00": "`25:00` is not a time on the 24-hour clock",
        "weekly tuesday": "To change when your check-ins come, type",
        "weekly someday 10:00": "`someday` is not a day of the week",
    }
    for typed, start in answers.items():
        text = _say(app, MENTEE, typed)
        assert text.startswith(start), (typed, text)
        assert "for example `/mentor schedule" in text and text.endswith("Nothing was changed.")
    assert _pair(app, pair_id).cadence is None
    app.fake.add_user("ULONER001", "lone")
    assert "is for people in a mentoring pair" in _say(app, "ULONER001", "weekly tue 10:00")


def test_a_member_of_two_pairs_names_their_partner(app: RunningApp) -> None:
    seed_pair(app)
    from tests.support import factories

    with app.tandem.sessions.begin() as session:
        from bot.models import Member

        mentor = session.scalars(select(Member).where(Member.user_id == MENTOR)).one()
        other = factories.member(session, "UCARA0001", now=CREATED)
        factories.pair(session, mentor, other, now=CREATED)
    text = _say(app, MENTOR, "weekly wed 11:00")
    assert text.startswith("You are in more than one pair, so please add your partner")
    text = _say(app, MENTOR, "weekly wed 11:00 <@UCARA0001|cara>")
    assert text.startswith(f"Done: check-ins for <@{MENTOR}> and <@UCARA0001> now come every")


def test_a_new_program_default_moves_pairs_that_follow_it(app: RunningApp) -> None:
    seed_pair(app)
    tick(app, CREATED)
    with app.tandem.sessions.begin() as session:  # as /mentor settings saves it
        session.add(
            ProgramSettings(
                team_id="T0001", cadence="weekly", cadence_weekday=2, cadence_time="10:00"
            )
        )
    tick(app, utc(2027, 1, 12, 9))  # the old Tuesday slot: moved, not sent
    assert posts(app, MENTOR) == []
    tick(app, utc(2027, 1, 13, 9))  # Wednesday 10:00 in Berlin
    assert len(posts(app, MENTOR)) == 1
    assert checkin_of(app, MENTOR).period == "2027-01-13"
