"""The receiver's side: "Thanks, this helps" or "Let's talk about it" (the giver is told,
once), and a private note on the feedback that nobody else ever sees."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.outbox import plan
from bot.domain.feedback import NOTE_LIMIT, check_note
from bot.domain.schedule import in_window
from bot.domain.states import FeedbackState
from bot.ids import BlockId
from bot.models import Feedback, Member
from bot.results import Result, field_errors, open_modal, replace_modal, reply
from bot.services.feedback.delivering import card_of
from bot.services.feedback.keys import RECEIVED_KIND, received_key
from bot.slack.views.feedback import delivered_message, message_modal, note_modal

RECEPTIONS = ("thanks", "talk")


def _mine(
    session: Session, feedback_id: int | None, team_id: str, user_id: str, *, lock: bool = False
) -> Feedback | None:
    """The delivered feedback, if this person is its receiver."""
    feedback = session.get(Feedback, feedback_id, with_for_update=lock) if feedback_id else None
    if feedback is None or feedback.state != FeedbackState.DELIVERED:
        return None
    receiver = session.get(Member, feedback.to_member_id)
    if receiver is None or receiver.user_id != user_id or receiver.team_id != team_id:
        return None
    return feedback


def _refused(tandem: Tandem, reason: str) -> Result:
    return reply(text=tandem.composer.render("feedback/refused.j2", reason=reason, user=""))


def react(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    feedback_id: int | None,
    reception: str,
    now: datetime,
) -> Result:
    """The receiver's answer: kept, the giver told, and the DM shows what was answered."""
    if reception not in RECEPTIONS:
        return _refused(tandem, "missing")
    with tandem.sessions.begin() as session:
        feedback = _mine(session, feedback_id, team_id, user_id, lock=True)
        if feedback is None:
            return _refused(tandem, "foreign")
        if feedback.reception is not None:
            return _refused(tandem, "answered")
        feedback.reception, feedback.received_at = reception, now
        giver = session.get(Member, feedback.from_member_id)
        assert giver is not None
        text = tandem.composer.render("feedback/received.j2", reception=reception, receiver=user_id)
        plan(
            session,
            key=received_key(feedback.id),
            team_id=team_id,
            kind=RECEIVED_KIND,
            recipient=giver.user_id,
            due_at=in_window(now, giver.tz),  # news that can wait for their working hours
            now=now,
            payload={"text": text},
        )
        text, blocks = delivered_message(tandem.composer, card_of(session, feedback))
    return Result(text=text, blocks=blocks, replace=True)


def open_note(
    tandem: Tandem, *, team_id: str, user_id: str, feedback_id: int | None, now: datetime
) -> Result:
    with tandem.sessions() as session:
        feedback = _mine(session, feedback_id, team_id, user_id)
        if feedback is None:
            return _refused(tandem, "foreign")
        view = note_modal(tandem.composer, feedback.id, feedback.reflection)
    return open_modal(view)


def save_note(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    feedback_id: int | None,
    text: str,
    now: datetime,
) -> Result:
    """The receiver's private reflection on the feedback: stored, shown to nobody else."""
    words = tandem.composer.data("feedback/words.toml")["errors"]
    problem = check_note(text)
    if problem is not None:
        message = tandem.composer.render_text(
            words[f"note_{problem}"], limit=NOTE_LIMIT, length=len(text)
        )
        return field_errors({BlockId.FEEDBACK_NOTE: message})
    with tandem.sessions.begin() as session:
        feedback = _mine(session, feedback_id, team_id, user_id, lock=True)
        if feedback is None:
            message = tandem.composer.render("feedback/refused.j2", reason="foreign", user="")
            return field_errors({BlockId.FEEDBACK_NOTE: message})
        feedback.reflection = text
    return replace_modal(
        message_modal(tandem.composer, tandem.composer.render("feedback/note_saved.j2"))
    )
