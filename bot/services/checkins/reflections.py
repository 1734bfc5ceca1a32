"""The reflection: written in the modal the Reflect button opens, or replied in the DM."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.ids import BlockId
from bot.results import Result, done, field_errors, open_modal
from bot.services.checkins.access import Found, find_for_action
from bot.services.checkins.answers import mark_answered, refusal
from bot.services.checkins.cards import card_for
from bot.services.checkins.publish import DmRefresh, dm_refresh, publish_share
from bot.slack.views.checkins import REFLECTION_LIMIT, reflection_modal

log = logging.getLogger(__name__)


def open_reflection(
    tandem: Tandem, *, team_id: str, user_id: str, checkin_id: int | None, now: datetime
) -> Result:
    """The Reflect button: the modal with the question and what was written so far."""
    with tandem.sessions() as session:
        found = find_for_action(session, checkin_id, team_id=team_id, user_id=user_id)
        if isinstance(found, str):
            return refusal(tandem, found)
        card = card_for(
            session, tandem.composer, found.checkin, member=found.member, pair=found.pair
        )
    return open_modal(view=reflection_modal(tandem.composer, card))


def _problem(tandem: Tandem, text: str) -> str | None:
    if not text.strip():
        return tandem.composer.render("checkins/reflection_errors.j2", problem="empty")
    if len(text) > REFLECTION_LIMIT:
        return tandem.composer.render(
            "checkins/reflection_errors.j2",
            problem="too_long",
            limit=REFLECTION_LIMIT,
            length=len(text),
        )
    return None


def publish_and_refresh(tandem: Tandem, session: Session, found: Found) -> DmRefresh:
    """Share (or update the shared copy); the DM's new look, to send after the commit."""
    publish_share(tandem, session, found.checkin, found.member, found.pair)
    return dm_refresh(tandem, session, found.checkin, found.member, found.pair)


def save_reflection(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    checkin_id: int | None,
    text: str,
    share: bool,
    now: datetime,
) -> Result:
    """The modal's submission: refused on the field (the words stay in the modal) or saved.

    The text is stored exactly as written. Posting a shared copy and updating the DM happen
    after Slack has been answered.
    """
    problem = _problem(tandem, text)
    if problem:
        return field_errors({BlockId.REFLECTION: problem})
    with tandem.sessions.begin() as session:
        found = find_for_action(session, checkin_id, team_id=team_id, user_id=user_id)
        if isinstance(found, str):
            message = tandem.composer.render(
                "checkins/reflection_errors.j2", problem="refused", reason=found, action="change"
            )
            return field_errors({BlockId.REFLECTION: message})
        if share and found.pair.channel_id is None:
            message = tandem.composer.render("checkins/share_failed.j2", error=None)
            return field_errors({BlockId.REFLECTION_SHARE: message})
        found.checkin.reflection, found.checkin.shared = text, share
        mark_answered(session, found.checkin, now)
        saved = found.checkin.id

    def publish() -> None:
        with tandem.sessions.begin() as later:
            again = find_for_action(later, saved, team_id=team_id, user_id=user_id)
            refresh = (
                publish_and_refresh(tandem, later, again) if isinstance(again, Found) else None
            )
        if refresh is not None:
            refresh.send(tandem)

    return done(then=publish)
