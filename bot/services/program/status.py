"""`/mentor status`: program metrics for owners (counts only, never anyone's words)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.states import WENT_OUT, CheckInState, PairStatus
from bot.models import CheckIn, Pair
from bot.results import Result, reply
from bot.services.celebrations.counts import celebrations_since

# Check-ins that reached the person (not the planned, queued, missed or failed ones).
SENT_STATES = WENT_OUT


def program_status(tandem: Tandem, request: CommandRequest) -> Result:
    since = request.now - timedelta(days=28)
    with tandem.sessions() as session:
        by_status = dict(
            session.execute(
                select(Pair.status, func.count())
                .where(Pair.team_id == request.team_id)
                .group_by(Pair.status)
            ).all()
        )
        by_state = dict(
            session.execute(
                select(CheckIn.state, func.count())
                .where(CheckIn.team_id == request.team_id, CheckIn.due_at >= since)
                .where(CheckIn.state.in_(SENT_STATES))
                .group_by(CheckIn.state)
            ).all()
        )
        celebrated = celebrations_since(session, request.team_id, since)
    sent = sum(by_state.values())
    answered = by_state.get(CheckInState.ANSWERED, 0)
    text = tandem.composer.render(
        "status.j2",
        active=by_status.get(PairStatus.ACTIVE, 0),
        paused=by_status.get(PairStatus.PAUSED, 0),
        ended=by_status.get(PairStatus.ENDED, 0),
        completed=by_status.get(PairStatus.COMPLETED, 0),
        sent=sent,
        answered=answered,
        rate=round(100 * answered / sent) if sent else None,
        **celebrated,
    )
    return reply(text=text)
