"""Claiming due deliveries, and taking over the claims of passes whose worker died.

Every pass claims rows under its own token, `host:pid/start/run` (the worker_id, the
process's start time, so that a reused pid is not mistaken for the old process, and a
counter for the passes of this process). A claim is committed at once, so a row claimed by
a worker that then died is recognisable: it is still `claimed`, and its claimer is gone.
Such rows are put back as `planned` + `uncertain` and looked up in Slack before any resend.

Whether the claimer is gone:
- PostgreSQL: each pass holds a session-level advisory lock keyed by its token on its own
  connection while it has claims. The lock vanishes with the connection when the process
  dies, so `pg_try_advisory_lock(key)` succeeding means the claimer is gone, at once, on any
  machine. We chose this over holding each row's lock for the whole send: a row lock lives
  in a transaction, and when that transaction dies with its worker the row's `claimed` state
  rolls back with it, so the next worker could not tell "never tried" from "maybe posted";
  it would also pin one connection per message in flight. Claims themselves still use
  `FOR UPDATE SKIP LOCKED`, so concurrent claimers never block on or take the same rows.
- SQLite (one machine): the pid from the token must be a running process that started at
  the recorded time; for this process, the pass must still be running. A claim made on
  another host cannot be checked and is taken over once it is FOREIGN_CLAIM_TIMEOUT old.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, func, select, text, true, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.db.alone import advisory_key
from bot.domain.states import DeliveryState
from bot.models import Delivery

log = logging.getLogger(__name__)

FOREIGN_CLAIM_TIMEOUT = timedelta(minutes=15)


def _start_of(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), or "" if unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            stat = handle.read()
    except OSError:
        return ""
    # The command name may contain spaces; fields after it are space separated.
    return stat.rsplit(")", 1)[1].split()[19]


PROCESS_START = _start_of(os.getpid())
_runs = itertools.count(1)
_running: set[str] = set()  # tokens of this process's passes in progress
_running_lock = threading.Lock()


class Lease:
    """The claim token of one pass, and the proof that the pass is alive."""

    def __init__(self, tandem: Tandem) -> None:
        self.tandem = tandem
        worker = tandem.worker_id[:80]
        self.token = f"{worker}/{os.getpid()}.{PROCESS_START}/{next(_runs)}"
        self.postgres = tandem.engine.dialect.name == "postgresql"
        self.connection: Connection | None = None

    def __enter__(self) -> Lease:
        with _running_lock:
            _running.add(self.token)
        if self.postgres:
            connection = self.tandem.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT"
            )
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": advisory_key(self.token)})
            self.connection = connection
        return self

    def __exit__(self, *_exc: object) -> None:
        with _running_lock:
            _running.discard(self.token)
        if self.connection is not None:
            try:
                self.connection.execute(
                    text("SELECT pg_advisory_unlock(:k)"), {"k": advisory_key(self.token)}
                )
            except SQLAlchemyError:
                self.connection.invalidate()  # closing the connection releases the lock
            finally:
                self.connection.close()

    def holds(self) -> bool:
        """False if the lock's connection was lost: stop claiming, others may take over."""
        if self.connection is None:
            return True
        try:
            self.connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            log.warning("lost the database connection holding this pass's claims")
            return False
        return True

    @contextmanager
    def dead(self, token: str, claimed_at: datetime, now: datetime) -> Iterator[bool]:
        """Yield whether `token`'s pass is gone; on PostgreSQL hold its lock meanwhile."""
        if self.connection is None:
            yield not _alive_here(token, claimed_at, now)
            return
        key = advisory_key(token)
        got = bool(
            self.connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
        )
        try:
            yield got
        finally:
            if got:
                self.connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})


