"""The Slack side of an answer: the DM updated in place, and a shared reflection posted.

A reflection only ever leaves the person's DM when they chose to share it, and then only to
their own pair channel, attributed to them and escaped so it cannot mention anyone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.models import CheckIn, Member, Pair
from bot.services.checkins.cards import card_for, question_text
from bot.slack.gateway import SlackFailure
from bot.slack.origin import Origin
from bot.slack.views.checkins import CheckInCard, checkin_message

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DmRefresh:
    """The check-in DM as it should look now; sent once the answer is committed."""

    team_id: str
    channel_id: str | None
    ts: str | None
    card: CheckInCard

    def send(self, tandem: Tandem, origin: Origin | None = None) -> None:
        """Update the check-in DM to show what is saved: through the click's response_url
        when the click came from this DM (`origin`), else with chat.update. chat.update is
        Tier 3 (about 50 a minute in a workspace), too few for a program whose people
        answer as their prompts arrive; the response_url has no such limit."""
        if not self.channel_id or not self.ts:
            return
        text, blocks = checkin_message(tandem.composer, self.card)
        slack = tandem.slack_for(self.team_id)
        if origin is not None and (origin.channel_id, origin.message_ts) == (
            self.channel_id,
            self.ts,
        ):
            try:
                slack.replace_message(origin.response_url, text, blocks=blocks)
                return
            except SlackFailure as failure:
                log.info("check-in %s: response_url failed (%s)", self.card.checkin_id, failure)
        try:
            slack.update_message(self.channel_id, self.ts, text, blocks=blocks)
        except SlackFailure as failure:
            log.warning("could not update check-in %s: %s", self.card.checkin_id, failure.error)


def dm_refresh(
    tandem: Tandem, session: Session, checkin: CheckIn, member: Member, pair: Pair
) -> DmRefresh:
    """What the check-in DM should show now, read inside the answer's transaction."""
    checkin.dm_revision = (checkin.dm_revision or 0) + 1
    card = card_for(session, tandem.composer, checkin, member=member, pair=pair)
    return DmRefresh(pair.team_id, checkin.channel_id, checkin.message_ts, card)


def publish_share(
    tandem: Tandem, session: Session, checkin: CheckIn, member: Member, pair: Pair
) -> str | None:
    """Post, update or withdraw the shared copy in the pair channel; Slack's error if any.

    Runs inside the caller's transaction after the answer was flushed, so two clicks cannot
    both post: the second waits for the first and sees its shared_ts.
    """
    session.flush()
    channel = pair.channel_id
    if channel is None:
        return None
    slack = tandem.slack_for(pair.team_id)
    try:
        if checkin.shared and checkin.reflection:
            text = tandem.composer.render(
                "checkins/shared.j2",
                author=member.user_id,
                question=question_text(tandem.composer, checkin.question_id),
                lines=checkin.reflection.splitlines() or [""],
            )
            if checkin.shared_ts:
                slack.update_message(channel, checkin.shared_ts, text)
            else:
                checkin.shared_ts = slack.post_message(channel, text).ts
        elif not checkin.shared and checkin.shared_ts:
            text = tandem.composer.render("checkins/withdrawn.j2", author=member.user_id)
            slack.update_message(channel, checkin.shared_ts, text)
            checkin.shared_ts = None
    except SlackFailure as failure:
        log.warning("could not share check-in %s: %s", checkin.id, failure.error)
        return failure.error
    return None
