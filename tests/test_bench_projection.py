"""The projection at Slack's pace (bench/projection.py): the outbox's pacer in virtual time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bench.projection import Prompt, one_zone, project

MIDNIGHT = datetime(2027, 1, 4, tzinfo=UTC)


def _wave(due: datetime, zone: str, count: int, first: int = 0) -> list[Prompt]:
    return [Prompt(due, zone, f"U{first + n:04d}") for n in range(count)]


def test_each_time_zone_is_a_wave_paced_after_the_pacers_burst() -> None:
    # At 5 posts a second the pacer lets a burst of 10 go at once, then one every 0.2 s.
    prompts = _wave(MIDNIGHT, "Asia/Tokyo", 10) + _wave(
        MIDNIGHT + timedelta(hours=1), "Europe/Berlin", 20, first=100
    )

    projection = project(prompts, 5.0)

    assert [(w.zones, w.prompts) for w in projection.waves] == [
        (("Asia/Tokyo",), 10),
        (("Europe/Berlin",), 20),
    ]
    assert projection.waves[0].seconds == pytest.approx(0.0)
    assert projection.waves[1].seconds == pytest.approx(2.0)
    assert projection.longest_wait == pytest.approx(2.0)
    assert projection.span == pytest.approx(3602.0)
    assert projection.prompts == 30


def test_the_same_members_in_one_zone_wait_for_each_other() -> None:
    prompts = _wave(MIDNIGHT, "Asia/Tokyo", 10) + _wave(
        MIDNIGHT + timedelta(hours=1), "Europe/Berlin", 20, first=100
    )

    single = one_zone(prompts, 5.0)

    assert len(single.waves) == 1
    assert single.waves[0].prompts == 30
    assert single.longest_wait == pytest.approx(4.0)  # 10 at once, then 20 at 5 a second


def test_one_conversation_gets_one_post_a_second_after_a_burst_of_three() -> None:
    prompts = [Prompt(MIDNIGHT, "UTC", "U0001") for _ in range(5)]

    projection = project(prompts, 100.0)

    assert projection.longest_wait == pytest.approx(2.0)


def test_no_prompts_take_no_time() -> None:
    assert project([], 5.0).span == 0.0
