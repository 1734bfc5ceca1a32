"""Editing the mentee's goals on their own (from the Home tab), outside the full agreement."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.context import Tandem
from bot.domain.agreement import check_goals
from bot.domain.states import Role
from bot.models import AgreementPart, Pair
from bot.results import Result, done, open_modal
from bot.services.agreement.parts import (
    find_pair,
    goal_dicts,
    refusal,
    refuse_fields,
    save_goals,
    usable_pair,
)
from bot.services.agreement.text import refresh_combined
from bot.slack.gateway import SlackFailure
from bot.slack.views.agreement import goals_modal

log = logging.getLogger(__name__)


def open_goals(
    tandem: Tandem, *, team_id: str, user_id: str, pair_id: int | None, now: datetime
) -> Result:
    """The goals modal for the pair's mentee; anyone else is told why not."""
    with tandem.sessions() as session:
        pair = find_pair(session, team_id, pair_id)
        role = usable_pair(tandem, pair, user_id)
        if isinstance(role, Result):
            return role
        assert pair is not None
        if role != Role.MENTEE:
            return refusal(tandem, "goals_are_mentees", pair)
        view = goals_modal(
            tandem.composer,
            pair_id=pair.id,
            partner=pair.mentor.user_id,
            goals=goal_dicts(session, pair.id),
        )
    return open_modal(view=view)


def submit_goals(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    pair_id: int | None,
    values: dict[str, Any],
    now: datetime,
) -> Result:
    """Save the goals (and the mentee's part, if shared); tell the channel after the ack."""
    goals = check_goals(values)
    if isinstance(goals, dict):
        return refuse_fields(tandem, goals)
    with tandem.sessions.begin() as session:
        pair = find_pair(session, team_id, pair_id)
        if usable_pair(tandem, pair, user_id) != "mentee":
            return refuse_fields(tandem, {next(iter(values), ""): "not_in_pair"})
        assert pair is not None
        save_goals(session, pair.id, [(g.text, g.success) for g in goals], now)
        part = session.scalar(
            select(AgreementPart).where(
                AgreementPart.pair_id == pair.id, AgreementPart.role == Role.MENTEE
            )
        )
        if part is not None:
            part.data = {
                **part.data,
                "goals": [{"text": g.text, "success": g.success} for g in goals],
            }
        pair_id = pair.id
    return done(then=lambda: announce_goals(tandem, pair_id, user_id, now))


def announce_goals(tandem: Tandem, pair_id: int, user_id: str, now: datetime) -> None:
    with tandem.sessions() as session:
        pair = session.get(Pair, pair_id)
        assert pair is not None and pair.channel_id is not None
        text = tandem.composer.render(
            "agreement/goals_updated.j2",
            user=user_id,
            goals=goal_dicts(session, pair_id),
            pinned=pair.agreement_ts is not None,
        )
        channel, team = pair.channel_id, pair.team_id
    try:
        tandem.slack_for(team).post_message(channel, text)
    except SlackFailure as failure:
        log.warning("could not post the goals of pair %s: %s", pair_id, failure)
    refresh_combined(tandem, pair_id, now)
