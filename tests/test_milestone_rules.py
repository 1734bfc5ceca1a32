"""The rules of milestones and kudos on their own: streaks, anniversaries, stable choices."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.kudos import KudosArgs, KudosProblem, KudosRefusal, parse_kudos, parse_toggle
from bot.domain.milestones import (
    Answer,
    MilestoneKind,
    add_months,
    checkin_milestones,
    current_run,
    due_anniversaries,
    milestone_key,
    pick,
    started_between,
)


def _answers(pattern: str, *, open_last: bool = False) -> list[Answer]:
    """'yyny': oldest first, y answered; with open_last the newest is still open."""
    answers = [Answer(f"2027-{week + 1:02d}-01", mark == "y") for week, mark in enumerate(pattern)]
    if open_last:
        last = answers[-1]
        answers[-1] = Answer(last.period, last.answered, open=True)
    return answers


def test_a_run_counts_the_latest_answered_check_ins_in_a_row() -> None:
    assert current_run(_answers("yyyy")) == 4
    assert current_run(_answers("yyny")) == 1
    assert current_run(_answers("yyyn")) == 0
    assert current_run(_answers("yyyyn", open_last=True)) == 4  # may still be answered
    assert current_run(_answers("")) == 0
    assert current_run(reversed(_answers("nyyy"))) == 3  # order of rows does not matter


def test_the_pair_reaches_what_both_reached() -> None:
    assert checkin_milestones(_answers("y"), _answers("n")) == []
    assert checkin_milestones(_answers("ny"), _answers("y")) == [MilestoneKind.FIRST_CHECKIN]
    assert checkin_milestones(_answers("yyyy"), _answers("yyyyy")) == [
        MilestoneKind.FIRST_CHECKIN,
        MilestoneKind.STREAK_4,
    ]
    assert checkin_milestones(_answers("y" * 12), _answers("y" * 11)) == [
        MilestoneKind.FIRST_CHECKIN,
        MilestoneKind.STREAK_4,
    ]
    assert MilestoneKind.STREAK_12 in checkin_milestones(_answers("y" * 12), _answers("y" * 12))


def test_months_are_calendar_months() -> None:
    start = datetime(2027, 1, 31, 9, tzinfo=UTC)
    assert add_months(start, 1) == datetime(2027, 2, 28, 9, tzinfo=UTC)
    assert add_months(start, 3) == datetime(2027, 4, 30, 9, tzinfo=UTC)
    assert add_months(start, 12) == datetime(2028, 1, 31, 9, tzinfo=UTC)
    assert add_months(datetime(2027, 11, 15, tzinfo=UTC), 3) == datetime(2028, 2, 15, tzinfo=UTC)


def test_anniversaries_are_due_within_a_week_of_the_day() -> None:
    start = datetime(2027, 1, 4, 9, tzinfo=UTC)
    assert due_anniversaries(start, datetime(2027, 2, 4, 8, 59, tzinfo=UTC)) == []
    assert due_anniversaries(start, datetime(2027, 2, 4, 9, tzinfo=UTC)) == [
        (MilestoneKind.MONTHS_1, datetime(2027, 2, 4, 9, tzinfo=UTC))
    ]
    assert [k for k, _ in due_anniversaries(start, datetime(2027, 2, 10, tzinfo=UTC))] == [
        MilestoneKind.MONTHS_1
    ]
    assert due_anniversaries(start, datetime(2027, 2, 12, tzinfo=UTC)) == []  # too late
    for months, when in (
        (3, datetime(2027, 4, 4, 9, tzinfo=UTC)),
        (12, datetime(2028, 1, 4, 9, tzinfo=UTC)),
    ):
        low, high = started_between(when, months)
        assert low <= start <= high


def test_choices_are_stable_and_spread() -> None:
    keys = [milestone_key(pair, "goal_done", str(pair * 7)) for pair in range(60)]
    assert [pick(k, 3) for k in keys] == [pick(k, 3) for k in keys]
    assert {pick(k, 3) for k in keys} == {0, 1, 2}
    assert milestone_key(4, "months_3") == "milestone:4:months_3"
    assert milestone_key(4, "goal_done", "17") == "milestone:4:goal_done:17"


def test_kudos_words_are_read_as_typed() -> None:
    parsed = parse_kudos(("<@U1|ana>", "thanks", "&amp;", "&lt;3", "<!channel>", "<#C9|general>"))
    assert parsed == KudosArgs("U1", "thanks & <3 <!channel> #general")
    assert parse_kudos(()) == KudosRefusal(KudosProblem.USAGE)
    assert parse_kudos(("@ana", "hi")) == KudosRefusal(KudosProblem.NOT_A_USER, "@ana")
    assert parse_kudos(("<@U1>",)) == KudosRefusal(KudosProblem.NO_TEXT)
    assert parse_kudos(("<@U1>", "x" * 501)) == KudosRefusal(KudosProblem.TOO_LONG)


def test_the_shoutouts_switch() -> None:
    assert [parse_toggle(a) for a in ((), ("on",), ("OFF",), ("maybe",))] == [
        None,
        True,
        False,
        "maybe",
    ]
