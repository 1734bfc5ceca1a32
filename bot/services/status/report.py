"""The program report: headline figures and the pairs that need attention."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.figures import month_start
from bot.domain.reports import FeedbackCounts, ProgramReport
from bot.services.celebrations.counts import celebrations_since
from bot.services.status import reading, snapshot


def program_report(session: Session, team_id: str, now: datetime, tz: str) -> ProgramReport:
    """The report as of `now`; the round figures come from a snapshot at most FRESH old
    (a new one is saved in the caller's transaction when there is none)."""
    month = month_start(now, tz)
    rounds = snapshot.current(session, team_id, now)
    celebrated = celebrations_since(session, team_id, month)
    feedback = reading.feedback_since(session, team_id, reading.feedback_window(now))
    return ProgramReport(
        now=now,
        tz=tz,
        counts=reading.pairs_by_status(session, team_id, month),
        rate=rounds.rate,
        pulse=rounds.pulse,
        feedback=feedback.get(None, FeedbackCounts(0, 0)),
        milestones=celebrated["milestones"],
        kudos=celebrated["kudos"],
        attention=rounds.attention,
        rounds_at=rounds.computed_at,
    )
