"""Sending the nudges and reminders that fell due, unless they are not needed.

Nudge rows are claimed when due (UPDATE ... RETURNING, like the check-in planner), decided
then, and planned in the outbox at their scheduled instant with a key per person and round,
so each goes out at most once. A nudge is skipped when the pair is not active, the person
paused their prompts or left, or they gave feedback in this period already.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.composer import Composer
from bot.delivery.outbox import plan
from bot.domain.feedback import gave_in_period
from bot.domain.pausing import is_paused
from bot.domain.schedule import zone
from bot.domain.states import FeedbackState, NudgeState, PairStatus, RoundState
from bot.models import Feedback, FeedbackNudge, FeedbackRound, Member, Pair
from bot.services.checkins.rows import claim_ids
from bot.services.feedback.keys import NUDGE_KIND, REMINDER_KIND, nudge_key, reminder_key
from bot.slack.views.feedback import nudge_message, reminder_message

BATCH = 500


@dataclass(frozen=True)
class Due:
    nudge: FeedbackNudge
    round: FeedbackRound
    pair: Pair
    member: Member
    partner: Member


def closes_label(composer: Composer, instant: datetime, tz: str) -> str:
    local = instant.astimezone(zone(tz))
    return composer.render(
        "checkins/when.j2",
        weekday=f"{local:%A}",
        day=local.day,
        month=f"{local:%B}",
        time=f"{local:%H:%M}",
    )


def _load(session: Session, ids: list[int]) -> list[Due]:
    found = []
    for nudge in session.scalars(select(FeedbackNudge).where(FeedbackNudge.id.in_(ids))):
        round_ = session.get(FeedbackRound, nudge.round_id)
        pair = session.get(Pair, nudge.pair_id)
        if round_ is None or pair is None:
            continue
        member = pair.mentor if pair.mentor_id == nudge.member_id else pair.mentee
        partner = pair.mentee if member is pair.mentor else pair.mentor
        found.append(Due(nudge, round_, pair, member, partner))
    return found


def skip_reason(session: Session, due: Due, at: datetime) -> str | None:
    """Why this person is not nudged (or reminded) at `at`, if they are not."""
    if due.pair.status != PairStatus.ACTIVE:
        return "pair not active"
    if due.member.deleted or is_paused(due.member.paused_until, at):
        return "paused"
    given = session.scalars(
        select(Feedback.created_at).where(
            Feedback.pair_id == due.pair.id, Feedback.from_member_id == due.member.id
        )
    ).all()
    if gave_in_period(list(given), due.round.since, at):
        return "gave feedback in this period"
    return None


def _partner_in(session: Session, due: Due) -> bool:
    held = session.scalar(
        select(Feedback.id).where(
            Feedback.round_id == due.round.id,
            Feedback.from_member_id == due.partner.id,
            Feedback.state == FeedbackState.HELD,
        )
    )
    return held is not None


def send_nudges(session: Session, composer: Composer, now: datetime) -> tuple[int, int]:
    """Nudges that fell due: planned in the outbox, or skipped. (sent, skipped)"""
    pick = (
        select(FeedbackNudge.id)
        .where(FeedbackNudge.state == NudgeState.PLANNED, FeedbackNudge.due_at <= now)
        .order_by(FeedbackNudge.due_at, FeedbackNudge.id)
        .limit(BATCH)
    )
    ids = claim_ids(
        session,
        FeedbackNudge,
        pick,
        FeedbackNudge.state == NudgeState.PLANNED,
        state=NudgeState.NUDGED,
    )
    sent = skipped = 0
    for due in _load(session, ids):
        reason = skip_reason(session, due, due.nudge.due_at)
        if reason is not None:
            due.nudge.state, due.nudge.reason = NudgeState.SKIPPED, reason
            skipped += 1
            continue
        text, blocks = nudge_message(
            composer,
            role=due.nudge.role,
            partner=due.partner.user_id,
            pair_id=due.pair.id,
            round_id=due.round.id,
            closes=closes_label(composer, due.round.closes_at, due.member.tz),
        )
        sent += plan(
            session,
            key=nudge_key(due.pair.id, due.member.id, due.round.period),
            team_id=due.pair.team_id,
            kind=NUDGE_KIND,
            recipient=due.member.user_id,
            due_at=due.nudge.due_at,
            now=now,
            payload={"text": text, "blocks": blocks},
        )
    return sent, skipped


def send_reminders(session: Session, composer: Composer, now: datetime) -> int:
    """Reminders that fell due, for people nudged who have not given feedback yet."""
    pick = (
        select(FeedbackNudge.id)
        .where(FeedbackNudge.state == NudgeState.NUDGED, FeedbackNudge.remind_at <= now)
        .order_by(FeedbackNudge.remind_at, FeedbackNudge.id)
        .limit(BATCH)
    )
    ids = claim_ids(
        session,
        FeedbackNudge,
        pick,
        FeedbackNudge.state == NudgeState.NUDGED,
        state=NudgeState.REMINDED,
    )
    sent = 0
    for due in _load(session, ids):
        remind_at = due.nudge.remind_at
        assert remind_at is not None
        if due.round.state != RoundState.OPEN or skip_reason(session, due, remind_at) is not None:
            continue
        text, blocks = reminder_message(
            composer,
            partner=due.partner.user_id,
            partner_in=_partner_in(session, due),
            pair_id=due.pair.id,
            round_id=due.round.id,
            closes=closes_label(composer, due.round.closes_at, due.member.tz),
        )
        sent += plan(
            session,
            key=reminder_key(due.pair.id, due.member.id, due.round.period),
            team_id=due.pair.team_id,
            kind=REMINDER_KIND,
            recipient=due.member.user_id,
            due_at=remind_at,
            now=now,
            payload={"text": text, "blocks": blocks},
        )
    return sent