def _alive_here(token: str, claimed_at: datetime, now: datetime) -> bool:
    """SQLite: is the pass that made this claim still running?"""
    with _running_lock:
        if token in _running:
            return True
    worker, _, rest = token.partition("/")
    host = worker.split(":", 1)[0]
    process = rest.split("/", 1)[0]
    pid_text, _, start = process.partition(".")
    if host != socket.gethostname():
        return now - claimed_at < FOREIGN_CLAIM_TIMEOUT
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid() and start == PROCESS_START:
        return False  # this process, but not a running pass: it ended without finishing
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return not start or _start_of(pid) == start


def take_over_abandoned(tandem: Tandem, lease: Lease, now: datetime) -> int:
    """Put back rows claimed by passes that are gone, marked uncertain; return how many."""
    with tandem.sessions() as session:
        claims = session.execute(
            select(Delivery.claimed_by, func.max(Delivery.claimed_at))
            .where(Delivery.state == DeliveryState.CLAIMED, Delivery.claimed_by != lease.token)
            .group_by(Delivery.claimed_by)
        ).all()
    taken = 0
    for token, claimed_at in claims:
        if token is None:
            continue
        with lease.dead(token, claimed_at or now, now) as dead:
            if not dead:
                continue
            with tandem.sessions.begin() as session:
                result: Any = session.execute(
                    update(Delivery)
                    .where(Delivery.state == DeliveryState.CLAIMED, Delivery.claimed_by == token)
                    .values(state=DeliveryState.PLANNED, claimed_by=None, uncertain=True)
                )
        if result.rowcount:
            log.warning(
                "took over %s deliveries claimed by %s, which is gone", result.rowcount, token
            )
            taken += int(result.rowcount)
    return taken


def claim(
    session: Session,
    now: datetime,
    token: str,
    limit: int,
    *,
    bulk: Sequence[str] = (),
    bulk_limit: int = 0,
    held: Sequence[str] = (),
    only: Sequence[str] | None = None,
) -> list[Delivery]:
    """Claim up to `limit` due rows for this pass, oldest first. Rows of `bulk` kinds come
    only after every other due row, at most `bulk_limit` of them. Rows of the `held`
    workspaces (whose token Slack refused in this pass) are left planned. With `only`,
    rows of those kinds alone (none of them bulk)."""
    teams = Delivery.team_id.not_in(held) if held else true()
    if only is not None:
        return _claim(session, now, token, limit, Delivery.kind.in_(only) & teams)
    rows = _claim(session, now, token, limit, Delivery.kind.not_in(bulk) & teams)
    room = min(limit - len(rows), bulk_limit)
    if bulk and room > 0:
        rows += _claim(session, now, token, room, Delivery.kind.in_(bulk) & teams)
    return rows


def _claim(
    session: Session, now: datetime, token: str, limit: int, which: ColumnElement[bool]
) -> list[Delivery]:
    due = (
        select(Delivery.id)
        .where(Delivery.state == DeliveryState.PLANNED, Delivery.due_at <= now, which)
        .order_by(Delivery.due_at, Delivery.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # A materialised CTE runs the locking SELECT exactly once. As `id IN (subquery)`
        # PostgreSQL may run it again per row, and with SKIP LOCKED each run can return
        # other rows, so LIMIT would not hold.
        locked = due.with_for_update(skip_locked=True).cte("due").prefix_with("MATERIALIZED")
        chosen = Delivery.id == locked.c.id
    else:
        chosen = Delivery.id.in_(due.scalar_subquery())  # SQLite: one writer at a time
    rows = session.scalars(
        update(Delivery)
        .where(chosen, Delivery.state == DeliveryState.PLANNED)
        .values(
            state=DeliveryState.CLAIMED,
            claimed_by=token,
            # A row in doubt keeps the time of the claim it may have been posted under: its
            # look-up in Slack's history starts there.
            claimed_at=case(
                (Delivery.uncertain & Delivery.claimed_at.is_not(None), Delivery.claimed_at),
                else_=now,
            ),
        )
        .returning(Delivery)
    ).all()
    return sorted(rows, key=lambda row: (row.due_at, row.id))
