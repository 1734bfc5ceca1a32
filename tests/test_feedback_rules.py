"""The feedback rules on their own: rounds, nudge and reminder times, the round's window,
what a submission may hold and what happens to it, and the monthly self-assessment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import feedback as rules
from bot.domain.feedback import FeedbackText, Outcome


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_every_nth_round_brings_feedback_and_zero_turns_it_off() -> None:
    assert [n for n in range(1, 9) if rules.is_feedback_round(n, 2)] == [2, 4, 6, 8]
    assert [n for n in range(1, 7) if rules.is_feedback_round(n, 3)] == [3, 6]
    assert [n for n in range(1, 4) if rules.is_feedback_round(n, 1)] == [1, 2, 3]
    assert not any(rules.is_feedback_round(n, 0) for n in range(0, 10))
    assert not rules.is_feedback_round(0, 2)


@pytest.mark.parametrize(
    ("anchor", "tz", "expected"),
    [
        # Tuesday 10:00 in Berlin -> Wednesday 10:00 in Berlin.
        (utc(2027, 1, 19, 9), "Europe/Berlin", utc(2027, 1, 20, 9)),
        # Friday 10:00 in New York -> Monday 10:00 in New York.
        (utc(2027, 1, 22, 15), "America/New_York", utc(2027, 1, 25, 15)),
        # Across the spring change in Berlin: the same local time, an hour earlier in UTC.
        (utc(2027, 3, 26, 9), "Europe/Berlin", utc(2027, 3, 29, 8)),
        # Tuesday 22:00 local in Tokyo (13:00 UTC) -> Wednesday 22:00 local.
        (utc(2027, 1, 19, 13), "Asia/Tokyo", utc(2027, 1, 20, 13)),
    ],
)
def test_the_nudge_is_the_next_working_day_at_the_same_local_time(
    anchor: datetime, tz: str, expected: datetime
) -> None:
    assert rules.next_working_day_same_time(anchor, tz) == expected


def test_the_reminder_falls_on_a_working_day_before_the_round_closes() -> None:
    nudge = utc(2027, 1, 20, 9)  # Wednesday, 10:00 in Berlin
    opens, closes = rules.round_window([utc(2027, 1, 20, 15), nudge])
    assert (opens, closes) == (nudge, nudge + timedelta(days=7))
    # Four days later is a Sunday: Monday at 10:00 in Berlin.
    assert rules.reminder_at(nudge, "Europe/Berlin", closes) == utc(2027, 1, 25, 9)
    assert rules.reminder_at(nudge, "Europe/Berlin", utc(2027, 1, 25, 9)) is None
    assert rules.is_open(opens, closes, opens)
    assert not rules.is_open(opens, closes, closes)
    assert not rules.is_open(opens, closes, opens - timedelta(seconds=1))


def test_feedback_needs_three_parts_within_the_limit() -> None:
    good = {"situation": "In the review", "behaviour": "you paused", "impact": "I spoke up"}
    assert rules.check_feedback(good) == FeedbackText(
        "In the review", "you paused", "I spoke up", ""
    )
    assert rules.check_feedback({**good, "behaviour": " \n", "impact": None}) == {
        "behaviour": "empty",
        "impact": "empty",
    }
    long = "y" * (rules.FIELD_LIMIT + 1)
    assert rules.check_feedback({**good, "next_step": long}) == {"next_step": "too_long"}
    assert rules.check_feedback({**good, "situation": ["forged"]}) == {"situation": "empty"}
    assert rules.check_note("") == "empty"
    assert rules.check_note("z" * (rules.NOTE_LIMIT + 1)) == "too_long"
    assert rules.check_note("Noted") is None


def test_feedback_is_held_in_a_round_until_the_partner_s_is_in() -> None:
    assert rules.after_submit(in_round=False, partner_held=False) is Outcome.DELIVER
    assert rules.after_submit(in_round=True, partner_held=False) is Outcome.HOLD
    assert rules.after_submit(in_round=True, partner_held=True) is Outcome.REVEAL


def test_feedback_given_in_the_period_makes_the_nudge_unneeded() -> None:
    since, until = utc(2027, 1, 13, 9), utc(2027, 1, 20, 9)
    assert rules.gave_in_period([utc(2027, 1, 15)], since, until)
    assert not rules.gave_in_period([since, utc(2027, 1, 21)], since, until)
    assert not rules.gave_in_period([], since, until)


def test_the_first_check_in_of_a_month_brings_the_self_assessment() -> None:
    assert rules.month_of("2027-02-09") == "2027-02"
    assert rules.first_of_month("2027-02-02", ["2027-01-12", "2027-01-26"])
    assert not rules.first_of_month("2027-02-09", ["2027-01-26", "2027-02-02"])
    assert rules.first_of_month("2027-01-12", [])


def test_a_self_assessment_needs_a_percent_for_every_goal() -> None:
    checked = rules.check_assessment({1: ("40", "halfway"), 2: ("100", None)})
    assert checked.chosen == {1: (40, "halfway"), 2: (100, "")}
    assert checked.problems == {}
    checked = rules.check_assessment({1: ("45", ""), 2: (None, ""), 3: ("10", "n" * 501)})
    assert checked.problems == {
        (1, "progress"): "progress_needed",
        (2, "progress"): "progress_needed",
        (3, "note"): "assessment_too_long",
    }
