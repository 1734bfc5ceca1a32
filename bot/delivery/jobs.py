"""The work queue of one pass: claimed rows, each ready at a time, for a bounded pool.

A job that must wait (its conversation is paced, Slack said Retry-After, or a retry backs
off) goes back into the queue with a later time instead of holding a sending thread. One
conversation has at most one post in flight, so its messages arrive in the order they fell
due. The first job of each workspace in a pass goes alone: if Slack refuses the token, no
other row of that workspace has been tried.
"""

from __future__ import annotations

import heapq
import itertools
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.clock import Ticker
from bot.delivery.pacing import POST, Pacer
from bot.models import Delivery


@dataclass
class Job:
    delivery: Delivery  # the claimed row, detached from its session
    uncertain: bool  # the first send may be in Slack already: look before sending
    paced: bool  # a single chat.postMessage to the recipient: pace by conversation
    method: str | None = None  # a rate-limited method its sender starts with
    # The rate-limited method the look-up before a resend starts with (an uncertain job
    # calls it first): conversations.history, Tier 3, for the default look-up.
    lookup: str | None = None
    bulk: bool = False  # slow background work (see DeliveryKind.bulk)
    tries: int = 0  # attempts in this pass (429 answers do not count)
    lookups_failed: int = 0  # look-ups before a resend that Slack failed (5xx), this pass
    last_error: str | None = None
    deferred: bool = False  # waiting out its own Retry-After or backoff
    prepaid: bool = False  # its first method's call was counted when it was handed out

    @property
    def first_method(self) -> str | None:
        """The rate-limited method this job calls first: the queue waits for its pace, so
        that a look-up waiting for its turn never holds a sending thread (with every thread
        held so, a fan-out would stall behind a few look-ups)."""
        if self.uncertain and self.lookup is not None:
            return self.lookup
        return self.method

    @property
    def conversation(self) -> str | None:
        return self.delivery.recipient if self.paced else None


@dataclass(order=True)
class _Entry:
    at: float
    seq: int
    job: Job = field(compare=False)


