"""The target role and capability areas of a pair: in the mentee's part of the agreement,
and in `/mentor role` (the pair, or an owner naming the pair)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.audit import audit
from bot.commands.registry import CommandRequest
from bot.composer import Composer
from bot.context import Tandem
from bot.domain.pair_args import ArgsRefusal, parse_pair_args
from bot.domain.succession import Profile, check_profile
from bot.ids import BlockId
from bot.models import Pair, SuccessionPlan
from bot.results import Result, field_errors, open_modal, replace_modal
from bot.services.program.owners import is_owner
from bot.services.succession.pairs import (
    Refused,
    live_pair,
    member_pair,
    offered_areas,
    pair_of_members,
    plan_of,
    refusal,
    role_of,
)
from bot.slack.views.readiness import notice_modal
from bot.slack.views.succession import WORDS, ProfileFields, role_modal

BLOCKS = (BlockId.TARGET_ROLE, BlockId.AREAS, BlockId.OTHER_AREAS)


def agreement_fields(session: Session, composer: Composer, pair: Pair) -> ProfileFields:
    """What the role-and-areas fields of the mentee's agreement modal show."""
    plan = plan_of(session, pair.id)
    return ProfileFields(
        role=plan.target_role if plan else "",
        areas=list(plan.areas) if plan else [],
        offered=offered_areas(session, composer, pair),
    )


def check_fields(
    session: Session, composer: Composer, pair: Pair, values: Mapping[str, Any], *, required: bool
) -> Profile | dict[str, str]:
    """The role and areas a modal's values name, or error codes per field."""
    chosen = values.get(BlockId.AREAS)
    return check_profile(
        str(values.get(BlockId.TARGET_ROLE) or ""),
        [str(a) for a in chosen] if isinstance(chosen, list) else [],
        str(values.get(BlockId.OTHER_AREAS) or ""),
        offered_areas(session, composer, pair),
        blocks=BLOCKS,
        required=required,
    )


def error_words(composer: Composer, errors: Mapping[str, str]) -> dict[str, str]:
    words = composer.data(WORDS)["errors"]
    return {block: words[code] for block, code in errors.items()}


def save_plan(session: Session, pair: Pair, profile: Profile, user_id: str, now: datetime) -> None:
    """Keep the pair's role and areas (an empty profile from the agreement keeps nothing)."""
    if not profile.role and not profile.areas:
        return
    plan = plan_of(session, pair.id)
    if plan is None:
        plan = SuccessionPlan(pair_id=pair.id, team_id=pair.team_id)
        session.add(plan)
    plan.target_role, plan.areas = profile.role, list(profile.areas)
    plan.updated_by, plan.updated_at = user_id, now


def role_command(tandem: Tandem, request: CommandRequest) -> Result:
    """`/mentor role`: the pair's role and areas in a modal; owners name the pair."""
    try:
        with tandem.sessions() as session:
            if request.args:
                named = parse_pair_args(request.args, allow_channel=False)
                if isinstance(named, ArgsRefusal):
                    raise Refused("usage")
                pair = pair_of_members(session, request.team_id, named.mentor, named.mentee)
                mine = role_of(pair, request.user_id) is not None
                if not mine and not is_owner(
                    session, tandem.settings, request.team_id, request.user_id
                ):
                    raise Refused("not_in_pair", mentor=named.mentor, mentee=named.mentee)
            else:
                pair = member_pair(session, request.team_id, request.user_id, request.channel_id)
            plan = plan_of(session, pair.id)
            view = role_modal(
                tandem.composer,
                pair_id=pair.id,
                mentor=pair.mentor.user_id,
                mentee=pair.mentee.user_id,
                role=plan.target_role if plan else "",
                areas=list(plan.areas) if plan else [],
                offered=offered_areas(session, tandem.composer, pair),
            )
    except Refused as refused:
        return refusal(tandem, refused)
    return open_modal(view)


def save_role(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    pair_id: int | None,
    values: Mapping[str, Any],
    now: datetime,
) -> Result:
    """The `/mentor role` modal submitted by a member of the pair or an owner."""
    words = tandem.composer.data(WORDS)["errors"]
    with tandem.sessions.begin() as session:
        try:
            pair, _ = live_pair(session, team_id, pair_id, user_id)
        except Refused as refused:
            owner = is_owner(session, tandem.settings, team_id, user_id)
            found = session.get(Pair, pair_id) if pair_id and owner else None
            if found is None or refused.words["reason"] != "not_in_pair":
                return field_errors({BlockId.TARGET_ROLE: words["not_in_pair"]})
            pair = found
            audit(
                session,
                team_id=team_id,
                actor_id=user_id,
                action="succession.role",
                at=now,
                pair_id=pair.id,
            )
        checked = check_fields(session, tandem.composer, pair, values, required=True)
        if isinstance(checked, dict):
            return field_errors(error_words(tandem.composer, checked))
        save_plan(session, pair, checked, user_id, now)
    text = tandem.composer.render(
        "succession/saved.j2", what="role", role=checked.role, areas=checked.areas
    )
    return replace_modal(notice_modal(tandem.composer, "role", text))
