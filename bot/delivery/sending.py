"""One pass of sending: claim due rows a few at a time and send them from a bounded pool.

The feeder keeps only IN_FLIGHT_PER_THREAD rows per thread claimed and not yet recorded
(being sent, waiting their turn, or sent and waiting for the recorder), so a worker killed
mid-pass leaves few rows in doubt, each costing a history lookup. Each row is sent once;
what Slack answers decides what follows:
- 429: wait for Retry-After (shared by every thread through the Pacer), not an attempt;
- 5xx or a connection failure: try again after a growing pause, up to MAX_ATTEMPTS in all,
  then fail the row and log it; a request that got no answer marks the row uncertain, so
  the conversation is searched before it is sent again;
- any other error: fail the row at once with a readable reason.
When Slack keeps failing (OUTAGE_STREAK transient failures in a row), the pass stops and
puts its unsent rows back for the next pass instead of burning through their attempts.
"""

from __future__ import annotations

import logging
import random
import threading
from datetime import datetime

from bot.context import Tandem
from bot.delivery.claims import Lease, claim
from bot.delivery.jobs import Job, JobQueue
from bot.delivery.kinds import DeliveryKind
from bot.delivery.outcomes import record_failed, release, skip_departed
from bot.delivery.reconcile import find_in_history
from bot.delivery.recorder import Recorder
from bot.delivery.report import DeliveryReport
from bot.delivery.stream import Stream
from bot.delivery.transport import TOKEN_ADVICE, Cause, cause_of, delivery_tandem, maybe_carried_out
from bot.models import Delivery
from bot.slack.gateway import Posted, SlackFailure

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 0.5  # before the first retry; doubles with every further one
OUTAGE_STREAK = 20
IN_FLIGHT_PER_THREAD = 4
PLANNING_POLL_SECONDS = 0.05  # while planners run: how long to wait for new rows
BULK_IN_FLIGHT = 2  # bulk rows (channel set-ups) claimed and not finished, at most


