"""The shoutout channel: public milestones batched into one message a pass, opt-outs honoured,
and a broken channel that never stops a pair's own celebration."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import Delivery
from bot.sandbox import BOT_USER
from tests.support.celebrations import (
    celebrated,
    command_reply,
    make_pair,
    of_kind,
    set_shoutout_channel,
    tick_goals,
)
from tests.support.checkins import tick, utc
from tests.support.constants import OWNER
from tests.support.runner import RunningApp

NOW = utc(2027, 1, 4, 9)  # the app's clock
GOALS = ("Lead the planning meeting", "Write the budget & <!here> notes")


def _pairs(app: RunningApp, count: int) -> list[tuple[int, str]]:
    return [make_pair(app, f"UMENTOR{n:02d}", f"UMENTEE{n:02d}", goals=GOALS) for n in range(count)]


def _shoutouts(app: RunningApp, channel: str) -> list[str]:
    return [m["text"] for m in of_kind(app, channel, "shoutout")]


def _mentee(n: int) -> str:
    return f"UMENTEE{n:02d}"


def _mentor(n: int) -> str:
    return f"UMENTOR{n:02d}"


def test_public_milestones_of_one_pass_go_out_as_one_shoutout(app: RunningApp) -> None:
    wins = app.fake.add_channel("mentoring-wins")
    set_shoutout_channel(app, wins)
    pairs = _pairs(app, 3)
    for n in range(3):
        tick_goals(app, _mentee(n), GOALS[0])
    answer = command_reply(app, OWNER, f"end <@{_mentor(2)}> <@{_mentee(2)}> completed")
    assert "as completed" in answer
    tick(app, NOW)

    for _, channel in pairs[:2]:
        assert celebrated(app, channel) == ["goal_done"]
    assert celebrated(app, pairs[2][1]) == ["goal_done", "completed"]
    [shoutout] = _shoutouts(app, wins)
    lines = shoutout.splitlines()
    assert len(lines) == 5  # an opening and one line per milestone
    for n in range(3):
        assert f"<@{_mentee(n)}> reached one of their mentorship goals, with <@{_mentor(n)}>" in (
            shoutout
        )
    assert (
        f"<@{_mentor(2)}> and <@{_mentee(2)}> have completed the mentorship program." in (lines[-1])
    )
    assert GOALS[0] not in shoutout  # the goal stays in the pair channel

    # The next pass's milestone is a shoutout of its own; nothing is shouted twice.
    tick_goals(app, _mentee(0), *GOALS)
    tick(app, utc(2027, 1, 4, 9, 1))
    shoutouts = _shoutouts(app, wins)
    assert len(shoutouts) == 2 and len(shoutouts[1].splitlines()) == 2
    assert celebrated(app, pairs[0][1]) == ["goal_done", "goal_done"]
    assert (
        "Write the budget &amp; &lt;!here&gt; notes"
        in of_kind(app, pairs[0][1], "milestone")[-1]["text"]
    )
    tick(app, utc(2027, 1, 4, 9, 2))
    assert len(_shoutouts(app, wins)) == 2


def test_an_opted_out_member_is_never_named_in_the_shoutout_channel(app: RunningApp) -> None:
    wins = app.fake.add_channel("mentoring-wins")
    set_shoutout_channel(app, wins)
    pairs = _pairs(app, 2)
    # The mentor of pair 0 mentors a second mentee too: the opt-out covers both pairs.
    second = make_pair(app, _mentor(0), "UMENTEE99", goals=GOALS)
    answer = command_reply(app, _mentor(0), "shoutouts off")
    assert "I will not name you in the program's shoutout channel" in answer
    assert "shoutout channel" in command_reply(app, _mentor(0), "shoutouts")
    for mentee in (_mentee(0), _mentee(1), "UMENTEE99"):
        tick_goals(app, mentee, GOALS[0])
    tick(app, NOW)

    for _, channel in (*pairs, second):
        assert celebrated(app, channel) == ["goal_done"]  # pair channels celebrate either way
    [shoutout] = _shoutouts(app, wins)
    assert f"<@{_mentee(1)}>" in shoutout
    assert _mentor(0) not in shoutout and _mentee(0) not in shoutout and "UMENTEE99" not in shoutout

    # Opting out after a milestone was recorded still keeps it out of the next batch.
    tick_goals(app, _mentee(1), *GOALS)
    assert "not name you" in command_reply(app, _mentee(1), "shoutouts off")
    tick(app, utc(2027, 1, 4, 9, 1))
    assert len(_shoutouts(app, wins)) == 1

    assert "may be celebrated" in command_reply(app, _mentor(0), "shoutouts on")
    tick_goals(app, _mentee(0), *GOALS)
    tick(app, utc(2027, 1, 4, 9, 2))
    assert f"<@{_mentor(0)}>" in _shoutouts(app, wins)[-1]
    assert "`/mentor shoutouts` takes `on` or `off`" in command_reply(
        app, _mentor(0), "shoutouts maybe"
    )


def _break(app: RunningApp, channel: str, error: str) -> None:
    with app.fake.lock:
        if error == "is_archived":
            app.fake.channels[channel].archived = True
        elif error == "channel_not_found":
            del app.fake.channels[channel]
        else:  # not_in_channel: Tandem was removed from the public channel (a private one
            # it is not in answers channel_not_found, as if it did not exist)
            app.fake.channels[channel].members.discard(BOT_USER)


def _owner_notices(app: RunningApp) -> list[str]:
    return [m["text"] for m in of_kind(app, app.fake.dm_with(OWNER), "shoutout_broken")]


@pytest.mark.parametrize("error", ["is_archived", "channel_not_found", "not_in_channel"])
def test_a_broken_shoutout_channel_holds_the_shoutouts_and_tells_the_owner_once(
    app: RunningApp, error: str
) -> None:
    wins = app.fake.add_channel("mentoring-wins")
    set_shoutout_channel(app, wins)
    [(_, channel)] = _pairs(app, 1)
    _break(app, wins, error)
    tick_goals(app, _mentee(0), GOALS[0])
    lines = tick(app, NOW)

    assert celebrated(app, channel) == ["goal_done"]  # the pair's own celebration is intact
    assert any(error in line for line in lines)  # logged, and reported by the pass
    [notice] = _owner_notices(app)
    assert f"I could not post celebrations in <#{wins}>" in notice and error in notice
    with app.tandem.sessions() as session:
        failed = session.scalars(select(Delivery).where(Delivery.kind == "shoutout")).one()
        assert failed.state == "failed" and failed.error is not None and error in failed.error

    # While the setting is unchanged, nothing more is tried and the owner is not told again.
    tick_goals(app, _mentee(0), *GOALS)
    attempts = len(app.fake.calls_to("chat.postMessage", channel=wins))
    tick(app, utc(2027, 1, 4, 9, 1))
    tick(app, utc(2027, 1, 4, 9, 2))
    assert celebrated(app, channel) == ["goal_done", "goal_done"]
    assert len(app.fake.calls_to("chat.postMessage", channel=wins)) == attempts
    assert len(_owner_notices(app)) == 1

    # A new setting that breaks too is a new breakage: the owner hears again.
    also_broken = app.fake.add_channel("mentoring-wins-2")
    set_shoutout_channel(app, also_broken)
    _break(app, also_broken, error)
    tick(app, utc(2027, 1, 4, 9, 3))
    assert len(_owner_notices(app)) == 2

    # Fixed: the owner picks a working channel; what waited goes out there, as one message.
    fixed = app.fake.add_channel("mentoring-celebrations")
    set_shoutout_channel(app, fixed)
    tick(app, utc(2027, 1, 4, 9, 4))
    [shoutout] = _shoutouts(app, fixed)
    assert shoutout.count(f"<@{_mentee(0)}> reached one of their mentorship goals") == 2
    assert len(_owner_notices(app)) == 2
    tick(app, utc(2027, 1, 4, 9, 5))
    assert len(_shoutouts(app, fixed)) == 1


def test_no_shoutout_channel_means_the_pair_channel_only(app: RunningApp) -> None:
    [(_, channel)] = _pairs(app, 1)
    tick_goals(app, _mentee(0), GOALS[0])
    tick(app, NOW)
    assert celebrated(app, channel) == ["goal_done"]
    assert of_kind(app, channel, "shoutout") == []
    assert [c.args["channel"] for c in app.fake.calls_to("chat.postMessage")] == [channel]
