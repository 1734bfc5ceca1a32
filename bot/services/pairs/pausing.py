"""Pausing: the one code path, whoever starts it (an owner, the member, a departure).

A paused pair gets no prompts; a paused member gets none of their own. Either way what is
already planned and not yet sent is held back the same way here: pending check-in
reminders are skipped (the check-in planner reads `status` and `paused_until` and moves
what falls due while paused). What people wrote is always kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.audit import audit
from bot.domain.states import PairStatus
from bot.models import Member, Pair
from bot.services.checkins.ending import hold_member_reminders, hold_pair_reminders


def pause_pair(
    session: Session,
    pair: Pair,
    *,
    actor_id: str,
    action: str,
    summary: str,
    now: datetime,
    **detail: str,
) -> None:
    """Pause an active pair: no prompts for either member until it is resumed; audited."""
    pair.status = PairStatus.PAUSED
    hold_pair_reminders(session, pair.id)
    audit(
        session,
        team_id=pair.team_id,
        actor_id=actor_id,
        action=action,
        at=now,
        summary=summary,
        pair_id=pair.id,
        **detail,
    )


def pause_member(session: Session, member: Member, until: datetime) -> None:
    """A member pauses their own prompts (in every pair) until `until`."""
    member.paused_until = until
    hold_member_reminders(session, member.id)
