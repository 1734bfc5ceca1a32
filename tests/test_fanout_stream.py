"""A large fan-out starts sending while it is still being planned, and sends each prompt once;
a small one is planned whole before the outbox starts, as every pass does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.context import Tandem
from bot.models import CheckIn, Delivery
from bot.sandbox import FakeSlack
from bot.scheduler import sweeps
from bot.scheduler.tick import run_pass
from bot.services.checkins import planner
from tests.support import factories
from tests.support.checkins import BERLIN, CREATED
from tests.support.deliveries import posted_keys
from tests.support.waiting import wait_until

PAIRS = 15  # 30 prompts, planned 6 at a time


def _seed(tandem: Tandem, fake: FakeSlack) -> datetime:
    """PAIRS pairs in Berlin, whose first check-ins all fall due at one instant."""
    with tandem.sessions.begin() as session:
        for n in range(PAIRS):
            people = []
            for role in ("MR", "ME"):
                user = f"U{role}{n:05d}"
                fake.add_user(user, user.lower(), tz=BERLIN)
                people.append(factories.member(session, user, tz=BERLIN, now=CREATED))
            factories.pair(session, people[0], people[1], now=CREATED)
    run_pass(tandem, CREATED)  # plans the first check-ins
    with tandem.sessions() as session:
        due = session.scalar(select(func.min(CheckIn.due_at)))
        assert session.scalar(select(func.count()).where(CheckIn.due_at == due)) == 2 * PAIRS
    assert due is not None
    return due


def _prompts_posted(fake: FakeSlack) -> list[str]:
    return sorted(key for key in posted_keys(fake) if key.startswith("checkin:"))


def _watch_batches(
    monkeypatch: pytest.MonkeyPatch, before_batch: Callable[[int], None]
) -> list[int]:
    """Plan 6 check-ins a batch, calling `before_batch(n)` before the n-th batch."""
    monkeypatch.setattr(planner, "BATCH", 6)
    monkeypatch.setattr(planner, "FIRST_BATCH", 6)
    calls: list[int] = []
    queue_due = planner.queue_due

    def watched(*args: Any, **kwargs: Any) -> int:
        calls.append(len(calls) + 1)
        before_batch(len(calls))
        return queue_due(*args, **kwargs)

    monkeypatch.setattr(planner, "queue_due", watched)
    return calls


def test_a_large_fan_out_sends_while_it_is_planned(
    tandem: Tandem, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    due = _seed(tandem, fake_slack)
    monkeypatch.setattr(sweeps, "STREAM_AFTER", 20)

    def before_batch(n: int) -> None:
        if n == 3:  # two batches are planned: their prompts go out before the third
            wait_until(lambda: _prompts_posted(fake_slack), what="a prompt posted")

    batches = _watch_batches(monkeypatch, before_batch)
    lines = run_pass(tandem, due)

    assert len(batches) == 6  # five full batches of six, then one that found none
    with tandem.sessions() as session:
        planned = sorted(
            session.scalars(select(Delivery.key).where(Delivery.key.startswith("checkin:")))
        )
        states = set(session.scalars(select(Delivery.state).where(Delivery.key.in_(planned))))
    assert len(planned) == 2 * PAIRS
    assert _prompts_posted(fake_slack) == planned  # every prompt, each exactly once
    assert states == {"sent"}
    assert f"check-ins: {2 * PAIRS} queued, 0 missed, 0 moved, 0 pairs started" in lines
    assert any(line.startswith(f"deliveries: {2 * PAIRS} sent, 0 failed") for line in lines)


def test_a_small_fan_out_is_planned_whole_before_the_first_post(
    tandem: Tandem, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    due = _seed(tandem, fake_slack)  # 30 prompts: fewer than STREAM_AFTER
    seen: list[int] = []
    batches = _watch_batches(monkeypatch, lambda n: seen.append(len(_prompts_posted(fake_slack))))
    run_pass(tandem, due)

    assert len(batches) == 6
    assert seen == [0] * 6  # nothing was sent while the planner ran
    assert len(_prompts_posted(fake_slack)) == 2 * PAIRS


def _with_sweep_after_checkins(tandem: Tandem, sweep: sweeps.Sweep) -> Tandem:
    at = [s.name for s in tandem.wiring.sweeps].index("checkins") + 1
    wired = (*tandem.wiring.sweeps[:at], sweep, *tandem.wiring.sweeps[at:])
    return replace(tandem, wiring=replace(tandem.wiring, sweeps=wired))


def test_prompts_planned_before_a_restart_are_sent_while_the_planners_run(
    tandem: Tandem, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A worker planned the whole fan-out and died before sending it. The next pass has
    # nothing left to plan for it, but must not keep its prompts waiting behind the
    # planners that follow (in a large program, opening a feedback round for every pair
    # takes minutes): they go out while those run.
    due = _seed(tandem, fake_slack)
    monkeypatch.setattr(sweeps, "STREAM_AFTER", 20)
    planner.plan_checkins(tandem, due)  # all 30 prompts planned, none sent
    assert _prompts_posted(fake_slack) == []
    seen: list[int] = []

    def slow_planner(_tandem: Tandem, _now: datetime) -> list[str]:
        wait_until(lambda: _prompts_posted(fake_slack), what="a prompt posted")
        seen.append(len(_prompts_posted(fake_slack)))
        return ["slow: done"]

    lines = run_pass(_with_sweep_after_checkins(tandem, sweeps.Sweep("slow", slow_planner)), due)

    assert seen and seen[0] > 0  # sent while the slow planner still ran
    assert "slow: done" in lines
    assert len(_prompts_posted(fake_slack)) == 2 * PAIRS  # each prompt exactly once
    assert any(line.startswith(f"deliveries: {2 * PAIRS} sent, 0 failed") for line in lines)


def test_a_pass_sending_beside_its_planners_goes_on_past_its_budget_until_they_are_done(
    tandem: Tandem, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The budget keeps a pass from holding up the next pass's planners; beside planners
    # still at work (opening a feedback round for each of 10,000 pairs takes minutes) it
    # holds up nobody, so it goes on sending instead of leaving the rest to the next pass.
    due = _seed(tandem, fake_slack)
    monkeypatch.setattr(sweeps, "STREAM_AFTER", 20)

    def before_batch(n: int) -> None:
        if n == 3:  # sending has started: planning goes on past the pass's budget
            wait_until(lambda: _prompts_posted(fake_slack), what="a prompt posted")
            tandem.ticker.advance(2 * sweeps.DELIVERY_BUDGET.total_seconds())

    _watch_batches(monkeypatch, before_batch)
    lines = run_pass(tandem, due)

    assert len(_prompts_posted(fake_slack)) == 2 * PAIRS
    assert any(line.startswith(f"deliveries: {2 * PAIRS} sent, 0 failed") for line in lines)
    assert sweeps.MORE_DUE not in lines