class JobQueue:
    """A thread-safe queue ordered by ready time; `get` returns None once closed and idle."""

    def __init__(self, pacer_of: Callable[[str], Pacer], ticker: Ticker) -> None:
        self.pacer_of = pacer_of  # each workspace's Pacer, by team ID
        self.ticker = ticker  # ready times and waits for them (virtual in tests)
        self.cond = threading.Condition()
        self.heap: list[_Entry] = []
        self.active = 0
        self.active_bulk = 0
        self.closed = False
        self.halted = False
        self.leftovers: list[Job] = []  # jobs put back after a halt: to be released
        self.busy: set[str] = set()  # conversations with a post in flight
        self.parked: dict[str, list[_Entry]] = {}  # ... and the jobs waiting for them
        self.proven: set[str] = set()  # workspaces whose token worked in this pass
        self.probing: set[str] = set()  # ... whose first job is in flight
        self.refused: set[str] = set()  # ... whose token Slack refused: their jobs wait
        self._seq = itertools.count()

    def put(self, job: Job, delay: float = 0.0, *, deferred: bool = False) -> None:
        """Queue a job; `deferred` for one that waits for a reason of its own (a retry)."""
        with self.cond:
            job.deferred = deferred
            if self.halted or job.delivery.team_id in self.refused:
                self.leftovers.append(job)
                return
            heapq.heappush(self.heap, _Entry(self.ticker.monotonic() + delay, next(self._seq), job))
            self.cond.notify()

    def get(self) -> Job | None:
        with self.cond:
            while True:
                if self.heap:
                    now = self.ticker.monotonic()
                    head = self.heap[0]
                    if head.at > now:
                        self.ticker.wait_until(self.cond, head.at)
                        continue
                    heapq.heappop(self.heap)
                    team = head.job.delivery.team_id
                    if team in self.probing:  # its workspace's first job is still out
                        self.parked.setdefault(f"team:{team}", []).append(head)
                        continue
                    conversation = head.job.conversation
                    if conversation is not None and conversation in self.busy:
                        self.parked.setdefault(conversation, []).append(head)
                        continue
                    if conversation is not None:
                        wait = self.pacer_of(team).wait(POST, conversation)
                        if wait > 0:  # its conversation is paced: let other jobs go first
                            head.at = now + wait
                            heapq.heappush(self.heap, head)
                            continue
                    method = head.job.first_method
                    if method is not None:
                        # Its first call is counted now, by the thread it is handed to: the
                        # next job waiting for that method waits its turn here, in order,
                        # instead of racing for the call in a sending thread.
                        wait = self.pacer_of(team).take(method)
                        if wait > 0:  # its method is paced: let other jobs go first
                            head.at = now + wait
                            if method == head.job.lookup:
                                self._wait_for_lookup(head)
                            heapq.heappush(self.heap, head)
                            continue
                        head.job.prepaid = True
                    if conversation is not None:
                        self.busy.add(conversation)
                    return self._hand_out(head.job)
                if self.closed and self.active == 0:
                    self.cond.notify_all()
                    return None
                self.cond.wait()

    @staticmethod
    def _wait_for_lookup(entry: _Entry) -> None:
        """A look-up waiting for its turn holds no room for other rows, and look-ups go in
        the order their rows were planned (a fan-out's prompts before what followed them),
        not in the order they failed: a row whose resend failed again would wait behind
        every look-up queued meanwhile. Those waiting for the same free call (its instant,
        to the millisecond) are ordered by row ID."""
        entry.job.deferred = True
        entry.at = math.ceil(entry.at * 1000) / 1000
        entry.seq = entry.job.delivery.id

    def _hand_out(self, job: Job) -> Job:
        self.active += 1
        self.active_bulk += job.bulk
        if job.delivery.team_id not in self.proven:
            self.probing.add(job.delivery.team_id)
        return job

    def done(self, job: Job) -> None:
        if job.prepaid:  # its first call was counted when it was handed out: made, or not
            job.prepaid = False
            self.pacer_of(job.delivery.team_id).settle()
        with self.cond:
            self.active -= 1
            self.active_bulk -= job.bulk
            team = job.delivery.team_id
            if team in self.probing and not self.halted:
                self.probing.discard(team)
                if team not in self.refused:
                    self.proven.add(team)
                self._unpark(f"team:{team}")
            conversation = job.conversation
            if conversation is not None:
                self.busy.discard(conversation)
                self._unpark(conversation)
            self.cond.notify_all()

    def _unpark(self, key: str) -> None:
        for entry in self.parked.pop(key, []):
            if self.halted or entry.job.delivery.team_id in self.refused:
                self.leftovers.append(entry.job)
            else:
                heapq.heappush(self.heap, entry)

    def outstanding(self) -> int:
        """Jobs being sent or waiting their turn; those deferred (a retry waiting out its
        own Retry-After or backoff) do not count, so that they do not hold up the rest."""
        with self.cond:
            waiting = sum(1 for entry in self.heap if not entry.job.deferred)
            return waiting + self.active + sum(len(p) for p in self.parked.values())

    def bulk_pending(self) -> int:
        """Bulk jobs not finished yet."""
        with self.cond:
            waiting = [e.job for e in self.heap] + [e.job for p in self.parked.values() for e in p]
            return sum(1 for job in waiting if job.bulk) + self.active_bulk

    def pending(self) -> int:
        """Every job not finished yet, waiting or not."""
        with self.cond:
            return len(self.heap) + self.active + sum(len(p) for p in self.parked.values())

    def notify(self) -> None:
        with self.cond:
            self.cond.notify_all()

    def wait_for_change(self, timeout: float) -> None:
        with self.cond:
            self.cond.wait(timeout)

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def halt_team(self, team: str) -> None:
        """Stop handing out one workspace's jobs (Slack refused its token): what it has
        queued, and is put back later, becomes leftovers; other workspaces go on."""
        with self.cond:
            self.refused.add(team)
            keep = [e for e in self.heap if e.job.delivery.team_id != team]
            self.leftovers.extend(e.job for e in self.heap if e.job.delivery.team_id == team)
            self.heap = keep
            heapq.heapify(self.heap)
            for key, entries in list(self.parked.items()):
                self.leftovers.extend(e.job for e in entries if e.job.delivery.team_id == team)
                rest = [e for e in entries if e.job.delivery.team_id != team]
                if rest:
                    self.parked[key] = rest
                else:
                    del self.parked[key]
            self.cond.notify_all()

    def halt(self) -> None:
        """Stop handing out jobs: what is queued (and put back later) becomes leftovers."""
        with self.cond:
            self.halted = True
            self.leftovers.extend(entry.job for entry in self.heap)
            self.heap.clear()
            for entries in self.parked.values():
                self.leftovers.extend(entry.job for entry in entries)
            self.parked.clear()
            self.closed = True
            self.cond.notify_all()
