"""Writing down what became of a claimed delivery, only while the claim is still ours.

Every write is guarded by `state = 'claimed' AND claimed_by = <this pass>`: if another
worker took the row over (because this pass looked dead to it), this pass writes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, func, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from bot.context import Tandem
from bot.delivery.jobs import Job
from bot.delivery.kinds import Departure
from bot.delivery.planning import rowcount
from bot.delivery.recipients import departed, is_person, remember_dms
from bot.domain.states import DeliveryState
from bot.models import Delivery
from bot.slack.gateway import Posted

log = logging.getLogger(__name__)

# A DM failed because its recipient is no longer in the workspace. (A DM to a deactivated
# member is accepted by Slack, python-slack-sdk#1156; only opening one answers user_disabled.
# account_inactive is about the token, not the recipient: see health.py.)
LEFT_ERRORS = frozenset({"user_not_found", "user_disabled"})


def _ours(job: Job, token: str) -> list[ColumnElement[bool]]:
    return [
        Delivery.id == job.delivery.id,
        Delivery.state == DeliveryState.CLAIMED,
        Delivery.claimed_by == token,
    ]


def readable(tandem: Tandem, code: str) -> str:
    """Slack's error code with what it means, e.g. 'is_archived: the channel is archived'."""
    words = tandem.composer.data("delivery/errors.toml")
    return f"{code}: {words[code]}" if code in words else code


_delivery_table = cast(Table, Delivery.__table__)
_deliveries = _delivery_table.c
# Built once: marking sent runs tens of thousands of times in a large fan-out.
_MARK_SENT = (
    update(_delivery_table)
    .where(
        _deliveries.id == bindparam("row_id"),
        _deliveries.state == DeliveryState.CLAIMED,
        _deliveries.claimed_by == bindparam("token"),
    )
    .values(
        state=DeliveryState.SENT,
        sent_at=bindparam("sent_at", type_=_deliveries.sent_at.type),
        error=bindparam("error", type_=_deliveries.error.type),
        uncertain=False,
        attempts=bindparam("attempts"),
        ts=func.coalesce(bindparam("ts", type_=_deliveries.ts.type), _deliveries.ts),
        channel_id=func.coalesce(
            bindparam("channel", type_=_deliveries.channel_id.type), _deliveries.channel_id
        ),
    )
)


def _values(job: Job, posted: Posted | None, now: datetime) -> dict[str, Any]:
    delivery = job.delivery
    return {
        "state": DeliveryState.SENT,
        "sent_at": now,
        "error": None,
        "uncertain": False,
        "attempts": delivery.attempts + job.tries,
        "ts": posted.ts if posted else delivery.ts,
        "channel_id": posted.channel if posted else delivery.channel_id,
    }


def _params(job: Job, token: str, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "row_id": job.delivery.id,
        "token": token,
        "sent_at": values["sent_at"],
        "error": values["error"],
        "attempts": values["attempts"],
        "ts": values["ts"],
        "channel": values["channel_id"],
    }


def _after_sent(
    tandem: Tandem,
    session: Session,
    items: list[tuple[Job, Posted | None]],
    values: list[dict[str, Any]],
) -> None:
    """Bring the claimed rows up to date without another query, and run their kinds'
    hooks: a kind's after_sent_many once for all its rows, else after_sent row by row."""
    by_kind: dict[str, list[tuple[Delivery, Posted | None]]] = {}
    dms = []
    for (job, posted), row_values in zip(items, values, strict=True):
        delivery = job.delivery
        for name, value in row_values.items():
            set_committed_value(delivery, name, value)
        session.add(delivery)
        if posted is not None and is_person(delivery.recipient):
            dms.append((delivery.team_id, delivery.recipient, posted.channel))
        by_kind.setdefault(delivery.kind, []).append((delivery, posted))
    remember_dms(session, dms)
    for name, sent in by_kind.items():
        kind = tandem.wiring.outbox.of(name)
        if kind.after_sent_many is not None:
            kind.after_sent_many(session, sent)
        elif kind.after_sent is not None:
            for delivery, posted in sent:
                kind.after_sent(session, delivery, posted)


