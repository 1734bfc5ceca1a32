"""A shoutout channel Slack refuses: the shoutouts wait, and the owner hears about it once.

When Slack answers a shoutout with channel_not_found, is_archived or not_in_channel, the
batch's milestones and kudos go back to pending and the breakage is recorded for the saved
setting (bot/models/celebrations.py ShoutoutBreak). While that setting is unchanged nothing
more is tried; saving `/mentor settings` again (with this channel fixed, or another one)
makes a new setting, and the next pass sends what waited. Pair-channel celebrations are
deliveries of their own and never wait for this. The owner who chose the channel gets one
DM per breakage.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.kinds import post_payload
from bot.delivery.planning import dialect_insert, plan
from bot.models import Delivery, ProgramSettings, ShoutoutBreak
from bot.services.celebrations.shoutouts import MODELS, PENDING
from bot.services.program.owners import program_owners
from bot.slack.gateway import Posted, SlackFailure

log = logging.getLogger(__name__)

BROKEN = frozenset({"channel_not_found", "is_archived", "not_in_channel"})
NOTICE_KIND = "shoutout_broken"


def send_shoutout(tandem: Tandem, delivery: Delivery, now: datetime) -> Posted:
    """Post the batch; on a broken channel, keep its shoutouts and tell the owner."""
    try:
        return post_payload(tandem, delivery, now)
    except SlackFailure as failure:
        if failure.error in BROKEN:
            hold_shoutouts(tandem, delivery, failure.error, now)
        raise


def hold_shoutouts(tandem: Tandem, delivery: Delivery, error: str, now: datetime) -> None:
    setting = str(delivery.payload.get("setting") or delivery.recipient)
    log.warning(
        "shoutout channel %s of %s refused %s (%s): the shoutouts wait for a new setting",
        delivery.recipient,
        delivery.team_id,
        delivery.key,
        error,
    )
    with tandem.sessions.begin() as session:
        for model in MODELS:
            session.execute(
                update(model)
                .where(model.shoutout_key == delivery.key)
                .values(shoutout_state=PENDING, shoutout_key=None)
            )
        statement = (
            dialect_insert(session)(ShoutoutBreak)
            .values(
                team_id=delivery.team_id,
                setting=setting,
                channel_id=delivery.recipient,
                error=error,
                found_at=now,
            )
            .on_conflict_do_nothing(index_elements=["team_id", "setting"])
            .returning(ShoutoutBreak.id)
        )
        if session.execute(statement).first() is None:
            return  # this breakage was reported already
        text = tandem.composer.render(
            "celebrations/shoutout_broken.j2",
            channel=delivery.recipient,
            error=error,
            reason=tandem.composer.data("delivery/errors.toml").get(error),
        )
        for owner in owners_to_tell(session, tandem, delivery.team_id):
            plan(
                session,
                key=f"{NOTICE_KIND}:{delivery.team_id}:{setting}:{owner}",
                team_id=delivery.team_id,
                kind=NOTICE_KIND,
                recipient=owner,
                due_at=now,
                now=now,
                payload={"text": text},
            )


def owners_to_tell(session: Session, tandem: Tandem, team_id: str) -> list[str]:
    """The owner who last saved the settings; else the program's owners."""
    settings = session.get(ProgramSettings, team_id)
    if settings is not None and settings.updated_by:
        return [settings.updated_by]
    return program_owners(session, tandem.settings, team_id)
