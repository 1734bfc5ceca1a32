"""Coaching that keeps a mentee's trust: when their pulse falls, their mentor gets one
private tip the next working day at 10:00 in the mentor's time zone, and nothing in it
tells the mentor what the mentee answered."""

from __future__ import annotations

import re
from datetime import datetime

from bot.slack.wire import pulse_action
from tests.support.celebrations import make_pair
from tests.support.checkins import (
    CREATED,
    MENTEE,
    MENTOR,
    block_text,
    checkin_of,
    open_reflection,
    posts,
    press,
    seed_pair,
    submit_reflection,
    tick,
    utc,
)
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

SECOND = "UMENTEE02"  # Ana's second mentee, in UTC
PRIVATE = "I felt unheard when my mentor kept looking at the phone"


def _round(app: RunningApp, tuesday: datetime) -> None:
    """This Tuesday's check-ins go out: 10:00 in Berlin, in UTC and in New York."""
    for hour in (9, 10, 15):
        tick(app, tuesday.replace(hour=hour))
    app.tandem.clock.at = tuesday.replace(hour=16)  # type: ignore[attr-defined]


def _pulse(app: RunningApp, user: str, score: int) -> None:
    checkin = checkin_of(app, user)
    press(app, user, pulse_action(score), checkin)
    wait_until(lambda: checkin_of(app, user).pulse, lambda p: p == score, what="the pulse")


def _visible(call: object) -> str:
    args = call.args  # type: ignore[attr-defined]
    return f"{args['text']}\n{block_text(args)}"


def test_a_falling_pulse_brings_the_mentor_one_private_tip(app: RunningApp) -> None:
    seed_pair(app)
    make_pair(app, MENTOR, SECOND)
    tick(app, CREATED)
    _round(app, utc(2027, 1, 12))
    _pulse(app, MENTEE, 5)
    _pulse(app, SECOND, 4)
    assert "coaching: 0 planned for mentors" in tick(app, utc(2027, 1, 12, 16))

    # The next week both mentees' trust falls: Ben's from 5 to 2, with a private note.
    _round(app, utc(2027, 1, 19))
    _pulse(app, MENTEE, 2)
    view = open_reflection(app, MENTEE, checkin_of(app, MENTEE))
    submit_reflection(app, MENTEE, view, PRIVATE)
    _pulse(app, SECOND, 1)
    # Ben's pulse answered the round of Tuesday 19 January: the mentor's next working day.
    assert "coaching: 1 planned for mentors" in tick(app, utc(2027, 1, 19, 16))
    tick(app, utc(2027, 1, 20, 8, 59))
    assert posts(app, MENTOR, "coaching_tip") == []
    tick(app, utc(2027, 1, 20, 9))  # Wednesday 10:00 in Berlin

    [coaching] = posts(app, MENTOR, "coaching_tip")  # one a week, for both falls
    text = _visible(coaching)
    assert text.startswith("A few ideas for your next conversation")
    assert "Only you can see this message." in text
    assert not re.search(r"\d|\b(one|two|three|four|five)\b", text, re.IGNORECASE)
    assert not re.search(r"\b(pulse|score|rating)", text, re.IGNORECASE)
    for word in ("unheard", "phone", "<@", "trust"):
        assert word not in text.lower(), word
    assert posts(app, MENTEE, "coaching_tip") == posts(app, SECOND, "coaching_tip") == []
    for channel in app.fake.channels.values():
        if channel.is_im:
            assert channel.user == MENTOR or not any(
                "A few ideas" in m.get("text", "") for m in channel.messages
            )
            continue
        assert not any("A few ideas" in m.get("text", "") for m in channel.messages)

    # More passes that week add nothing; a steady pulse the week after brings no coaching.
    tick(app, utc(2027, 1, 21, 9))
    _round(app, utc(2027, 1, 26))
    _pulse(app, MENTEE, 4)
    assert "coaching: 0 planned for mentors" in tick(app, utc(2027, 1, 26, 16))
    tick(app, utc(2027, 1, 27, 9))
    assert len(posts(app, MENTOR, "coaching_tip")) == 1


def test_a_first_low_pulse_alone_brings_no_coaching(app: RunningApp) -> None:
    seed_pair(app)
    tick(app, CREATED)
    _round(app, utc(2027, 1, 12))
    _pulse(app, MENTEE, 1)  # nothing earlier to fall from
    assert "coaching: 0 planned for mentors" in tick(app, utc(2027, 1, 12, 16))
    _round(app, utc(2027, 1, 19))
    _pulse(app, MENTEE, 3)  # not below 3, and not two below an average of 1
    _pulse(app, MENTOR, 1)  # the mentor's own pulse is not the mentee's trust
    tick(app, utc(2027, 1, 19, 16))
    tick(app, utc(2027, 1, 20, 9))
    assert posts(app, MENTOR, "coaching_tip") == []


def test_a_pulse_changed_to_a_fall_later_brings_the_coaching(app: RunningApp) -> None:
    seed_pair(app)
    tick(app, CREATED)
    _round(app, utc(2027, 1, 12))
    _pulse(app, MENTEE, 5)
    tick(app, utc(2027, 1, 12, 16))
    _round(app, utc(2027, 1, 19))
    _pulse(app, MENTEE, 4)
    assert "coaching: 0 planned for mentors" in tick(app, utc(2027, 1, 19, 16))
    assert "coaching: 0 planned for mentors" in tick(app, utc(2027, 1, 19, 19))
    # Hours later the mentee changes their answer in the same check-in.
    app.tandem.clock.at = utc(2027, 1, 19, 22)  # type: ignore[attr-defined]
    _pulse(app, MENTEE, 2)
    assert "coaching: 1 planned for mentors" in tick(app, utc(2027, 1, 19, 22, 15))
    tick(app, utc(2027, 1, 20, 9))  # still the round's next working day, 10:00 in Berlin
    assert len(posts(app, MENTOR, "coaching_tip")) == 1
