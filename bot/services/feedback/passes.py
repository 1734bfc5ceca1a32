"""The feedback sweep: open rounds after the check-ins that came, send the nudges and
reminders that fell due, and close the rounds whose week is over, delivering what was held."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.context import Tandem
from bot.db.alone import first_here
from bot.domain.states import FeedbackState, RoundState
from bot.models import Feedback, FeedbackRound
from bot.services.checkins.rows import claim_ids
from bot.services.feedback.delivering import send_to_partner
from bot.services.feedback.nudges import BATCH, send_nudges, send_reminders
from bot.services.feedback.rounds import WATERMARK, look_at_checkins


def close_rounds(tandem: Tandem, now: datetime) -> tuple[int, int]:
    """Rounds past their close: closed, and the feedback held in them delivered."""
    with tandem.sessions.begin() as session:
        pick = (
            select(FeedbackRound.id)
            .where(FeedbackRound.state == RoundState.OPEN, FeedbackRound.closes_at <= now)
            .limit(BATCH)
        )
        ids = claim_ids(
            session,
            FeedbackRound,
            pick,
            FeedbackRound.state == RoundState.OPEN,
            state=RoundState.CLOSED,
        )
        if not ids:
            return 0, 0
        held = session.scalars(
            select(Feedback)
            .where(Feedback.round_id.in_(ids), Feedback.state == FeedbackState.HELD)
            .order_by(Feedback.id)
        ).all()
        for feedback in held:
            send_to_partner(session, tandem.composer, feedback, now, waking=True)
        return len(ids), len(held)


def feedback_pass(tandem: Tandem, now: datetime) -> list[str]:
    with tandem.sessions.begin() as session:
        # Several workers' passes run at the same instant: one looks at the check-ins that
        # came (for a fan-out, minutes of work), the others would only wait for its rounds
        # (each insert waits for the same uncommitted row) and then find them opened.
        opened, assessments = 0, 0
        if first_here(session, WATERMARK):
            opened, assessments = look_at_checkins(session, tandem.composer, now)
    with tandem.sessions.begin() as session:
        nudged, skipped = send_nudges(session, tandem.composer, now)
    with tandem.sessions.begin() as session:
        reminded = send_reminders(session, tandem.composer, now)
    closed, released = close_rounds(tandem, now)
    return [
        f"feedback: {opened} rounds opened, {nudged} nudges, {skipped} skipped, "
        f"{reminded} reminders, {closed} rounds closed ({released} held delivered), "
        f"{assessments} self-assessments"
    ]
