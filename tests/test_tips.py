"""Tips in the pair channel, end to end with `tandem tick --now`: Thursdays at 10:00 in the
mentee's time zone, a full cycle of the library without a repeat, and none while tips are
off in the program settings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.composer import Composer
from bot.services.tips.library import tip_library
from tests.support.celebrations import command_reply
from tests.support.checkins import CREATED, MENTEE, MENTOR, seed_pair, tick, utc
from tests.support.constants import OWNER
from tests.support.runner import RunningApp
from tests.support.tips import save_tip_settings, sent_at, tip_keys, tips_in

LIBRARY = [tip.id for tip in tip_library(Composer())]
# The pair was created on Monday 4 January 2027; its mentee is in New York (UTC-5), so
# Thursday 10:00 there is 15:00 UTC.
THURSDAYS = [utc(2027, 1, 7, 15) + timedelta(weeks=week) for week in range(60)]


def test_tips_arrive_on_thursdays_at_ten_in_the_mentee_time_zone(app: RunningApp) -> None:
    _, channel = seed_pair(app)
    assert channel is not None
    tick(app, CREATED)
    for thursday in THURSDAYS[:3]:
        tick(app, thursday - timedelta(minutes=1))
        assert len(tips_in(app, channel)) == THURSDAYS.index(thursday)
        tick(app, thursday)
    keys = tip_keys(app, channel)
    assert [key.rsplit(":", 1)[1] for key in keys] == ["2027-01-07", "2027-01-14", "2027-01-21"]
    assert [sent_at(app, key) for key in keys] == THURSDAYS[:3]
    assert len(set(tips_in(app, channel))) == 3
    # Passes later the same day post nothing more.
    tick(app, THURSDAYS[2] + timedelta(hours=2))
    assert len(tips_in(app, channel)) == 3


@pytest.mark.timeout(1200)
def test_a_pair_sees_no_tip_twice_before_the_whole_library(app: RunningApp) -> None:
    _, channel = seed_pair(app)
    assert channel is not None
    tick(app, CREATED)
    for thursday in THURSDAYS[: len(LIBRARY) + 2]:
        tick(app, thursday)
    shown = tips_in(app, channel)
    assert len(shown) == len(LIBRARY) + 2
    assert sorted(shown[: len(LIBRARY)]) == sorted(LIBRARY)  # every tip once
    assert set(shown[len(LIBRARY) :]) <= set(LIBRARY)  # then the second round begins
    assert len(set(shown[len(LIBRARY) :])) == 2


def test_no_tips_while_they_are_off_in_the_settings(app: RunningApp) -> None:
    _, channel = seed_pair(app)
    assert channel is not None
    tick(app, CREATED)
    tick(app, THURSDAYS[0])
    assert len(tips_in(app, channel)) == 1
    app.tandem.clock.at = THURSDAYS[0] + timedelta(hours=1)  # type: ignore[attr-defined]
    saved = save_tip_settings(app, "off")
    assert "Tips: off." in saved
    for thursday in THURSDAYS[1:3]:
        lines = tick(app, thursday)
        assert "tips: 0 planned, 1 slots passed over" in lines
    assert len(tips_in(app, channel)) == 1
    # On again, every two weeks on Friday at 09:00 in the mentee's time zone: from the next
    # Friday on, not only after the slot planned by the old rhythm.
    app.tandem.clock.at = THURSDAYS[2] + timedelta(hours=1)  # type: ignore[attr-defined]
    saved = save_tip_settings(app, "14", weekday="4", at="09:00")
    assert "Tips: every two weeks on Friday at 09:00 in the mentee's time zone." in saved
    tick(app, THURSDAYS[2] + timedelta(hours=2))  # the slot moves to the new rhythm
    assert len(tips_in(app, channel)) == 1
    friday = utc(2027, 1, 22, 14)  # 09:00 in New York
    tick(app, friday)
    keys = tip_keys(app, channel)
    assert keys[-1].endswith(":2027-01-22") and sent_at(app, keys[-1]) == friday
    tick(app, friday + timedelta(weeks=1))
    assert len(tips_in(app, channel)) == 2  # not the week after
    tick(app, friday + timedelta(weeks=2))
    assert len(tips_in(app, channel)) == 3


def test_a_paused_pair_gets_no_tips_until_it_is_resumed(app: RunningApp) -> None:
    _, channel = seed_pair(app)
    assert channel is not None
    tick(app, CREATED)
    app.tandem.clock.at = CREATED  # type: ignore[attr-defined]
    paused = command_reply(app, OWNER, f"pause <@{MENTOR}> <@{MENTEE}>")
    assert paused.startswith("Paused")
    lines = tick(app, THURSDAYS[0])
    assert "tips: 0 planned, 1 slots passed over" in lines
    assert tips_in(app, channel) == []
    app.tandem.clock.at = THURSDAYS[0] + timedelta(days=1)  # type: ignore[attr-defined]
    assert command_reply(app, OWNER, f"resume <@{MENTOR}> <@{MENTEE}>").startswith("Resumed")
    tick(app, THURSDAYS[1])
    assert len(tips_in(app, channel)) == 1
