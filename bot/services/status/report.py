"""The program report: headline figures and the pairs that need attention."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.attention import PairFacts, Round
from bot.domain.figures import attention, month_start, pulse_trend, rate_trend
from bot.domain.reports import FeedbackCounts, PairRow, ProgramReport
from bot.domain.rounds import closed_sent, pair_rounds
from bot.domain.states import PairStatus
from bot.services.celebrations.counts import celebrations_since
from bot.services.status import reading

ACTIVE = (PairStatus.ACTIVE,)


def facts_of(
    row: PairRow, rounds: dict[int, tuple[Round, ...]], last: dict[int, datetime]
) -> PairFacts:
    return PairFacts(
        started_at=row.started_at,
        rounds=rounds.get(row.pair_id, ()),
        agreement_set=row.agreement_set,
        last_feedback_at=last.get(row.pair_id),
    )


def program_report(session: Session, team_id: str, now: datetime, tz: str) -> ProgramReport:
    """The report of the active pairs' scheduled rounds, as of `now`."""
    month = month_start(now, tz)
    active = reading.pair_rows(session, team_id, statuses=ACTIVE)
    rounds = pair_rounds(reading.sent_checkins(session, team_id, statuses=ACTIVE))
    last = reading.last_feedback(session, team_id)
    sent = [s for pair_id, pair in rounds.items() for s in closed_sent(pair_id, pair)]
    celebrated = celebrations_since(session, team_id, month)
    feedback = reading.feedback_since(session, team_id, reading.feedback_window(now))
    return ProgramReport(
        now=now,
        tz=tz,
        counts=reading.pairs_by_status(session, team_id, month),
        rate=rate_trend(sent),
        pulse=pulse_trend(sent),
        feedback=feedback.get(None, FeedbackCounts(0, 0)),
        milestones=celebrated["milestones"],
        kudos=celebrated["kudos"],
        attention=attention(
            [(r.pair_id, r.mentor, r.mentee, facts_of(r, rounds, last)) for r in active]
        ),
    )
