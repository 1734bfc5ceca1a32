"""Giving feedback: `/mentor feedback`, the nudge's and the Home tab's button, and the
modal's submission, which joins an open round (held until both are in) or goes straight to
the partner's DM."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.delivery.outbox import skip
from bot.domain.command_text import user_id as mentioned
from bot.domain.feedback import FIELD_LIMIT, FeedbackText, Outcome, after_submit, check_feedback
from bot.domain.states import FeedbackState, NudgeState, RoundState
from bot.ids import BlockId
from bot.models import Feedback, FeedbackNudge, FeedbackRound
from bot.results import Result, field_errors, open_modal, replace_modal, reply
from bot.services.feedback.access import (
    Partners,
    active_pairs,
    is_member_of,
    open_round,
    partners_in,
)
from bot.services.feedback.delivering import send_to_partner
from bot.services.feedback.keys import reminder_key
from bot.services.feedback.nudges import closes_label
from bot.services.people.members import known_member
from bot.slack.views.feedback import BLOCKS, feedback_modal, message_modal


def _refused(tandem: Tandem, reason: str, user: str = "") -> Result:
    return reply(text=tandem.composer.render("feedback/refused.j2", reason=reason, user=user))


def feedback_command(tandem: Tandem, request: CommandRequest) -> Result:
    """`/mentor feedback [@partner]`: the modal for the partner (named when there are two)."""
    named = mentioned(request.args[0]) if request.args else None
    if request.args and (named is None or len(request.args) > 1):
        text = " ".join(request.args)
        return reply(text=tandem.composer.render("pairs/usage.j2", command="feedback", text=text))
    with tandem.sessions() as session:
        member = known_member(session, request.team_id, request.user_id)
        pairs = active_pairs(session, member) if member is not None else []
        if named is not None:
            pairs = [p for p in pairs if named in (p.mentor.user_id, p.mentee.user_id)]
            if not pairs or named == request.user_id:
                return _refused(tandem, "not_partner", named)
        if not pairs:
            return _refused(tandem, "no_pair")
        if len(pairs) > 1:
            return _refused(tandem, "choose")
        found = partners_in(session, request.team_id, request.user_id, pairs[0].id)
        assert found is not None
        view = feedback_modal(
            tandem.composer, partner=found.partner.user_id, pair_id=found.pair.id, round_id=None
        )
    return open_modal(view)


def open_feedback(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    target: tuple[int, int | None] | None,
    now: datetime,
) -> Result:
    """The button in a nudge, a reminder or the Home tab."""
    pair_id, round_id = target if target is not None else (None, None)
    with tandem.sessions() as session:
        found = partners_in(session, team_id, user_id, pair_id)
        if found is None:
            # A button of a pair they are not in (forwarded, or forged) says so; their own
            # pair that is no longer active, that they have no active one.
            theirs = pair_id is not None and is_member_of(session, team_id, user_id, pair_id)
            return _refused(tandem, "no_pair" if theirs or pair_id is None else "not_yours")
        view = feedback_modal(
            tandem.composer, partner=found.partner.user_id, pair_id=found.pair.id, round_id=round_id
        )
    return open_modal(view)


def _errors(tandem: Tandem, problems: dict[str, str], values: dict[str, Any]) -> Result:
    words = tandem.composer.data("feedback/words.toml")["errors"]
    return field_errors(
        {
            BLOCKS[name]: tandem.composer.render_text(
                words[code], limit=FIELD_LIMIT, length=len(str(values.get(name) or ""))
            )
            for name, code in problems.items()
        }
    )


def submit_feedback(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    target: tuple[int, int | None] | None,
    values: dict[str, Any],
    view_id: str,
    now: datetime,
) -> Result:
    """Save the feedback (once per modal, however often Slack sends the submission) and
    hold it in the round, reveal both, or deliver it; refused on the fields otherwise."""
    by_name = {name: values.get(block) for name, block in BLOCKS.items()}
    checked = check_feedback(by_name)
    if isinstance(checked, dict):
        return _errors(tandem, checked, by_name)
    words = tandem.composer.data("feedback/words.toml")["errors"]
    pair_id, named = target if target is not None else (None, None)
    with tandem.sessions.begin() as session:
        found = partners_in(session, team_id, user_id, pair_id, lock=True)
        if found is None:
            return field_errors({BlockId.FEEDBACK_SITUATION: words["not_partner"]})
        again = session.scalar(
            select(Feedback).where(
                Feedback.from_member_id == found.me.id, Feedback.view_id == view_id
            )
        )
        if again is not None and view_id:
            # Slack sent the same submission again: it was saved the first time.
            outcome = Outcome.HOLD if again.state == FeedbackState.HELD else Outcome.DELIVER
            held_in = session.get(FeedbackRound, again.round_id) if again.round_id else None
            return _saved(tandem, found, outcome, held_in.closes_at if held_in else None)
        round_ = open_round(session, found.pair.id, now, named)
        mine = _in_round(session, round_.id, found.me.id) if round_ is not None else None
        if mine is not None:
            return field_errors({BlockId.FEEDBACK_SITUATION: words["already_in_round"]})
        theirs = _in_round(session, round_.id, found.partner.id) if round_ is not None else None
        outcome = after_submit(round_ is not None, theirs is not None)
        feedback = _saved_row(session, found, checked, view_id, round_, outcome, now)
        if outcome is not Outcome.HOLD:
            send_to_partner(session, tandem.composer, feedback, now)
        if outcome is Outcome.REVEAL and theirs is not None and round_ is not None:
            send_to_partner(session, tandem.composer, theirs, now)
            round_.state = RoundState.CLOSED
        if round_ is not None:
            _nudge_done(session, round_.id, round_.period, found)
        return _saved(tandem, found, outcome, round_.closes_at if round_ is not None else None)


def _in_round(session: Session, round_id: int, member_id: int) -> Feedback | None:
    return session.scalar(
        select(Feedback).where(Feedback.round_id == round_id, Feedback.from_member_id == member_id)
    )


def _saved_row(
    session: Session,
    found: Partners,
    text: FeedbackText,
    view_id: str,
    round_: FeedbackRound | None,
    outcome: Outcome,
    now: datetime,
) -> Feedback:
    feedback = Feedback(
        team_id=found.pair.team_id,
        pair_id=found.pair.id,
        from_member_id=found.me.id,
        to_member_id=found.partner.id,
        situation=text.situation,
        behaviour=text.behaviour,
        impact=text.impact,
        next_step=text.next_step,
        delivered=False,
        created_at=now,
        round_id=round_.id if round_ is not None else None,
        state=FeedbackState.HELD if outcome is Outcome.HOLD else FeedbackState.QUEUED,
        view_id=view_id or None,
    )
    session.add(feedback)
    session.flush()
    return feedback


def _nudge_done(session: Session, round_id: int, period: str, found: Partners) -> None:
    """The giver's nudge in the round needs no reminder any more."""
    nudge = session.scalar(
        select(FeedbackNudge).where(
            FeedbackNudge.round_id == round_id, FeedbackNudge.member_id == found.me.id
        )
    )
    if nudge is not None and nudge.state in (NudgeState.PLANNED, NudgeState.NUDGED):
        nudge.state = NudgeState.DONE
    skip(session, reminder_key(found.pair.id, found.me.id, period), "feedback given")


def _saved(tandem: Tandem, found: Partners, outcome: Outcome, closes: datetime | None) -> Result:
    """The modal's answer: what happens to the feedback now."""
    label = closes_label(tandem.composer, closes, found.me.tz) if closes is not None else ""
    text = tandem.composer.render(
        "feedback/saved.j2", outcome=outcome.value, partner=found.partner.user_id, closes=label
    )
    return replace_modal(message_modal(tandem.composer, text))
