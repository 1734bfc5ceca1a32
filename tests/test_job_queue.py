"""The sending pool's queue: a job handed out has its first paced call counted already."""

from __future__ import annotations

import threading

from bot.clock import VirtualTicker
from bot.delivery.jobs import Job, JobQueue
from bot.delivery.pacing import HISTORY, Pacer
from bot.models import Delivery

START = 1000.0


def _in_doubt(row_id: int) -> Job:
    """A row whose first post may be in Slack: its look-up (conversations.history) first."""
    delivery = Delivery(id=row_id, key=f"note:{row_id}", team_id="T1", recipient=f"U{row_id}")
    return Job(delivery, uncertain=True, paced=True, lookup=HISTORY)


def _queue(per_minute: float) -> tuple[JobQueue, Pacer, VirtualTicker]:
    ticker = VirtualTicker(START)
    pacer = Pacer(100, history_per_minute=per_minute, ticker=ticker)
    queue = JobQueue(lambda _team: pacer, ticker)
    queue.proven.add("T1")  # its token worked already: its jobs need not go one by one
    return queue, pacer, ticker


def _get_in_another_thread(queue: JobQueue) -> tuple[Job | None, float]:
    """What a second sending thread is handed, and the (virtual) instant it is handed it."""
    got: list[tuple[Job | None, float]] = []
    thread = threading.Thread(target=lambda: got.append((queue.get(), queue.ticker.monotonic())))
    thread.start()
    thread.join(timeout=30)
    assert got, "the second thread was never handed a job"
    return got[0]


def test_the_next_look_up_waits_in_the_queue_not_in_a_sending_thread() -> None:
    # 3 look-ups a minute with a burst of 1.2: one now, the next 16 s later.
    queue, pacer, ticker = _queue(per_minute=3)
    first, second = _in_doubt(1), _in_doubt(2)
    queue.put(first)
    queue.put(second)

    assert queue.get() is first
    # The first look-up is not made yet (its thread is still on its way to Slack), but it
    # is counted: the second waits its turn in the queue, 16 s, not beside it in a thread.
    job, at = _get_in_another_thread(queue)
    assert (job, at - START) == (second, 16.0)

    # The first thread's call was counted when its job was handed out: it goes at once,
    # and is not counted twice.
    before = ticker.monotonic()
    pacer.acquire(HISTORY)
    assert ticker.monotonic() == before
    queue.done(first)
    assert round(pacer.wait(HISTORY), 2) == 20.0  # the second's call is counted too


def test_a_look_up_counted_but_not_made_is_given_back() -> None:
    queue, _, _ = _queue(per_minute=3)
    first, second = _in_doubt(1), _in_doubt(2)
    queue.put(first)
    assert queue.get() is first
    queue.done(first)  # it never called Slack (say its sender failed before)

    queue.put(second)
    job, at = _get_in_another_thread(queue)
    assert (job, at) == (second, START)  # the call first did not make was free for it
