"""Members: who a Slack user is, stored once when they join a pair, refreshed daily in bulk.

`users.info` is called only for someone Tandem has not stored yet; after that the daily
`refresh_members` sweep keeps every member's time zone, name and status current with one
paginated `users.list`, so nothing asks Slack on every message or prompt.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.domain.csv_rows import Person
from bot.models import Member
from bot.services.checkins.replanning import replan_member
from bot.services.people.departures import account_seen
from bot.slack.gateway import SlackFailure, SlackUser

NOT_FOUND = frozenset({"user_not_found", "users_not_found"})


def person_of(user: SlackUser) -> Person:
    return Person(
        user_id=user.user_id,
        name=user.name,
        tz=user.tz,
        is_bot=user.is_bot,
        deleted=user.deleted,
        email=user.email.lower() if user.email else None,
    )


def stored_person(member: Member) -> Person:
    return Person(
        user_id=member.user_id,
        name=member.display_name or member.user_id,
        tz=member.tz,
        is_bot=member.is_bot,
        deleted=member.deleted,
        email=member.email,
    )


def known_member(session: Session, team_id: str, user_id: str) -> Member | None:
    return session.scalar(
        select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
    )


def find_person(
    tandem: Tandem, session: Session, team_id: str, user_id: str, now: datetime
) -> Person | None:
    """The stored member, else Slack's `users.info`; None if Slack has no such user."""
    member = known_member(session, team_id, user_id)
    if member is not None and member.tz_refreshed_at is not None:
        return stored_person(member)
    try:
        person = person_of(tandem.slack_for(team_id).user_info(user_id))
    except SlackFailure as failure:
        if failure.error in NOT_FOUND:
            return None
        raise
    if member is not None:  # someone in a pair already: their account may have changed
        account_seen(session, tandem, member, person.deleted, now)
    return person


def save_member(
    session: Session, tandem: Tandem, team_id: str, person: Person, now: datetime
) -> Member:
    """Create or update the member row for a person who joins a pair (time zone included)."""
    member = known_member(session, team_id, person.user_id)
    if member is None:
        member = Member(team_id=team_id, user_id=person.user_id, created_at=now)
        session.add(member)
    member.display_name = person.name
    member.email = person.email
    member.tz = person.tz or tandem.settings.timezone
    member.is_bot = person.is_bot
    member.deleted = person.deleted
    member.tz_refreshed_at = now
    member.forgotten_at = None  # joining a pair again is joining the program again
    session.flush()
    return member


def refresh_members(tandem: Tandem, now: datetime) -> list[str]:
    """The daily sweep: every member's time zone, name and status from `users.list`, one
    paginated read per workspace."""
    with tandem.sessions() as session:
        wanted: dict[str, set[str]] = {}
        # Someone who asked to be forgotten is not looked up again.
        stored = select(Member.team_id, Member.user_id).where(Member.forgotten_at.is_(None))
        for team_id, user_id in session.execute(stored):
            wanted.setdefault(team_id, set()).add(user_id)
    if not wanted:
        return ["members: none to refresh"]
    found: dict[tuple[str, str], SlackUser] = {}
    for team_id, user_ids in sorted(wanted.items()):
        try:
            for user in tandem.slack_for(team_id).all_users():
                if user.user_id in user_ids:
                    found[team_id, user.user_id] = user
        except SlackFailure as failure:
            return [f"members: could not read users.list ({failure.error}); next try tomorrow"]
    changed = 0
    moves = {"left": 0, "returned": 0}
    with tandem.sessions.begin() as session:
        users = [user_id for _, user_id in found]
        refreshed = select(Member).where(Member.user_id.in_(users), Member.forgotten_at.is_(None))
        for member in session.scalars(refreshed):
            seen = found.get((member.team_id, member.user_id))
            if seen is None:
                continue
            tz = seen.tz or member.tz
            moved = tz != member.tz
            changed += moved
            member.tz = tz
            if moved:  # their next check-ins go out at the local time of the new zone
                replan_member(session, member, now)
            member.display_name = seen.name
            member.email = seen.email.lower() if seen.email else member.email
            status = account_seen(session, tandem, member, seen.deleted, now)
            if status is not None:
                moves[status] += 1
            member.tz_refreshed_at = now
    line = f"members: {len(found)} refreshed from users.list, {changed} time zone(s) changed"
    extra = [f"{moves[k]} {k}" for k in ("left", "returned") if moves[k]]
    return [line + (f", {', '.join(extra)}" if extra else "")]
