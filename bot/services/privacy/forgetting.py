"""`/mentor forget-me`: a confirmation modal, then every feature erases its part.

On submission, in one transaction: each feature's `personal.erase` in the order of
bot/features.py (their live pairs end through the owners' close path, what is planned for
them is skipped), the program owners are told that a member left the program (never why)
if a pair ended, and the person gets a confirmation DM. The submission is handled once per
modal (Slack's retry is answered as the first was) and a member already forgotten is left
alone, so a second modal changes nothing. After the ack each ended pair's channel hears
that the mentorship closed.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.db.once import first_time
from bot.delivery.planning import plan
from bot.models import Member, Pair
from bot.personal import Person
from bot.results import Result, done, open_modal, reply
from bot.services.pairs.personal import pairs_of
from bot.services.people.departures import NOTICE_KIND
from bot.services.privacy.people import person_of
from bot.services.program.owners import program_owners
from bot.slack.gateway import SlackFailure
from bot.slack.views.privacy import forget_modal

log = logging.getLogger(__name__)
ERASED_KIND = "data_erased"


def forget_command(tandem: Tandem, request: CommandRequest) -> Result:
    """Open the confirmation modal: what will be deleted, and that it cannot be undone."""
    if request.args:
        text = " ".join(request.args)
        return reply(tandem.composer.render("privacy/usage.j2", command="forget-me", text=text))
    with tandem.sessions() as session:
        person = person_of(session, request.team_id, request.user_id)
        in_pair = bool(pairs_of(session, person, live=True))
    return open_modal(forget_modal(tandem.composer, in_pair=in_pair))


def forget(tandem: Tandem, *, team_id: str, user_id: str, view_id: str, now: datetime) -> Result:
    """Erase what Tandem keeps about the person; close the modal; tell the pair channels."""
    with tandem.sessions.begin() as session:
        if not first_time(session, [f"forget:{team_id}:{user_id}:{view_id}"], now):
            return done()
        person = person_of(session, team_id, user_id)
        if _already_forgotten(session, person):
            return done()
        ended = list(pairs_of(session, person, live=True))
        channels = [p.channel_id for p in ended if p.channel_id]
        for _name, part in tandem.wiring.personal:
            part.erase(session, person, now)
        _tell_owners(session, tandem, person, ended, now)
        plan(
            session,
            key=f"{ERASED_KIND}:{team_id}:{user_id}:{view_id}",
            team_id=team_id,
            kind=ERASED_KIND,
            recipient=user_id,
            due_at=now,
            now=now,
            payload={"text": tandem.composer.render("privacy/forgotten.j2", pairs=len(ended))},
        )
    return done(then=lambda: _tell_channels(tandem, team_id, channels))


def _already_forgotten(session: Session, person: Person) -> bool:
    if person.member_id is None:
        return False
    member = session.get(Member, person.member_id, with_for_update=True)
    return member is not None and member.forgotten_at is not None


def _tell_owners(
    session: Session, tandem: Tandem, person: Person, ended: list[Pair], now: datetime
) -> None:
    if not ended:
        return
    pairs = [{"mentor": p.mentor.user_id, "mentee": p.mentee.user_id} for p in ended]
    text = tandem.composer.render("privacy/member_left.j2", person=person.user_id, pairs=pairs)
    stamp = f"{now:%Y%m%dT%H%M%S}"
    for owner in program_owners(session, tandem.settings, person.team_id):
        if owner != person.user_id:
            plan(
                session,
                key=f"{NOTICE_KIND}:{person.team_id}:{person.user_id}:{owner}:program:{stamp}",
                team_id=person.team_id,
                kind=NOTICE_KIND,
                recipient=owner,
                due_at=now,
                now=now,
                payload={"text": text},
            )


def _tell_channels(tandem: Tandem, team_id: str, channels: list[str]) -> None:
    slack = tandem.slack_for(team_id)
    text = tandem.composer.render("privacy/channel_note.j2")
    for channel in channels:
        try:
            slack.post_message(channel, text)
        except SlackFailure as failure:
            log.warning("could not tell %s that the pair ended: %s", channel, failure)
