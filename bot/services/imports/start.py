"""Starting a checked import: the pairs are saved and active at once; channels come later.

Every valid row becomes an active pair with `setup_state` pending and a staggered
`pair_setup` delivery; the owner gets a progress message that the `import_progress` sweep
keeps current, and a summary when the last set-up is done.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, aliased

from bot.audit import audit
from bot.context import Tandem
from bot.domain.csv_rows import Person, RowProblem
from bot.domain.states import LIVE, ImportState, PairStatus, SetupState
from bot.models import Member, Pair, PairImport
from bot.services.agreement.reminders import plan_agreement_reminders
from bot.services.imports.setup import PER_MINUTE, SPACING, first_free_slot, plan_setup
from bot.services.people.members import save_member
from bot.slack.gateway import SlackFailure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Started:
    added: int
    skipped: int  # rows left out: problems found when checking, or pairs made since
    minutes: int  # roughly how long the set-up takes


def live_pair_keys(session: Session, team_id: str) -> set[tuple[str, str]]:
    """(mentor ID, mentee ID) of every active or paused pair."""
    mentor, mentee = aliased(Member), aliased(Member)
    rows = session.execute(
        select(mentor.user_id, mentee.user_id)
        .select_from(Pair)
        .join(mentor, Pair.mentor_id == mentor.id)
        .join(mentee, Pair.mentee_id == mentee.id)
        .where(Pair.team_id == team_id, Pair.status.in_(LIVE))
    )
    return {(a, b) for a, b in rows}


def start_import(tandem: Tandem, import_id: int, actor_id: str, now: datetime) -> Started | None:
    """Save every valid row as an active pair and plan its set-up; None if already started."""
    with tandem.sessions.begin() as session:
        # Claim the import atomically, so a double click or two owners start it only once.
        claimed = session.execute(
            update(PairImport)
            .where(
                PairImport.id == import_id,
                PairImport.state.in_((ImportState.CHECKING, ImportState.CHECKED)),
            )
            .values(state=ImportState.RUNNING)
        )
        if not isinstance(claimed, CursorResult) or claimed.rowcount != 1:
            return None
        job = session.get(PairImport, import_id)
        assert job is not None
        existing = live_pair_keys(session, job.team_id)
        slot = first_free_slot(session, now)
        added, late = 0, []
        for row in job.rows:
            key = (row["mentor"]["user_id"], row["mentee"]["user_id"])
            if key in existing:  # paired by someone else since the check
                late.append({"line": row["line"], "problem": RowProblem.EXISTS.value, "detail": ""})
                continue
            existing.add(key)
            mentor, mentee = (
                save_member(session, tandem, job.team_id, Person(**row[role]), now)
                for role in ("mentor", "mentee")
            )
            pair = Pair(
                team_id=job.team_id,
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                status=PairStatus.ACTIVE,
                setup_state=SetupState.PENDING,
                started_at=now,
                created_by=actor_id,
                created_at=now,
                import_id=job.id,
            )
            session.add(pair)
            session.flush()
            plan_setup(session, pair, mentor.user_id, slot + added * SPACING, now)
            plan_agreement_reminders(session, pair, now)
            added += 1
        job.problems = [*job.problems, *late]
        job.pair_count, job.started_at = added, now
        job.state = ImportState.RUNNING if added else ImportState.DONE
        audit(
            session,
            team_id=job.team_id,
            actor_id=actor_id,
            action="pairs.import",
            at=now,
            summary=f"imported {added} pairs ({len(job.problems)} rows left out)",
            import_id=job.id,
            pairs=added,
            left_out=len(job.problems),
        )
        skipped = len(job.problems)
    return Started(added=added, skipped=skipped, minutes=math.ceil(added / PER_MINUTE))


def post_progress(tandem: Tandem, import_id: int) -> None:
    """The owner's progress message, which the import_progress sweep keeps up to date."""
    with tandem.sessions() as session:
        job = session.get(PairImport, import_id)
        if job is None or job.notify_user is None or job.state != ImportState.RUNNING:
            return
        user, total, team = job.notify_user, job.pair_count, job.team_id
    text = tandem.composer.render(
        "imports/progress.j2",
        finished=False,
        done=0,
        total=total,
        failed=0,
        per_minute=PER_MINUTE,
    )
    try:
        posted = tandem.slack_for(team).post_message(user, text)
    except SlackFailure as failure:
        log.warning("could not post the progress of import %s: %s", import_id, failure)
        return
    with tandem.sessions.begin() as session:
        job = session.get(PairImport, import_id)
        assert job is not None
        job.progress_channel, job.progress_ts = posted.channel, posted.ts
