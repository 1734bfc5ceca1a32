"""The check-in schedule as pure functions: slots, weekends, DST, cadences and reminders."""

from datetime import UTC, date, datetime, time, timedelta

from bot.domain.schedule import (
    BIWEEKLY,
    MONTHLY,
    WEEKLY,
    Cadence,
    first_slot,
    in_window,
    next_slot,
    parse_time,
    reminder_at,
    resolve_cadence,
    stage,
)

TUESDAY_10 = Cadence(WEEKLY, 1, time(10, 0))
BERLIN, NEW_YORK, TOKYO = "Europe/Berlin", "America/New_York", "Asia/Tokyo"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_first_check_in_is_the_first_slot_two_days_after_creation() -> None:
    # Created Monday 4 Jan 2027 09:00 UTC: Tuesday 5 Jan is too soon, so Tuesday 12 Jan.
    slot = first_slot(TUESDAY_10, BERLIN, created_at=utc(2027, 1, 4, 9), now=utc(2027, 1, 4, 9))
    assert slot.period == date(2027, 1, 12)
    assert slot.due_at == utc(2027, 1, 12, 9)  # 10:00 in Berlin (CET, UTC+1)
    # Created on Saturday 2 Jan: Tuesday 5 Jan 10:00 is more than two days later.
    early = first_slot(TUESDAY_10, BERLIN, created_at=utc(2027, 1, 2, 8), now=utc(2027, 1, 2, 8))
    assert early.period == date(2027, 1, 5)


def test_each_member_gets_the_slot_at_their_own_local_time() -> None:
    created = utc(2027, 1, 4, 9)
    berlin = first_slot(TUESDAY_10, BERLIN, created_at=created, now=created)
    new_york = first_slot(TUESDAY_10, NEW_YORK, created_at=created, now=created)
    tokyo = first_slot(TUESDAY_10, TOKYO, created_at=created, now=created)
    assert berlin.due_at == utc(2027, 1, 12, 9)
    assert new_york.due_at == utc(2027, 1, 12, 15)  # EST, UTC-5
    assert tokyo.due_at == utc(2027, 1, 12, 1)  # JST, UTC+9
    assert berlin.period == new_york.period == tokyo.period == date(2027, 1, 12)


def test_a_weekend_slot_goes_out_on_monday() -> None:
    saturday = Cadence(WEEKLY, 5, time(10, 0))
    slot = next_slot(saturday, BERLIN, last_period=None, not_before=utc(2027, 1, 4, 12))
    assert slot.period == date(2027, 1, 9)  # the nominal Saturday names the period
    assert slot.due_at == utc(2027, 1, 11, 9)  # Monday 11 Jan, 10:00 Berlin
    following = next_slot(saturday, BERLIN, last_period=slot.period, not_before=slot.due_at)
    assert following.period == date(2027, 1, 16)
    assert following.due_at.astimezone(UTC).weekday() == 0


def test_weekly_slots_keep_local_time_across_both_dst_changes() -> None:
    period, due = None, utc(2027, 3, 1)
    seen: dict[date, datetime] = {}
    for _ in range(5):
        slot = next_slot(TUESDAY_10, BERLIN, last_period=period, not_before=due)
        seen[slot.period] = slot.due_at
        period, due = slot.period, slot.due_at
    # Europe switches to summer time on 28 March 2027: 10:00 is 09:00 UTC, then 08:00 UTC.
    assert seen[date(2027, 3, 23)] == utc(2027, 3, 23, 9)
    assert seen[date(2027, 3, 30)] == utc(2027, 3, 30, 8)
    # New York switches on 14 March: 10:00 EST is 15:00 UTC, 10:00 EDT is 14:00 UTC.
    before = next_slot(TUESDAY_10, NEW_YORK, last_period=None, not_before=utc(2027, 3, 9))
    after = next_slot(TUESDAY_10, NEW_YORK, last_period=before.period, not_before=before.due_at)
    assert (before.due_at, after.due_at) == (utc(2027, 3, 9, 15), utc(2027, 3, 16, 14))
    # Autumn: Berlin back to UTC+1 on 31 October.
    autumn = next_slot(TUESDAY_10, BERLIN, last_period=None, not_before=utc(2027, 10, 27))
    assert autumn.due_at == utc(2027, 11, 2, 9)


def test_a_time_in_the_spring_gap_goes_out_just_after_it() -> None:
    # 02:30 does not exist in Berlin on Sunday 28 March 2027; the Sunday slot goes out on the
    # Monday, at 02:30 summer time.
    sunday_0230 = Cadence(WEEKLY, 6, time(2, 30))
    slot = next_slot(sunday_0230, BERLIN, last_period=None, not_before=utc(2027, 3, 27))
    assert slot.period == date(2027, 3, 28)
    assert slot.due_at == utc(2027, 3, 29, 0, 30)  # Monday 02:30 CEST


def test_biweekly_slots_are_two_weeks_apart() -> None:
    cadence = Cadence(BIWEEKLY, 2, time(16, 30))  # Wednesdays
    first = next_slot(cadence, BERLIN, last_period=None, not_before=utc(2027, 1, 4))
    second = next_slot(cadence, BERLIN, last_period=first.period, not_before=first.due_at)
    third = next_slot(cadence, BERLIN, last_period=second.period, not_before=second.due_at)
    assert [first.period, second.period, third.period] == [
        date(2027, 1, 6),
        date(2027, 1, 20),
        date(2027, 2, 3),
    ]


