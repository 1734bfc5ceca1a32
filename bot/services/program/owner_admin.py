"""`/mentor owners`: list program owners, add one, remove one.

Owners named in TANDEM_OWNERS come from the deployment and cannot be removed by command;
the program is never left without an owner.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.audit import audit
from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.command_text import user_id as mentioned_user
from bot.models import Owner
from bot.results import Result, reply
from bot.services.people.members import find_person


def owners_command(tandem: Tandem, request: CommandRequest) -> Result:
    if not request.args:
        return reply(text=list_owners(tandem, request.team_id))
    action = request.args[0].lower()
    target = mentioned_user(request.args[1]) if len(request.args) == 2 else None
    if action not in ("add", "remove") or target is None:
        return reply(text=_render(tandem, "usage", text=" ".join(request.args)))
    change = add_owner if action == "add" else remove_owner
    return reply(
        text=change(
            tandem,
            team_id=request.team_id,
            actor_id=request.user_id,
            user_id=target,
            now=request.now,
        )
    )


def _render(tandem: Tandem, reason: str, **context: object) -> str:
    return tandem.composer.render("owners/owners.j2", reason=reason, **context)


def list_owners(tandem: Tandem, team_id: str) -> str:
    with tandem.sessions() as session:
        stored = session.scalars(
            select(Owner).where(Owner.team_id == team_id).order_by(Owner.added_at, Owner.id)
        ).all()
        added = [
            {"user": o.user_id, "by": o.added_by}
            for o in stored
            if o.user_id not in tandem.settings.owners
        ]
    return _render(tandem, "list", fixed=list(tandem.settings.owners), added=added)


def add_owner(tandem: Tandem, *, team_id: str, actor_id: str, user_id: str, now: datetime) -> str:
    """Make a person an owner (not a bot, not someone Slack does not know)."""
    if user_id in tandem.settings.owners:
        return _render(tandem, "already", user=user_id)
    with tandem.sessions.begin() as session:
        exists = session.scalar(
            select(Owner.id).where(Owner.team_id == team_id, Owner.user_id == user_id)
        )
        if exists is not None:
            return _render(tandem, "already", user=user_id)
        person = find_person(tandem, session, team_id, user_id, now)
        if person is None or person.is_bot or person.deleted:
            return _render(tandem, "not_a_person", user=user_id)
        session.add(Owner(team_id=team_id, user_id=user_id, added_by=actor_id, added_at=now))
        audit(
            session,
            team_id=team_id,
            actor_id=actor_id,
            action="owners.add",
            at=now,
            summary=f"made {user_id} a program owner",
            user=user_id,
        )
    return _render(tandem, "added", user=user_id)


def remove_owner(
    tandem: Tandem, *, team_id: str, actor_id: str, user_id: str, now: datetime
) -> str:
    """Remove an owner added by command; TANDEM_OWNERS and the last owner stay."""
    if user_id in tandem.settings.owners:
        return _render(tandem, "fixed", user=user_id)
    with tandem.sessions.begin() as session:
        owners = session.scalars(select(Owner).where(Owner.team_id == team_id)).all()
        owner = next((o for o in owners if o.user_id == user_id), None)
        if owner is None:
            return _render(tandem, "not_owner", user=user_id)
        if len(owners) == 1 and not tandem.settings.owners:
            return _render(tandem, "last", user=user_id)
        session.delete(owner)
        audit(
            session,
            team_id=team_id,
            actor_id=actor_id,
            action="owners.remove",
            at=now,
            summary=f"removed {user_id} as a program owner",
            user=user_id,
        )
    return _render(tandem, "removed", user=user_id)
