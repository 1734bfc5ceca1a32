"""A member who left the workspace: pause their pairs and tell the pairs' owners, once.

Slack tells us when a DM fails with user_not_found or account_inactive (or opening the DM,
to look for a message after a crash, fails with user_disabled). Then nothing more should be
sent to that person, their active pairs stop (paused, not ended: an owner decides what
happens next), and whoever owns each pair hears about it once, by a DM that goes through
the outbox like every other scheduled message.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.kinds import register_kind
from bot.delivery.planning import plan
from bot.models import Delivery, Member, Owner, Pair
from bot.services.owners import audit

LEFT_ERRORS = frozenset({"user_not_found", "account_inactive", "user_disabled"})
NOTICE_KIND = "member_left"

register_kind(NOTICE_KIND)


def _owners_of(session: Session, tandem: Tandem, pair: Pair) -> list[str]:
    """Who created the pair; else the program owners from TANDEM_OWNERS, else stored ones."""
    if pair.created_by:
        return [pair.created_by]
    if tandem.settings.owners:
        return list(tandem.settings.owners)
    return list(session.scalars(select(Owner.user_id).where(Owner.team_id == pair.team_id)))


def member_left(
    session: Session,
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    reason: str,
    now: datetime,
) -> int:
    """Record that `user_id` left: skip what is planned for them, pause their pairs, plan
    one notice per owner. Returns how many pairs were paused."""
    session.execute(
        update(Delivery)
        .where(Delivery.recipient == user_id, Delivery.team_id == team_id)
        .where(Delivery.state == "planned")
        .values(state="skipped", error=f"not sent: {reason}")
    )
    member = session.scalar(
        select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
    )
    if member is None:
        return 0
    member.deleted = True
    pairs = session.scalars(
        select(Pair)
        .where(Pair.team_id == team_id, Pair.status == "active")
        .where(or_(Pair.mentor_id == member.id, Pair.mentee_id == member.id))
        .order_by(Pair.id)
    ).all()
    by_owner: dict[str, list[dict[str, str]]] = defaultdict(list)
    for pair in pairs:
        pair.status = "paused"
        audit(
            session,
            team_id=team_id,
            actor_id="tandem",
            action="pair.paused",
            at=now,
            summary=f"paused: {user_id} left the workspace",
            pair_id=pair.id,
            member=user_id,
        )
        for owner in _owners_of(session, tandem, pair):
            if owner != user_id:
                by_owner[owner].append(
                    {"mentor": pair.mentor.user_id, "mentee": pair.mentee.user_id}
                )
    for owner, owned in by_owner.items():
        text = tandem.composer.render(
            "delivery/member_left.j2", person=user_id, reason=reason, pairs=owned
        )
        plan(
            session,
            key=f"{NOTICE_KIND}:{team_id}:{user_id}:{owner}",
            team_id=team_id,
            kind=NOTICE_KIND,
            recipient=owner,
            due_at=now,
            now=now,
            payload={"text": text},
        )
    return len(pairs)