def test_monthly_slots_are_the_first_weekday_of_each_month() -> None:
    cadence = Cadence(MONTHLY, 0, time(9, 0))
    slots = []
    period, due = None, utc(2027, 1, 5)
    for _ in range(4):
        slot = next_slot(cadence, BERLIN, last_period=period, not_before=due)
        slots.append(slot.period)
        period, due = slot.period, slot.due_at
    assert slots == [date(2027, 2, 1), date(2027, 3, 1), date(2027, 4, 5), date(2027, 5, 3)]


def test_a_change_of_cadence_never_prompts_twice_in_a_few_days() -> None:
    # Answered Tuesday 5 Jan; switched to Wednesdays on Tuesday evening: next is 13 Jan.
    wednesday = Cadence(WEEKLY, 2, time(10, 0))
    slot = next_slot(
        wednesday, BERLIN, last_period=date(2027, 1, 5), not_before=utc(2027, 1, 5, 18)
    )
    assert slot.period == date(2027, 1, 13)


def test_reminder_is_a_day_later_inside_the_working_window() -> None:
    # Tuesday 10:00 Berlin -> Wednesday 10:00.
    assert reminder_at(utc(2027, 1, 5, 9), BERLIN) == utc(2027, 1, 6, 9)
    # Friday 10:00 -> Saturday -> Monday 09:00.
    assert reminder_at(utc(2027, 1, 8, 9), BERLIN) == utc(2027, 1, 11, 8)
    # Tuesday 18:30 -> Wednesday 18:30 is after 17:00 -> Thursday 09:00.
    assert reminder_at(utc(2027, 1, 5, 17, 30), BERLIN) == utc(2027, 1, 7, 8)
    # Tuesday 07:00 -> Wednesday 07:00 is before 09:00 -> Wednesday 09:00.
    assert reminder_at(utc(2027, 1, 5, 6), BERLIN) == utc(2027, 1, 6, 8)
    # Thursday 17:30 New York -> Friday 17:30 -> Monday 09:00 New York.
    assert reminder_at(utc(2027, 1, 7, 22, 30), NEW_YORK) == utc(2027, 1, 11, 14)


def test_window_keeps_an_instant_that_is_already_inside() -> None:
    inside = utc(2027, 1, 6, 12)
    assert in_window(inside, BERLIN) == inside
    assert in_window(utc(2027, 1, 9, 12), BERLIN) == utc(2027, 1, 11, 8)  # Saturday


def test_cadence_comes_from_the_pair_then_the_program_then_the_default() -> None:
    assert resolve_cadence((None, None, None), (None, None, None)) == TUESDAY_10
    program = ("biweekly", 3, "14:00")
    assert resolve_cadence(program, (None, None, None)) == Cadence(BIWEEKLY, 3, time(14))
    assert resolve_cadence(program, ("monthly", 0, None)) == Cadence(MONTHLY, 0, time(14))
    assert resolve_cadence(("fortnightly", 9, "25:00"), (None, None, None)) == TUESDAY_10


def test_parse_time_accepts_24_hour_clock_only() -> None:
    assert parse_time("10:00") == time(10)
    assert parse_time("9:05") == time(9, 5)
    assert parse_time("23:59") == time(23, 59)
    for bad in ("24:00", "10", "10:5", "10am", "-1:00", "", "\uff11\uff10:00"):
        assert parse_time(bad) is None, bad


def test_stage_is_early_for_the_first_weeks() -> None:
    start = utc(2027, 1, 4)
    assert stage(start, start + timedelta(days=20), 3) == "early"
    assert stage(start, start + timedelta(days=21), 3) == "later"


def test_schedule_arguments_are_read_with_mentions_anywhere() -> None:
    from bot.domain.schedule_args import ScheduleArgs, ScheduleProblem, parse_schedule_args

    parsed = parse_schedule_args(("BiWeekly", "Thu", "16:30"))
    assert parsed == ScheduleArgs((), Cadence(BIWEEKLY, 3, time(16, 30)))
    owner = parse_schedule_args(("<@U1|ana>", "<@U2|ben>", "monthly", "monday", "9:00"))
    assert owner == ScheduleArgs(("U1", "U2"), Cadence(MONTHLY, 0, time(9)))
    partner = parse_schedule_args(("weekly", "fri", "15:00", "<@U2>"))
    assert partner == ScheduleArgs(("U2",), Cadence(WEEKLY, 4, time(15)))
    assert parse_schedule_args(()) == ScheduleArgs((), None)
    problems = {
        ("daily", "tue", "10:00"): ScheduleProblem("cadence", "daily"),
        ("weekly", "someday", "10:00"): ScheduleProblem("day", "someday"),
        ("weekly", "sat", "10:00"): ScheduleProblem("weekend", "sat"),
        ("weekly", "tue", "25:00"): ScheduleProblem("time", "25:00"),
        ("weekly", "tue"): ScheduleProblem("usage"),
        ("@ana", "weekly", "tue", "10:00"): ScheduleProblem("not_a_user", "@ana"),
        ("<@U1>", "<@U1>", "weekly", "tue", "10:00"): ScheduleProblem("same_person", "<@U1>"),
    }
    for args, expected in problems.items():
        assert parse_schedule_args(args) == expected, args
