"""The owners' weekly digest: Monday from 09:00 in each owner's zone, one DM per owner per
week (its key names the ISO week), with the program's figures and the pairs that need
attention. Owners can turn it off in `/mentor settings`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.planning import plan
from bot.models import Delivery, Owner, Pair, ProgramSettings
from bot.services.status.command import reader_tz
from bot.services.status.report import program_report
from bot.services.succession.readiness_summary import status_section
from bot.slack.views.status_report import program_message

KIND = "status_digest"
MONDAY, HOUR = 0, 9


def digest_key(team_id: str, user_id: str, local: datetime) -> str:
    year, week, _ = local.isocalendar()
    return f"{KIND}:{team_id}:{user_id}:{year}-W{week:02d}"


def _owners(tandem: Tandem, session: Session) -> list[tuple[str, str]]:
    """(team, user) of every owner: stored ones, and those from TANDEM_OWNERS in every
    workspace that has pairs or settings."""
    stored = {(team, user) for team, user in session.execute(select(Owner.team_id, Owner.user_id))}
    if tandem.settings.owners:
        teams = set(session.scalars(select(Pair.team_id).distinct()))
        teams |= set(session.scalars(select(ProgramSettings.team_id)))
        stored |= {(team, user) for team in teams for user in tandem.settings.owners}
    return sorted(stored)


def _turned_off(session: Session) -> set[str]:
    query = select(ProgramSettings.team_id).where(ProgramSettings.digest_enabled.is_(False))
    return set(session.scalars(query))


def plan_digests(tandem: Tandem, now: datetime) -> list[str]:
    """Plan the digest of each owner for whom it is Monday 09:00 or later, once a week."""
    planned = 0
    with tandem.sessions.begin() as session:
        off = _turned_off(session)
        due: list[tuple[str, str, str, str]] = []
        for team, user in _owners(tandem, session):
            tz = reader_tz(tandem, session, team, user)
            local = now.astimezone(ZoneInfo(tz))
            if team in off or local.weekday() != MONDAY or local.hour < HOUR:
                continue
            key = digest_key(team, user, local)
            if session.scalar(select(Delivery.id).where(Delivery.key == key)) is None:
                due.append((team, user, tz, key))
        intro = tandem.composer.render("status/digest_intro.j2") if due else ""
        reports: dict[tuple[str, str], tuple[str, list]] = {}
        for team, user, tz, key in due:
            if (team, tz) not in reports:
                report = program_report(session, team, now, tz)
                readiness = status_section(tandem, session, team)
                reports[(team, tz)] = program_message(tandem.composer, report, intro, readiness)
            text, blocks = reports[(team, tz)]
            payload = {"text": text, "blocks": blocks}
            planned += plan(
                session,
                key=key,
                team_id=team,
                kind=KIND,
                recipient=user,
                due_at=now,
                now=now,
                payload=payload,
            )
    return [f"status digests: {planned} planned"] if planned else []
