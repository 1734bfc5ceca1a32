"""The mentorship agreement: opening the right modal, saving each part, pinning the whole.

Each member fills in the part for their role. A part is saved before anything is posted, so
nothing anyone wrote is lost if Slack is slow; then it is posted to the pair channel, and
when both parts are in, the combined agreement is posted and pinned and the milestone
recorded (celebrated on the next scheduler pass, bot/services/celebrations/).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.domain.agreement import MenteePart, MentorPart, check_mentee_part, check_mentor_part
from bot.domain.states import FINISHED, Role
from bot.domain.succession import Profile
from bot.models import AgreementPart, Goal, Pair
from bot.results import Result, done, field_errors, open_modal, reply
from bot.services.agreement.reminders import cancel_reminders
from bot.services.agreement.text import post_combined, refresh_combined
from bot.services.succession import profiles as succession
from bot.slack.gateway import SlackFailure
from bot.slack.views.agreement import mentee_modal, mentor_modal, part_message

log = logging.getLogger(__name__)


def role_in(pair: Pair, user_id: str) -> str | None:
    if pair.mentor.user_id == user_id:
        return "mentor"
    if pair.mentee.user_id == user_id:
        return "mentee"
    return None


def find_pair(session: Session, team_id: str, pair_id: int | None) -> Pair | None:
    """The pair the payload names, if it is in this workspace (membership is checked next)."""
    pair = session.get(Pair, pair_id) if pair_id else None
    return pair if pair is not None and pair.team_id == team_id else None


def goal_dicts(session: Session, pair_id: int) -> list[dict[str, str]]:
    goals = session.scalars(select(Goal).where(Goal.pair_id == pair_id).order_by(Goal.position))
    return [{"text": g.text, "success": g.success or ""} for g in goals]


def part_data(session: Session, pair_id: int, role: str) -> dict[str, Any] | None:
    part = session.scalar(
        select(AgreementPart).where(AgreementPart.pair_id == pair_id, AgreementPart.role == role)
    )
    return dict(part.data) if part is not None else None


def refusal(tandem: Tandem, reason: str, pair: Pair | None = None) -> Result:
    people = {"mentor": pair.mentor.user_id, "mentee": pair.mentee.user_id} if pair else {}
    return reply(text=tandem.composer.render("agreement/refused.j2", reason=reason, **people))


def usable_pair(tandem: Tandem, pair: Pair | None, user_id: str) -> Result | str:
    """The person's role in a pair they may edit, or the refusal to show them."""
    if pair is None:
        return refusal(tandem, "no_pair")
    role = role_in(pair, user_id)
    if role is None:
        return refusal(tandem, "not_in_pair", pair)
    if pair.status in FINISHED:
        return refusal(tandem, "ended", pair)
    if pair.channel_id is None:
        return refusal(tandem, "no_channel", pair)
    return role


def open_agreement(
    tandem: Tandem, *, team_id: str, user_id: str, pair_id: int | None, now: datetime
) -> Result:
    """The agreement modal for the clicker's role (prefilled if they shared it before)."""
    with tandem.sessions() as session:
        pair = find_pair(session, team_id, pair_id)
        role = usable_pair(tandem, pair, user_id)
        if isinstance(role, Result):
            return role
        assert pair is not None
        data = part_data(session, pair.id, role)
        if role == Role.MENTEE:
            view = mentee_modal(
                tandem.composer,
                pair_id=pair.id,
                partner=pair.mentor.user_id,
                data=data,
                goals=goal_dicts(session, pair.id),
                profile=succession.agreement_fields(session, tandem.composer, pair),
            )
        else:
            view = mentor_modal(
                tandem.composer, pair_id=pair.id, partner=pair.mentee.user_id, data=data
            )
    return open_modal(view=view)


def refuse_fields(tandem: Tandem, errors: dict[str, str]) -> Result:
    words = tandem.composer.data("agreement/words.toml")["errors"]
    return field_errors({block: words[code] for block, code in errors.items()})


