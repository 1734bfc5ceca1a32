"""A member who left the workspace: pause their pairs and tell the pairs' owners, once.

The outbox reports it through the wiring's `recipient_gone` hook when a DM fails with
user_not_found or account_inactive (or opening the DM, to look for a message after a
crash, fails with user_disabled). Then nothing more should be sent to that person, their
active pairs stop through the one pause path (paused, not ended: an owner decides what
happens next), and whoever owns each pair hears about it once, by a DM that goes through
the outbox like every other scheduled message.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.audit import TANDEM
from bot.context import Tandem
from bot.delivery.kinds import Departure
from bot.delivery.planning import plan
from bot.domain.states import DeliveryState, PairStatus
from bot.models import Delivery, Member, Pair
from bot.services.pairs.pausing import pause_pair
from bot.services.program.owners import program_owners

NOTICE_KIND = "member_left"
RETURN_KIND = "member_returned"


def _owners_of(session: Session, tandem: Tandem, pair: Pair) -> list[str]:
    """Who created the pair; else the program owners from TANDEM_OWNERS, else stored ones."""
    if pair.created_by:
        return [pair.created_by]
    return program_owners(session, tandem.settings, pair.team_id)


def member_left(
    session: Session,
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    reason: str,
    now: datetime,
    how: str = "delivery",
) -> int:
    """Record that `user_id` left: skip what is planned for them, pause their pairs, plan
    one notice per owner. Returns how many pairs were paused.

    `how` is what showed it: a message Slack could not deliver ("delivery"), or Slack's
    user record (`deleted: true` in users.list or users.info: "account")."""
    session.execute(
        update(Delivery)
        .where(Delivery.recipient == user_id, Delivery.team_id == team_id)
        .where(Delivery.state == DeliveryState.PLANNED)
        .values(state=DeliveryState.SKIPPED, error=f"not sent: {reason}")
    )
    member = session.scalar(
        select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
    )
    if member is None:
        return 0
    member.deleted = True
    pairs = session.scalars(
        select(Pair)
        .where(Pair.team_id == team_id, Pair.status == PairStatus.ACTIVE)
        .where(or_(Pair.mentor_id == member.id, Pair.mentee_id == member.id))
        .order_by(Pair.id)
    ).all()
    by_owner: dict[str, list[dict[str, str]]] = defaultdict(list)
    for pair in pairs:
        pause_pair(
            session,
            pair,
            actor_id=TANDEM,
            action="pair.paused",
            summary=f"paused: {user_id} left the workspace",
            now=now,
            member=user_id,
        )
        for owner in _owners_of(session, tandem, pair):
            if owner != user_id:
                by_owner[owner].append(
                    {"mentor": pair.mentor.user_id, "mentee": pair.mentee.user_id}
                )
    for owner, owned in by_owner.items():
        text = tandem.composer.render(
            "delivery/member_left.j2", person=user_id, reason=reason, pairs=owned, how=how
        )
        _tell(session, team_id, owner, f"{NOTICE_KIND}:{team_id}:{user_id}:{owner}", text, now)
    return len(pairs)


def member_returned(session: Session, tandem: Tandem, member: Member, now: datetime) -> int:
    """Slack shows a member who had left as active again: their pairs stay paused, and the
    owners are told, once, so that they decide. Returns how many paused pairs they have."""
    member.deleted = False
    pairs = session.scalars(
        select(Pair)
        .where(Pair.team_id == member.team_id, Pair.status == PairStatus.PAUSED)
        .where(or_(Pair.mentor_id == member.id, Pair.mentee_id == member.id))
        .order_by(Pair.id)
    ).all()
    by_owner: dict[str, list[dict[str, str]]] = defaultdict(list)
    for pair in pairs:
        for owner in _owners_of(session, tandem, pair):
            if owner != member.user_id:
                by_owner[owner].append(
                    {"mentor": pair.mentor.user_id, "mentee": pair.mentee.user_id}
                )
    for owner, owned in by_owner.items():
        text = tandem.composer.render(
            "delivery/member_returned.j2", person=member.user_id, pairs=owned
        )
        key = f"{RETURN_KIND}:{member.team_id}:{member.user_id}:{owner}:{now:%Y%m%d}"
        _tell(session, member.team_id, owner, key, text, now)
    return len(pairs)


def account_seen(
    session: Session, tandem: Tandem, member: Member, deleted: bool, now: datetime
) -> str | None:
    """What Slack's user record (users.list or users.info) shows of a stored member:
    "left" or "returned" when that changed, and what follows from it; else None."""
    if deleted and not member.deleted:
        member_left(
            session,
            tandem,
            team_id=member.team_id,
            user_id=member.user_id,
            reason="deactivated in Slack",
            now=now,
            how="account",
        )
        return "left"
    if not deleted and member.deleted:
        member_returned(session, tandem, member, now)
        return "returned"
    return None


def _tell(session: Session, team_id: str, owner: str, key: str, text: str, now: datetime) -> None:
    plan(
        session,
        key=key,
        team_id=team_id,
        kind=NOTICE_KIND if key.startswith(NOTICE_KIND) else RETURN_KIND,
        recipient=owner,
        due_at=now,
        now=now,
        payload={"text": text},
    )


def recipient_gone(session: Session, tandem: Tandem, departure: Departure) -> int:
    """The outbox's hook: a DM showed that its recipient left the workspace."""
    return member_left(
        session,
        tandem,
        team_id=departure.team_id,
        user_id=departure.user_id,
        reason=departure.reason,
        now=departure.now,
    )
