"""The `import_progress` sweep: keeps the owner's progress message current, sends the summary.

Runs before the outbox in every scheduler pass. An import is finished when every one of its
set-up deliveries is sent or has given up; then pairs whose set-up failed are marked
failed (any channel left over is archived) and a summary is planned for the owner.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, literal, select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.outbox import plan
from bot.domain.states import DeliveryState, ImportState, SetupState
from bot.models import Delivery, Pair, PairImport
from bot.services.imports.setup import PER_MINUTE, give_up
from bot.slack.gateway import SlackFailure

log = logging.getLogger(__name__)

SUMMARY_KIND = "import_summary"
FINISHED = frozenset(
    {DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.MISSED, DeliveryState.SKIPPED}
)
GAVE_UP = frozenset({DeliveryState.FAILED, DeliveryState.MISSED, DeliveryState.SKIPPED})
SHOWN_FAILURES = 20


def _setups(session: Session, import_id: int) -> list[tuple[Pair, str | None, str | None]]:
    """Each pair of the import with its set-up delivery's state and error."""
    key = literal("pair-setup:") + cast(Pair.id, String)
    rows = session.execute(
        select(Pair, Delivery.state, Delivery.error)
        .outerjoin(Delivery, Delivery.key == key)
        .where(Pair.import_id == import_id)
        .order_by(Pair.id)
    )
    return [(pair, state, error) for pair, state, error in rows]


def import_progress(tandem: Tandem, now: datetime) -> list[str]:
    with tandem.sessions() as session:
        running = session.scalars(
            select(PairImport.id)
            .where(PairImport.state == ImportState.RUNNING)
            .order_by(PairImport.id)
        ).all()
    return [_advance(tandem, import_id, now) for import_id in running]


def _advance(tandem: Tandem, import_id: int, now: datetime) -> str:
    with tandem.sessions.begin() as session:
        job = session.get(PairImport, import_id)
        assert job is not None
        setups = _setups(session, import_id)
        done = sum(1 for _, state, _ in setups if state in FINISHED)
        failures = [(pair, error or state) for pair, state, error in setups if state in GAVE_UP]
        finished = done == len(setups)
        if finished:
            for pair, _ in failures:
                give_up(tandem, session, pair)
            job.state, job.finished_at = ImportState.DONE, now
        ready = sum(1 for pair, _, _ in setups if pair.setup_state == SetupState.READY)
        counts = {"done": done, "total": len(setups), "failed": len(failures), "ready": ready}
        if finished and job.notify_user:
            _plan_summary(tandem, session, job, failures, counts, now)
        changed = job.progress_ts is not None and (done != job.progress_shown or finished)
        job.progress_shown = done
        message = (job.progress_channel, job.progress_ts)
        team = job.team_id
    if changed and message[0] and message[1]:
        text = tandem.composer.render(
            "imports/progress.j2", finished=finished, per_minute=PER_MINUTE, **counts
        )
        try:
            tandem.slack_for(team).update_message(message[0], message[1], text)
        except SlackFailure as failure:
            log.warning("could not update the progress of import %s: %s", import_id, failure)
    status = "finished" if finished else "running"
    return (
        f"imports: #{import_id} {done} of {len(setups)} set-ups done, "
        f"{len(failures)} failed ({status})"
    )


def _plan_summary(
    tandem: Tandem,
    session: Session,
    job: PairImport,
    failures: list[tuple[Pair, Any]],
    counts: dict[str, int],
    now: datetime,
) -> None:
    shown = [
        {"mentor": pair.mentor.user_id, "mentee": pair.mentee.user_id, "error": error}
        for pair, error in failures[:SHOWN_FAILURES]
    ]
    text = tandem.composer.render(
        "imports/summary.j2",
        ready=counts["ready"],
        total=counts["total"],
        failures=shown,
        more=len(failures) - len(shown),
    )
    assert job.notify_user is not None
    plan(
        session,
        key=f"import-summary:{job.id}",
        team_id=job.team_id,
        kind=SUMMARY_KIND,
        recipient=job.notify_user,
        due_at=now,
        now=now,
        payload={"text": text},
    )