def submit_part(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    role: str,
    pair_id: int | None,
    values: dict[str, Any],
    now: datetime,
) -> Result:
    """Check and save one member's part; posting to the channel happens after the ack."""
    offers = list(tandem.composer.data("agreement/words.toml")["offers"])
    checked = (
        check_mentee_part(values) if role == Role.MENTEE else check_mentor_part(values, offers)
    )
    if isinstance(checked, dict):
        return refuse_fields(tandem, checked)
    with tandem.sessions.begin() as session:
        pair = find_pair(session, team_id, pair_id)
        actual = usable_pair(tandem, pair, user_id)
        if actual != role:
            # Not this person's part (any more): keep the modal open and say why on a field.
            return refuse_fields(tandem, {next(iter(values), ""): "not_in_pair"})
        assert pair is not None
        profile = None
        if role == Role.MENTEE:  # the target role and its areas, if named
            profile = succession.check_fields(
                session, tandem.composer, pair, values, required=False
            )
            if isinstance(profile, dict):
                return field_errors(succession.error_words(tandem.composer, profile))
        updated = save_part(session, pair, role, checked, user_id, now)
        if isinstance(profile, Profile):
            succession.save_plan(session, pair, profile, user_id, now)
        cancel_reminders(session, pair.id, "part submitted", roles=(role,))
    return done(
        then=lambda: publish_part(tandem, pair_id=pair.id, role=role, updated=updated, now=now)
    )


def save_part(
    session: Session,
    pair: Pair,
    role: str,
    part: MenteePart | MentorPart,
    user_id: str,
    now: datetime,
) -> bool:
    """Store the part (and the mentee's goals); True if it replaced an earlier one."""
    row = session.scalar(
        select(AgreementPart).where(AgreementPart.pair_id == pair.id, AgreementPart.role == role)
    )
    updated = row is not None
    if row is None:
        row = AgreementPart(pair_id=pair.id, role=role)
        session.add(row)
    row.data, row.submitted_by, row.submitted_at = part.to_data(), user_id, now
    if isinstance(part, MenteePart):
        save_goals(session, pair.id, [(g.text, g.success) for g in part.goals], now)
    return updated


def save_goals(session: Session, pair_id: int, goals: list[tuple[str, str]], now: datetime) -> None:
    """Goals by position: changed ones are updated (keeping progress), extra ones removed."""
    existing = {g.position: g for g in session.scalars(select(Goal).where(Goal.pair_id == pair_id))}
    for position, (text, success) in enumerate(goals, start=1):
        goal = existing.pop(position, None)
        if goal is None:
            session.add(
                Goal(pair_id=pair_id, position=position, text=text, success=success, created_at=now)
            )
        elif (goal.text, goal.success) != (text, success):
            goal.text, goal.success, goal.updated_at = text, success, now
    for goal in existing.values():
        session.delete(goal)


def publish_part(tandem: Tandem, *, pair_id: int, role: str, updated: bool, now: datetime) -> None:
    """Post the part to the pair channel; pin the agreement once both parts are in."""
    with tandem.sessions() as session:
        pair = session.get(Pair, pair_id)
        assert pair is not None
        mine = part_data(session, pair_id, role)
        other_role = "mentee" if role == Role.MENTOR else "mentor"
        complete = part_data(session, pair_id, other_role) is not None
        user = pair.mentor.user_id if role == Role.MENTOR else pair.mentee.user_id
        other = pair.mentee.user_id if role == Role.MENTOR else pair.mentor.user_id
        channel, pinned, team = pair.channel_id, pair.agreement_ts, pair.team_id
    assert mine is not None and channel is not None
    if role == Role.MENTEE:
        with tandem.sessions() as session:
            mine["goals"] = goal_dicts(session, pair_id)
    text, blocks = part_message(
        tandem.composer,
        role=role,
        user=user,
        data=mine,
        updated=updated,
        waiting_for=None if complete else other,
    )
    try:
        tandem.slack_for(team).post_message(channel, text, blocks=blocks)
    except SlackFailure as failure:
        log.warning("could not post the %s part of pair %s: %s", role, pair_id, failure)
    if complete and pinned:
        refresh_combined(tandem, pair_id, now)
    elif complete:
        post_combined(tandem, pair_id, now)
