"""`/mentor kudos @person text`: thanking one's partner, in the pair channel and beyond.

Only a member of a live pair can give kudos, and only to their partner in it (a giver in
several pairs: the pair they share with the recipient). The text is the giver's own words,
escaped so that it cannot mention anyone or notify a channel. It is posted in the pair
channel at once and, unless the recipient opted out, waits for the next shoutout batch.
"""

from __future__ import annotations

import logging

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.kudos import KudosArgs, KudosRefusal, parse_kudos
from bot.domain.states import LIVE, ShoutoutState
from bot.models import Kudos, Member, Pair
from bot.results import Result, reply
from bot.services.celebrations.recording import ShoutoutRules
from bot.services.celebrations.words import kudos_text
from bot.services.pairs.creating import live_pair
from bot.services.people.members import find_person
from bot.slack.gateway import SlackFailure

log = logging.getLogger(__name__)


class Refused(Exception):
    def __init__(self, reason: str, **context: str) -> None:
        super().__init__(reason)
        self.reason, self.context = reason, context


def shared_pair(session: Session, team_id: str, giver: str, recipient: str) -> Pair | None:
    """The live pair of these two people, in either role."""
    return live_pair(session, team_id, giver, recipient) or live_pair(
        session, team_id, recipient, giver
    )


def _not_shared(tandem: Tandem, session: Session, request: CommandRequest, recipient: str) -> str:
    """Why there is no pair to post in: a bot, no pair at all, or someone else's partner."""
    try:
        person = find_person(tandem, session, request.team_id, recipient, request.now)
    except SlackFailure:
        person = None
    if person is not None and person.is_bot:
        return "bot"
    mine = select(Member.id).where(
        Member.team_id == request.team_id, Member.user_id == request.user_id
    )
    in_a_pair = session.scalar(
        select(Pair.id)
        .where(Pair.status.in_(LIVE))
        .where(or_(Pair.mentor_id.in_(mine), Pair.mentee_id.in_(mine)))
        .limit(1)
    )
    return "not_partner" if in_a_pair else "no_pair"


def kudos_command(tandem: Tandem, request: CommandRequest) -> Result:
    parsed = parse_kudos(request.args)
    try:
        if isinstance(parsed, KudosRefusal):
            raise Refused(parsed.problem, token=parsed.token)
        if parsed.recipient == request.user_id:
            raise Refused("self")
        posted_in, public = give_kudos(tandem, request, parsed)
    except Refused as refused:
        return reply(
            text=tandem.composer.render(
                "celebrations/kudos.j2", reason=refused.reason, **refused.context
            )
        )
    return reply(
        text=tandem.composer.render(
            "celebrations/kudos.j2",
            reason=None,
            recipient=parsed.recipient,
            channel=posted_in,
            public=public,
        )
    )


def give_kudos(tandem: Tandem, request: CommandRequest, kudos: KudosArgs) -> tuple[str, bool]:
    """Record and post the kudos; (the pair channel, whether it waits for a shoutout)."""
    with tandem.sessions.begin() as session:
        pair = shared_pair(session, request.team_id, request.user_id, kudos.recipient)
        if pair is None:
            reason = _not_shared(tandem, session, request, kudos.recipient)
            raise Refused(reason, recipient=kudos.recipient)
        if pair.channel_id is None:
            raise Refused("no_channel", recipient=kudos.recipient)
        giver, recipient = (
            (pair.mentor, pair.mentee)
            if pair.mentor.user_id == request.user_id
            else (pair.mentee, pair.mentor)
        )
        rules = ShoutoutRules.load(session, [pair])
        public = rules.allows(pair.team_id, recipient.user_id)
        row = Kudos(
            team_id=pair.team_id,
            pair_id=pair.id,
            giver_id=giver.id,
            recipient_id=recipient.id,
            text=kudos.text,
            shoutout_state=ShoutoutState.PENDING if public else None,
            created_at=request.now,
        )
        session.add(row)
        text = kudos_text(
            tandem.composer, giver=giver.user_id, recipient=recipient.user_id, text=kudos.text
        )
        try:
            # Inside the transaction: if Slack refuses, nothing is recorded either.
            row.channel_ts = tandem.slack_for(pair.team_id).post_message(pair.channel_id, text).ts
        except SlackFailure as failure:
            log.warning("could not post kudos in %s: %s", pair.channel_id, failure.error)
            raise Refused("not_posted", error=failure.error, channel=pair.channel_id) from None
        return pair.channel_id, public