def record_sent_batch(
    tandem: Tandem, token: str, items: list[tuple[Job, Posted | None]], now: datetime
) -> bool:
    """Mark all these rows sent in one transaction; False (and nothing written) if any of
    them is no longer ours or a hook failed: then record them one by one."""
    values = [_values(job, posted, now) for job, posted in items]
    try:
        with tandem.sessions.begin() as session:
            params = [_params(job, token, v) for (job, _), v in zip(items, values, strict=True)]
            if rowcount(session.execute(_MARK_SENT, params)) != len(items):
                raise _NotAllOurs
            _after_sent(tandem, session, items, values)
        return True
    except OperationalError as exc:
        # Two workers' batches may lock the same rows in opposite orders: PostgreSQL then
        # cancels one; its rows are recorded one by one instead.
        if getattr(exc.orig, "sqlstate", None) in ("40P01", "40001"):
            return False
        raise
    except Exception:  # rolled back: nothing of this batch was written
        return False


class _NotAllOurs(Exception):
    pass


def record_sent(tandem: Tandem, token: str, job: Job, posted: Posted | None, now: datetime) -> bool:
    """Mark the row sent and run its kind's after_sent hook, in one transaction."""
    values = _values(job, posted, now)
    params = _params(job, token, values)
    try:
        with tandem.sessions.begin() as session:
            if not rowcount(session.execute(_MARK_SENT, params)):
                log.warning("delivery %s was taken over by another worker", job.delivery.key)
                return False
            _after_sent(tandem, session, [(job, posted)], [values])
        return True
    except OperationalError:
        # The database is unreachable: the row stays claimed, and the pass after this one
        # finds the message in Slack and records it then.
        raise
    except Exception as exc:
        # A failing hook must not get the message sent twice: record it as sent, say why.
        log.exception("after_sent of %s failed", job.delivery.key)
        params["error"] = f"sent, but recording it failed: {type(exc).__name__}: {exc}"[:500]
        with tandem.sessions.begin() as session:
            session.execute(_MARK_SENT, params)
        return True


def record_failed(
    tandem: Tandem, token: str, job: Job, code: str, now: datetime, *, note: str = ""
) -> int:
    """Mark the row failed with a readable reason; for a member who left the workspace,
    pause their pairs and tell the owners. Returns how many pairs were paused."""
    reason = readable(tandem, code) + note
    log.warning("delivery %s failed: %s", job.delivery.key, reason)
    delivery = job.delivery
    with tandem.sessions.begin() as session:
        result = session.execute(
            update(Delivery)
            .where(*_ours(job, token))
            .values(
                state=DeliveryState.FAILED,
                error=reason,
                uncertain=False,
                attempts=Delivery.attempts + job.tries,
            )
        )
        if not rowcount(result):
            return 0
        gone = tandem.wiring.outbox.recipient_gone
        if gone is not None and code in LEFT_ERRORS and is_person(delivery.recipient):
            departure = Departure(delivery.team_id, delivery.recipient, reason, now)
            return gone(session, tandem, departure)
    return 0


def skip_departed(session: Session, rows: list[Delivery]) -> list[Delivery]:
    """Skip (in the claiming transaction) the rows for people who left; return the rest."""
    gone = departed(session, rows)
    if not gone:
        return rows
    keep = []
    for row in rows:
        if (row.team_id, row.recipient) in gone:
            session.execute(
                update(Delivery)
                .where(Delivery.id == row.id)
                .values(
                    state=DeliveryState.SKIPPED,
                    claimed_by=None,
                    error="not sent: they have left the workspace",
                )
            )
        else:
            keep.append(row)
    return keep


def release(tandem: Tandem, token: str, jobs: list[Job]) -> None:
    """Put unfinished rows back for the next pass, remembering whether they are uncertain."""
    if not jobs:
        return
    with tandem.sessions.begin() as session:
        for job in jobs:
            session.execute(
                update(Delivery)
                .where(*_ours(job, token))
                .values(
                    state=DeliveryState.PLANNED,
                    claimed_by=None,
                    uncertain=job.uncertain,
                    attempts=Delivery.attempts + job.tries,
                    error=job.last_error,
                )
            )
