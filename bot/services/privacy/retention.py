"""The daily `retention` sweep: reflection texts older than the program keeps them are cleared.

`program_settings.reflections_kept_days` (set in `/mentor settings`; None keeps them for as
long as the program runs). Cleared: check-in reflections (by when they were answered), the
private notes on received feedback (by when it was received, else delivered) and the notes of goal
self-assessments (by when they were made). Counts, pulses and percentages stay.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.planning import rowcount
from bot.domain.program import reflections_cutoff
from bot.models import CheckIn, Feedback, GoalAssessment, Pair, ProgramSettings


def clear_old_reflections(tandem: Tandem, now: datetime) -> list[str]:
    """Clear, in each workspace with a retention, the reflection texts older than it."""
    cleared = 0
    with tandem.sessions.begin() as session:
        kept = session.execute(
            select(ProgramSettings.team_id, ProgramSettings.reflections_kept_days).where(
                ProgramSettings.reflections_kept_days.is_not(None)
            )
        ).all()
        for team_id, days in kept:
            cutoff = reflections_cutoff(days, now)
            if cutoff is not None:
                cleared += clear_before(session, team_id, cutoff)
    return [f"retention: {cleared} reflection text(s) older than the program keeps cleared"]


def clear_before(session: Session, team_id: str, cutoff: datetime) -> int:
    """Clear the workspace's reflection texts written before `cutoff`; how many."""
    checkins = session.execute(
        update(CheckIn)
        .where(CheckIn.team_id == team_id, CheckIn.reflection.is_not(None))
        .where(func.coalesce(CheckIn.answered_at, CheckIn.due_at) < cutoff)
        .values(reflection=None)
    )
    # A note is written once the feedback has arrived; it has no time of its own.
    written = func.coalesce(Feedback.received_at, Feedback.delivered_at, Feedback.created_at)
    notes = session.execute(
        update(Feedback)
        .where(Feedback.team_id == team_id, Feedback.reflection.is_not(None))
        .where(written < cutoff)
        .values(reflection=None)
    )
    assessments = session.execute(
        update(GoalAssessment)
        .where(GoalAssessment.pair_id.in_(select(Pair.id).where(Pair.team_id == team_id)))
        .where(GoalAssessment.note != "", GoalAssessment.assessed_at < cutoff)
        .values(note="")
        .execution_options(synchronize_session=False)
    )
    return rowcount(checkins) + rowcount(notes) + rowcount(assessments)
