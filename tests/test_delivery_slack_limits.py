"""What the outbox does when Slack says 429, answers late, or keeps failing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from bot.bootstrap import build_tandem
from bot.clock import FixedClock, VirtualTicker
from bot.context import Tandem
from bot.delivery.outbox import deliver_due
from bot.models import Delivery
from bot.sandbox import FakeSlack
from bot.settings import Settings
from tests.support.constants import BOT_TOKEN, OWNER
from tests.support.deliveries import NOW, add_people, plan_note, posted_keys, row
from tests.support.slacklimits import RateLimits, timeline


def test_a_429_is_waited_out_and_is_not_an_attempt(tandem: Tandem, fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", "ratelimited", status=429, retry_after=1)
    plan_note(tandem, "note:busy", OWNER)
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.rate_limited, report.failed) == (1, 1, 0)
    calls = fake_slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [429, 200]
    assert timeline(calls) == [0, 1]  # tried again exactly when Retry-After: 1 had passed
    delivered = row(tandem, "note:busy")
    assert (delivered.state, delivered.attempts) == ("sent", 1)


def test_retry_after_holds_back_every_thread(
    settings: Settings,
    engine: Engine,
    clock: FixedClock,
    ticker: VirtualTicker,
    fake_slack: FakeSlack,
) -> None:
    one_thread = _one_thread(settings, engine, clock, ticker)
    people = add_people(fake_slack, 4)
    for n, person in enumerate(people):
        plan_note(one_thread, f"note:{n}", person, due=NOW - timedelta(minutes=5 - n))
        if n < 3:
            fake_slack.fail("chat.postMessage", "ratelimited", status=429, retry_after=2)
    report = deliver_due(one_thread, NOW)
    assert (report.sent, report.rate_limited) == (4, 3)
    calls = fake_slack.calls_to("chat.postMessage")
    refused = [c for c in calls if c.status == 429]
    assert [c.args["channel"] for c in refused] == people[:3]
    # 429s for three conversations within a second read as the workspace's limit: even the
    # fourth person, never refused, is only posted to once Retry-After has passed.
    sent = [c for c in calls if c.status == 200]
    assert sorted(c.args["channel"] for c in sent) == people
    assert timeline(calls) == [0, 0, 0, 2, 2, 2, 2]


def _one_thread(
    settings: Settings, engine: Engine, clock: FixedClock, ticker: VirtualTicker, **changes: Any
) -> Tandem:
    """Tandem with one sending thread, so each post reaches the fake at the instant the
    pacer allowed it (several threads would move the virtual clock for each other)."""
    return build_tandem(
        replace(settings, delivery_threads=1, **changes), engine=engine, clock=clock, ticker=ticker
    )


@pytest.fixture
def fake_slack(ticker: VirtualTicker) -> Iterator[FakeSlack]:
    """A fake Slack that enforces rate limits (1 post/s per conversation, burst 4) on the
    same virtual clock as the pacer."""
    fake = FakeSlack(token=BOT_TOKEN, limits=RateLimits(), ticker=ticker).start()
    fake.add_user(OWNER, "olive")
    yield fake
    fake.stop()


def test_posts_to_one_person_are_paced_so_slack_never_refuses(
    tandem: Tandem, fake_slack: FakeSlack
) -> None:
    for n in range(6):
        plan_note(tandem, f"note:{n}", OWNER, due=NOW - timedelta(minutes=10 - n))
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.rate_limited) == (6, 0)
    calls = fake_slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [200] * 6
    assert timeline(calls) == [0, 0, 0, 1, 2, 3]  # a burst of 3, then one a second
    texts = [m["text"] for m in fake_slack.messages_in(fake_slack.dm_with(OWNER))]
    assert texts == [f"hello from note:{n}" for n in range(6)]  # in the order they fell due


def test_the_workspace_pace_is_kept(
    settings: Settings,
    engine: Engine,
    clock: FixedClock,
    ticker: VirtualTicker,
    fake_slack: FakeSlack,
) -> None:
    paced = _one_thread(settings, engine, clock, ticker, slack_posts_per_second=20)
    for person in add_people(fake_slack, 30):
        plan_note(paced, f"note:{person}", person)
    report = deliver_due(paced, NOW)
    assert (report.sent, report.rate_limited) == (30, 0)
    calls = fake_slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [200] * 30
    # A burst of 10, then one every 1/20 s.
    assert timeline(calls) == [0.0] * 10 + [round(n / 20, 3) for n in range(1, 21)]


def test_a_retry_after_longer_than_the_pace_is_honoured_for_that_conversation_only(
    settings: Settings,
    engine: Engine,
    clock: FixedClock,
    ticker: VirtualTicker,
    fake_slack: FakeSlack,
) -> None:
    one_thread = _one_thread(settings, engine, clock, ticker)
    anna, ben = add_people(fake_slack, 2)
    plan_note(one_thread, "note:anna", anna, due=NOW - timedelta(minutes=2))
    plan_note(one_thread, "note:ben", ben, due=NOW - timedelta(minutes=1))
    fake_slack.fail("chat.postMessage", "ratelimited", status=429, retry_after=5)
    report = deliver_due(one_thread, NOW)
    assert (report.sent, report.rate_limited) == (2, 1)
    calls = fake_slack.calls_to("chat.postMessage")
    assert [(c.args["channel"], c.status) for c in calls] == [
        (anna, 429),
        (ben, 200),
        (anna, 200),
    ]
    assert timeline(calls) == [0, 0, 5]  # Ben was not held up; Anna waited all 5 seconds


def test_a_post_that_timed_out_is_looked_up_before_it_is_sent_again(
    tandem: Tandem, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.delivery.transport.REQUEST_TIMEOUT", 1)
    fake_slack.hang("chat.postMessage", 2.5)  # Slack posts it, but answers too late
    plan_note(tandem, "note:slow", OWNER)
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.reconciled) == (1, 1)
    assert posted_keys(fake_slack) == ["note:slow"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    [lookup] = fake_slack.calls_to("conversations.history")
    assert lookup.args["channel"] == fake_slack.dm_with(OWNER)
    assert str(lookup.args["include_all_metadata"]).lower() in ("1", "true")
    [message] = fake_slack.messages_in(fake_slack.dm_with(OWNER))
    assert row(tandem, "note:slow").ts == message["ts"]


@pytest.fixture
def slow_history(
    settings: Settings, engine: Engine, clock: FixedClock, ticker: VirtualTicker
) -> Tandem:
    """One sending thread, and conversations.history paced at 3 a minute (a burst of 1.2):
    a look-up now, the next 16 s later, then one every 20 s."""
    return _one_thread(settings, engine, clock, ticker, slack_history_per_minute=3)


def _plan_in_order(tandem: Tandem, people: list[str], *, in_doubt: list[str]) -> None:
    """A note for each person, due one minute after the other; those `in_doubt` as after
    a crash: their first send may have reached Slack, so each is looked up first."""
    for n, person in enumerate(people):
        plan_note(tandem, f"note:{person}", person, due=NOW - timedelta(minutes=len(people) - n))
    with tandem.sessions.begin() as session:
        for person in in_doubt:
            session.execute(
                update(Delivery).where(Delivery.key == f"note:{person}").values(uncertain=True)
            )


def test_look_ups_waiting_for_their_pace_hold_up_no_other_post(
    slow_history: Tandem, fake_slack: FakeSlack
) -> None:
    # Look-ups now and 16 s later (slow_history). Two rows whose first send may have reached
    # Slack each need one before they are sent again; the two others need none and must
    # not wait behind them. (Four rows: what one thread's pass claims at once, so the
    # schedule does not depend on when it claims.)
    doubtful = add_people(fake_slack, 2, prefix="UDOUBT")
    others = add_people(fake_slack, 2)
    _plan_in_order(slow_history, doubtful + others, in_doubt=doubtful)
    report = deliver_due(slow_history, NOW)
    assert (report.sent, report.failed) == (4, 0)

    lookups = fake_slack.calls_to("conversations.history")
    assert timeline(lookups) == [0, 16]
    posts = fake_slack.calls_to("chat.postMessage")
    assert [c.status for c in posts] == [200] * 4
    at = dict(zip((c.args["channel"] for c in posts), timeline(posts), strict=True))
    # The rows without a doubt went out at once, not after the second look-up.
    assert [at[person] for person in others] == [0.0, 0.0]
    assert [at[person] for person in doubtful] == [0.0, 16.0]


def test_look_ups_go_in_the_order_their_rows_were_planned(
    slow_history: Tandem, fake_slack: FakeSlack
) -> None:
    # Look-ups at 0 s, 16 s and 36 s (slow_history). The first row's post fails
    # (internal_error: it may be in Slack), so it needs a look-up too, but only after two
    # rows already in doubt were queued for theirs; planned first, it goes first.
    first, *doubtful = add_people(fake_slack, 3)
    _plan_in_order(slow_history, [first, *doubtful], in_doubt=doubtful)
    fake_slack.fail("chat.postMessage", "internal_error", status=500)
    report = deliver_due(slow_history, NOW)
    assert (report.sent, report.failed) == (3, 0)

    lookups = fake_slack.calls_to("conversations.history")
    assert timeline(lookups) == [0, 16, 36]
    looked_up = [call.args["channel"] for call in lookups]
    assert looked_up == [fake_slack.dm_with(p) for p in (doubtful[0], first, doubtful[1])]


def test_when_slack_is_down_the_pass_stops_and_the_next_one_sends(
    tandem: Tandem, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.delivery.sending.BACKOFF_SECONDS", 0.01)
    people = add_people(fake_slack, 30)
    for person in people:
        plan_note(tandem, f"note:{person}", person)
    fake_slack.fail("chat.postMessage", "internal_error", status=500, times=60)
    first = deliver_due(tandem, NOW)
    assert (first.sent, first.failed) == (0, 0) and first.retrying > 0
    assert len(fake_slack.calls_to("chat.postMessage")) < 35  # it did not hammer Slack
    with tandem.sessions() as session:
        states = set(session.scalars(select(Delivery.state)))
    assert states <= {"sent", "planned"}  # nothing failed, nothing left claimed
    fake_slack.faults.clear()  # Slack is back
    second = deliver_due(tandem, NOW + timedelta(minutes=1))
    assert second.sent == 30
    assert sorted(posted_keys(fake_slack)) == sorted(f"note:{p}" for p in people)


def test_a_long_fan_out_is_cut_into_passes_that_follow_each_other(
    settings: Settings,
    engine: Engine,
    ticker: VirtualTicker,
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bot.scheduler import loop, sweeps

    monkeypatch.setattr(sweeps, "DELIVERY_BUDGET", timedelta(seconds=0.3))
    one_thread = _one_thread(settings, engine, FixedClock(NOW), ticker)
    people = add_people(fake_slack, 8)
    for person in people:
        plan_note(one_thread, f"note:{person}", person)
    fake_slack.slow("chat.postMessage", 0.15, times=8)  # each post takes 0.15 virtual s
    caplog.set_level("INFO", logger="bot.scheduler.loop")
    loop._sweep(one_thread)  # what the scheduler runs every minute
    assert sorted(posted_keys(fake_slack)) == sorted(f"note:{p}" for p in people)
    assert sweeps.MORE_DUE in caplog.messages  # it took more than one pass
