"""Recording sent rows in batches, from one thread, while the pool keeps sending.

In a large fan-out a transaction per message would cost more than the post itself. The
recorder marks every message sent since its last round in one transaction (one
executemany, then each kind's after_sent hook), so after_sent still runs in the
transaction that marks its row sent. If a batch fails, each row of it is recorded on its
own, so that one bad row cannot hold back the others. Rows not yet recorded when a worker
dies stay claimed: the next pass finds their messages in Slack (see reconcile.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from bot.context import Tandem
from bot.delivery.jobs import Job
from bot.delivery.outcomes import record_sent, record_sent_batch
from bot.slack.gateway import Posted

log = logging.getLogger(__name__)

BATCH = 200

Done = Callable[[Job, bool, bool], None]  # (job, recorded, reconciled)


class Recorder:
    def __init__(
        self, tandem: Tandem, token: str, now: datetime, done: Done, progress: Callable[[], None]
    ) -> None:
        self.tandem, self.token, self.now, self.done = tandem, token, now, done
        self.progress = progress  # called after each batch (the feeder may claim more)
        self.cond = threading.Condition()
        self.pending: list[tuple[Job, Posted | None, bool]] = []
        self.recording = 0
        self.closed = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def put(self, job: Job, posted: Posted | None, *, reconciled: bool) -> None:
        with self.cond:
            self.pending.append((job, posted, reconciled))
            self.cond.notify()

    def backlog(self) -> int:
        """Rows sent but not recorded yet (they would be uncertain after a crash)."""
        with self.cond:
            return len(self.pending) + self.recording

    def close(self) -> None:
        """Record what is pending, then stop."""
        with self.cond:
            self.closed = True
            self.cond.notify()
        self.thread.join()

    def _run(self) -> None:
        while True:
            with self.cond:
                while not self.pending and not self.closed:
                    self.cond.wait()
                if not self.pending:
                    return
                batch, self.pending = self.pending[:BATCH], self.pending[BATCH:]
                self.recording = len(batch)
            try:
                self._record(batch)
            except Exception:
                log.exception("recording %d sent deliveries failed", len(batch))
            finally:
                with self.cond:
                    self.recording = 0
                self.progress()

    def _record(self, batch: list[tuple[Job, Posted | None, bool]]) -> None:
        items = [(job, posted) for job, posted, _ in batch]
        if record_sent_batch(self.tandem, self.token, items, self.now):
            outcomes = [True] * len(batch)
        else:
            outcomes = [
                record_sent(self.tandem, self.token, job, posted, self.now) for job, posted in items
            ]
        for (job, _, reconciled), recorded in zip(batch, outcomes, strict=True):
            self.done(job, recorded, reconciled)