class Run:
    """The feeder (the calling thread) and the sending threads of one pass."""

    def __init__(
        self,
        tandem: Tandem,
        now: datetime,
        lease: Lease,
        report: DeliveryReport,
        stream: Stream | None = None,
    ) -> None:
        self.tandem = tandem
        self.stream = stream  # the planners still running, if this pass sends meanwhile
        self.sender, paced = delivery_tandem(tandem)
        self.now = now
        self.lease = lease
        self.report = report
        self.threads = tandem.settings.delivery_threads
        self.queue = JobQueue(paced.pacer, tandem.ticker)
        self.lock = threading.Lock()
        self.streak = 0  # transient failures since the last success
        self.recorder: Recorder | None = None

    # The feeder
    def execute(self, budget: float | None = None) -> None:
        ticker = self.tandem.ticker
        deadline = None if budget is None else ticker.monotonic() + budget
        target, batch = self.threads * IN_FLIGHT_PER_THREAD, max(1, self.threads // 2)
        workers: list[threading.Thread] = []
        exhausted = False
        try:
            while not self.queue.halted:
                if deadline is not None and self.stream and self.stream.kinds() is not None:
                    # Beside planners still at work this pass holds nobody up: its budget
                    # counts from when they are done.
                    deadline = ticker.monotonic() + (budget or 0.0)
                if deadline is not None and ticker.monotonic() > deadline:
                    # What has not started yet waits for the next pass, which follows at
                    # once; so a pass never outlasts its budget by more than one send.
                    self.report.cut_short = not exhausted or self.queue.pending() > 0
                    self.queue.halt()
                    break
                unrecorded = self.recorder.backlog() if self.recorder else 0
                room = target - self.queue.outstanding() - unrecorded
                busy = self.queue.pending() + unrecorded
                if (exhausted and busy) or (not exhausted and room < batch):
                    self.queue.wait_for_change(0.5)
                    continue
                if not self.lease.holds():
                    self.queue.halt()
                    break
                outbox = self.tandem.wiring.outbox
                only = self.stream.kinds() if self.stream is not None else None
                with self.tandem.sessions.begin() as session:
                    rows = claim(
                        session,
                        self.now,
                        self.lease.token,
                        room,
                        bulk=outbox.bulk(),
                        bulk_limit=BULK_IN_FLIGHT - self.queue.bulk_pending(),
                        held=tuple(self.queue.refused),
                        only=only,
                    )
                    claimed = len(rows)
                    rows = skip_departed(session, rows)
                    self.report.skipped += claimed - len(rows)
                if self.stream is not None and only is not None and claimed < room:
                    # The planners are still at it: what they plan next is claimed next.
                    exhausted = False
                    if not claimed:
                        self.stream.wait(PLANNING_POLL_SECONDS)
                        continue
                elif exhausted and not claimed:
                    break  # nothing left, not even what this pass planned (owner notices)
                else:
                    exhausted = claimed < room
                for row in rows:
                    kind = outbox.of(row.kind)
                    job = Job(
                        row,
                        uncertain=row.uncertain,
                        paced=kind.posts_to_recipient,
                        method=kind.paced_method,
                        lookup=kind.lookup_method,
                        bulk=kind.bulk,
                    )
                    self.queue.put(job)
                if rows and not workers:
                    self.recorder = Recorder(
                        self.tandem, self.lease.token, self.now, self._recorded, self.queue.notify
                    )
                    workers = [
                        threading.Thread(target=self._work, daemon=True)
                        for _ in range(self.threads)
                    ]
                    for worker in workers:
                        worker.start()
        finally:
            self.queue.close()
            for worker in workers:
                worker.join()
            if self.recorder is not None:
                self.recorder.close()
            release(self.tandem, self.lease.token, self.queue.leftovers)
            self.report.retrying += len(self.queue.leftovers)

    # The sending threads
    def _work(self) -> None:
        while (job := self.queue.get()) is not None:
            try:
                self._process(job)
            except Exception:
                # The row stays claimed; once this pass is over it counts as abandoned and
                # is reconciled from Slack, so nothing is lost or sent twice.
                log.exception("sending delivery %s failed unexpectedly", job.delivery.key)
            finally:
                self.queue.done(job)

    def _process(self, job: Job) -> None:
        kind = self.tandem.wiring.outbox.of(job.delivery.kind)
        try:
            if job.uncertain:
                try:
                    found = self._find(kind, job.delivery)
                except SlackFailure as failure:
                    self._lookup_failed(job, failure)
                    return
                if found is not None:
                    self._sent(job, found, reconciled=True)
                    return
                job.uncertain = False  # not in Slack: sending it is safe
            try:
                posted = kind.send(self.sender, job.delivery, self.now)
            except SlackFailure:
                raise
            except Exception as exc:
                log.exception("the sender of %s failed", job.delivery.key)
                self._failed(job, f"sender_error: {type(exc).__name__}: {exc}"[:300])
                return
        except SlackFailure as failure:
            self._slack_failed(job, failure)
            return
        job.tries += 1
        self._sent(job, posted, reconciled=False)

    def _lookup_failed(self, job: Job, failure: SlackFailure) -> None:
        """A look-up Slack failed (5xx) sent nothing: it uses up none of the row's attempts,
        but MAX_ATTEMPTS of them in a pass fail the row. Other answers: as for a send."""
        if cause_of(failure) is not Cause.TRANSIENT:
            self._slack_failed(job, failure)
            return
        job.lookups_failed += 1
        job.last_error = failure.error
        if job.lookups_failed >= MAX_ATTEMPTS:
            self._failed(job, failure.error, f" (not looked up after {MAX_ATTEMPTS} tries)")
            return
        pause = BACKOFF_SECONDS * 2 ** (job.lookups_failed - 1)
        self.queue.put(job, delay=pause * random.uniform(0.8, 1.2), deferred=True)

    def _find(self, kind: DeliveryKind, delivery: Delivery) -> Posted | None:
        finder = kind.find_sent or (find_in_history if kind.posts_to_recipient else None)
        return finder(self.sender, delivery) if finder is not None else None

    def _sent(self, job: Job, posted: Posted | None, *, reconciled: bool) -> None:
        with self.lock:
            self.streak = 0
        assert self.recorder is not None  # started with the workers
        self.recorder.put(job, posted, reconciled=reconciled)

    def _token_refused(self, job: Job, failure: SlackFailure) -> None:
        """Every row of this workspace would be refused the same way: stop its rows now, try
        none of them, keep all; other workspaces go on."""
        team = job.delivery.team_id
        with self.lock:
            first = team not in self.report.refused
            self.report.refused.setdefault(team, failure.error)
            if self.report.token_error is None:
                self.report.token_error = failure.error
                self.report.token_team = team
        self.queue.halt_team(team)
        self.queue.put(job)  # becomes a leftover: released as planned, not an attempt
        if first:
            log.error(
                "Slack refused the bot token of workspace %s (%s): %s; nothing more is sent "
                "until it works again",
                job.delivery.team_id,
                failure.error,
                TOKEN_ADVICE.get(failure.error, TOKEN_ADVICE["invalid_auth"]),
            )

    def _recorded(self, job: Job, recorded: bool, reconciled: bool) -> None:
        if recorded:
            with self.lock:
                self.report.sent += 1
                self.report.reconciled += reconciled
                self.report.working_teams.add(job.delivery.team_id)

    def _failed(self, job: Job, code: str, note: str = "") -> None:
        paused = record_failed(self.tandem, self.lease.token, job, code, self.now, note=note)
        with self.lock:
            self.report.failed += 1
            self.report.paused_pairs += paused
            self.report.errors.append(f"{job.delivery.key}: {code}{note}")

    def _slack_failed(self, job: Job, failure: SlackFailure) -> None:
        cause = cause_of(failure)
        if cause is Cause.RATE_LIMITED:
            with self.lock:
                self.report.rate_limited += 1
            self.queue.put(job, delay=failure.retry_after or 1.0, deferred=True)
            return
        if cause is Cause.TOKEN:
            self._token_refused(job, failure)
            return
        job.tries += 1
        job.last_error = failure.error
        if cause is Cause.PERMANENT:
            self._failed(job, failure.error)
            return
        job.uncertain = job.uncertain or maybe_carried_out(failure)
        with self.lock:
            self.streak += 1
            outage = self.streak >= OUTAGE_STREAK
        if job.delivery.attempts + job.tries >= MAX_ATTEMPTS:
            self._failed(job, failure.error, f" (no answer after {MAX_ATTEMPTS} attempts)")
        elif outage:
            if not self.queue.halted:
                log.warning("Slack keeps failing (%s); the rest waits for the next pass", failure)
            self.queue.halt()
            self.queue.put(job)  # becomes a leftover: released for the next pass
        else:
            pause = BACKOFF_SECONDS * 2 ** (job.tries - 1) * random.uniform(0.8, 1.2)
            tried = f"attempt {job.delivery.attempts + job.tries} of {MAX_ATTEMPTS}"
            log.info(
                "delivery %s: %s (%s); again in %.1f s", job.delivery.key, failure, tried, pause
            )
            self.queue.put(job, delay=pause, deferred=True)
