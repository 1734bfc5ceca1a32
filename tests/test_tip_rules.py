"""The rules of tips and coaching as pure functions: rotation, themes, slots, pulse falls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from bot.composer import Composer
from bot.domain.coaching import coaching_due, coaching_key, coaching_week, pulse_fell, trust_low
from bot.domain.schedule import next_slot
from bot.domain.tip_schedule import tip_cadence
from bot.domain.tips import (
    ACTIVE_LISTENING,
    CELEBRATING,
    EMOTIONAL_INTELLIGENCE,
    EXPECTATIONS,
    FEEDBACK,
    KNOWLEDGE_TRANSFER,
    PairSignals,
    Seen,
    choose_tip,
    wanted_themes,
)
from bot.services.tips.library import tip_library

LIBRARY = tip_library(Composer())
START = datetime(2027, 1, 4, 9, tzinfo=UTC)


def _signals(**changes: object) -> PairSignals:
    values: dict[str, object] = {
        "started_at": START,
        "agreement_set": True,
        "low_pulse": False,
        "last_feedback_at": None,
        "last_goal_done_at": None,
    }
    values.update(changes)
    return PairSignals(**values)  # type: ignore[arg-type]


def _run(weeks: int, signals: PairSignals, seed: int = 7) -> list[str]:
    seen: dict[str, Seen] = {}
    shown = []
    for week in range(weeks):
        now = START + timedelta(weeks=week + 1)
        tip = choose_tip(LIBRARY, seen, wanted_themes(signals, now), seed=seed)
        before = seen.get(tip.id)
        seen[tip.id] = Seen(rounds=(before.rounds if before else 0) + 1, last_sent=now)
        shown.append(tip.id)
    return shown


def test_a_pair_sees_every_tip_once_before_any_comes_back() -> None:
    for signals in (_signals(), _signals(low_pulse=True), _signals(agreement_set=False)):
        shown = _run(2 * len(LIBRARY) + 3, signals)
        first, second = shown[: len(LIBRARY)], shown[len(LIBRARY) : 2 * len(LIBRARY)]
        assert sorted(first) == sorted(t.id for t in LIBRARY)
        assert sorted(second) == sorted(first)
        assert shown[2 * len(LIBRARY) :] != []


def test_no_two_tips_in_a_row_share_a_theme_while_another_fits() -> None:
    themes = {tip.id: tip.theme for tip in LIBRARY}
    for signals in (_signals(low_pulse=True), _signals(agreement_set=False), _signals()):
        shown = [themes[t] for t in _run(len(LIBRARY), signals)]
        repeats = [n for n, (a, b) in enumerate(pairwise(shown)) if a == b]
        # only at the end of the round, when one theme alone has tips left
        assert all(set(shown[n:]) == {shown[n]} for n in repeats), shown


def test_themes_follow_the_pair_stage_and_signals() -> None:
    week = START + timedelta(weeks=1)
    assert wanted_themes(_signals(agreement_set=False), week)[0] == EXPECTATIONS
    assert wanted_themes(_signals(low_pulse=True), week)[:2] == [
        ACTIVE_LISTENING,
        EMOTIONAL_INTELLIGENCE,
    ]
    later = START + timedelta(weeks=20)
    assert wanted_themes(_signals(last_feedback_at=later), later)[0] == KNOWLEDGE_TRANSFER
    assert wanted_themes(_signals(), later)[0] == FEEDBACK  # no feedback for a long time
    goal = _signals(last_goal_done_at=later - timedelta(days=2), last_feedback_at=later)
    assert wanted_themes(goal, later)[0] == CELEBRATING
    assert CELEBRATING not in wanted_themes(goal, later + timedelta(days=30))[:1]


def test_the_first_tip_of_a_new_pair_is_about_expectations() -> None:
    tip = choose_tip(LIBRARY, {}, wanted_themes(_signals(agreement_set=False), START), seed=1)
    assert tip.theme == EXPECTATIONS


def test_tip_slots_are_thursdays_at_ten_in_the_mentee_zone_by_default() -> None:
    cadence = tip_cadence(7, None, None)
    slot = next_slot(cadence, "America/New_York", last_period=None, not_before=START)
    assert slot.period.isoformat() == "2027-01-07"  # a Thursday
    assert slot.due_at == datetime(2027, 1, 7, 15, tzinfo=UTC)  # 10:00 in New York
    every_two = tip_cadence(14, 0, "09:30")
    following = next_slot(every_two, "UTC", last_period=slot.period, not_before=slot.due_at)
    assert (following.period.isoformat(), following.due_at.hour) == ("2027-01-18", 9)


def test_a_fall_is_below_three_after_an_earlier_pulse_or_two_below_the_average() -> None:
    assert not pulse_fell([], 1)  # the very first pulse is no fall
    assert pulse_fell([5], 2)
    assert pulse_fell([5, 5, 5], 3)  # two below an average of 5
    assert not pulse_fell([5, 5, 4], 3)  # less than two below an average of 4.67
    assert not pulse_fell([4, 4], 3)
    assert not pulse_fell([3, 3], 3)
    assert trust_low([2]) and trust_low([5, 3]) and not trust_low([4, 3]) and not trust_low([])


def test_coaching_goes_out_the_next_working_day_at_ten_for_the_mentor() -> None:
    friday = datetime(2027, 1, 15, 15, tzinfo=UTC)  # Friday's round, 10:00 in New York
    clicked = friday + timedelta(hours=2)
    due = coaching_due(friday, "Europe/Berlin", clicked)
    assert due == datetime(2027, 1, 18, 9, tzinfo=UTC)  # Monday 10:00 in Berlin
    # Answered long after the round: the next working hour instead, in the mentor's zone.
    late = datetime(2027, 1, 20, 20, tzinfo=UTC)
    assert coaching_due(friday, "Europe/Berlin", late) == datetime(2027, 1, 21, 8, tzinfo=UTC)
    assert coaching_week(due, "Europe/Berlin") == "2027-W03"
    assert coaching_key("T1", 4, "2027-W03") == "coaching:T1:4:2027-W03"
