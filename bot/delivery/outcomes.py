"""Writing down what became of a claimed delivery, only while the claim is still ours.

Every write is guarded by `state = 'claimed' AND claimed_by = <this pass>`: if another
worker took the row over (because this pass looked dead to it), this pass writes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.exc import OperationalError

from bot.context import Tandem
from bot.delivery.departures import LEFT_ERRORS, member_left
from bot.delivery.jobs import Job
from bot.delivery.kinds import kind_of
from bot.delivery.planning import rowcount
from bot.delivery.recipients import is_person, remember_dm
from bot.models import Delivery
from bot.slack.gateway import Posted

log = logging.getLogger(__name__)


def _ours(job: Job, token: str) -> list[ColumnElement[bool]]:
    return [
        Delivery.id == job.delivery.id,
        Delivery.state == "claimed",
        Delivery.claimed_by == token,
    ]


def readable(tandem: Tandem, code: str) -> str:
    """Slack's error code with what it means, e.g. 'is_archived: the channel is archived'."""
    words = tandem.composer.data("delivery/errors.toml")
    return f"{code}: {words[code]}" if code in words else code


def record_sent(tandem: Tandem, token: str, job: Job, posted: Posted | None, now: datetime) -> bool:
    """Mark the row sent and run its kind's after_sent hook, in one transaction."""
    kind = kind_of(job.delivery.kind)
    values: dict[str, Any] = {
        "state": "sent",
        "sent_at": now,
        "error": None,
        "uncertain": False,
        "attempts": Delivery.attempts + job.tries,
    }
    if posted is not None:
        values |= {"ts": posted.ts, "channel_id": posted.channel}
    try:
        with tandem.sessions.begin() as session:
            statement = update(Delivery).where(*_ours(job, token)).values(**values)
            row = session.scalars(statement.returning(Delivery)).one_or_none()
            if row is None:
                log.warning("delivery %s was taken over by another worker", job.delivery.key)
                return False
            if posted is not None and is_person(row.recipient):
                remember_dm(session, row.team_id, row.recipient, posted.channel)
            if kind.after_sent is not None:
                kind.after_sent(session, row, posted)
        return True
    except OperationalError:
        # The database is unreachable: the row stays claimed, and the pass after this one
        # finds the message in Slack and records it then.
        raise
    except Exception as exc:
        # A failing hook must not get the message sent twice: record it as sent, say why.
        log.exception("after_sent of %s failed", job.delivery.key)
        values["error"] = f"sent, but recording it failed: {type(exc).__name__}: {exc}"[:500]
        with tandem.sessions.begin() as session:
            session.execute(update(Delivery).where(*_ours(job, token)).values(**values))
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
                state="failed",
                error=reason,
                uncertain=False,
                attempts=Delivery.attempts + job.tries,
            )
        )
        if not rowcount(result):
            return 0
        if code in LEFT_ERRORS and is_person(delivery.recipient):
            return member_left(
                session,
                tandem,
                team_id=delivery.team_id,
                user_id=delivery.recipient,
                reason=reason,
                now=now,
            )
    return 0


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
                    state="planned",
                    claimed_by=None,
                    uncertain=job.uncertain,
                    attempts=Delivery.attempts + job.tries,
                    error=job.last_error,
                )
            )
