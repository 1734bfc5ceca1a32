"""Marking goals done: `/mentor goals` (every live pair of the person) or the Home tab's
button (one pair), a modal with each goal's progress and a "done" tick.

Both members of a pair may mark its goals. Only what the person changed in the modal is
applied (the modal remembers how each goal stood when it opened), so two people saving at
once do not undo each other. A goal newly done is a `goal_done` milestone (once per goal,
even if it is unticked and ticked again), recorded in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.milestones import MilestoneKind
from bot.domain.states import LIVE, Role
from bot.ids import BlockId
from bot.models import Goal, Pair
from bot.results import Result, field_errors, open_modal, replace_modal, reply
from bot.services.celebrations.recording import ShoutoutRules, record_milestone
from bot.services.people.members import known_member
from bot.slack.views.celebrations import GoalGroup, GoalRow, goals_done_modal, goals_saved_view
from bot.slack.wire import goals_done_block

MAX_PAIRS = 20  # a modal holds at most 100 blocks


def _refused(tandem: Tandem, reason: str, **context: str) -> str:
    return tandem.composer.render("celebrations/goals_refused.j2", reason=reason, **context)


def _pairs(session: Session, team_id: str, user_id: str, pair_id: int | None) -> list[Pair]:
    member = known_member(session, team_id, user_id)
    if member is None:
        return []
    query = (
        select(Pair)
        .where(Pair.team_id == team_id, Pair.status.in_(LIVE))
        .where(or_(Pair.mentor_id == member.id, Pair.mentee_id == member.id))
        .order_by(Pair.started_at.desc(), Pair.id.desc())
        .limit(MAX_PAIRS)
    )
    if pair_id is not None:
        query = query.where(Pair.id == pair_id)
    return list(session.scalars(query).unique())


def _group(session: Session, pair: Pair, user_id: str) -> GoalGroup:
    mine = Role.MENTOR if pair.mentor.user_id == user_id else Role.MENTEE
    partner = pair.mentee if mine == Role.MENTOR else pair.mentor
    goals = session.scalars(select(Goal).where(Goal.pair_id == pair.id).order_by(Goal.position))
    rows = [GoalRow(g.id, g.text, g.progress, g.done_at is not None) for g in goals]
    return GoalGroup(pair.id, mine, partner.display_name or partner.user_id, rows)


def goals_command(tandem: Tandem, request: CommandRequest) -> Result:
    if request.args:
        return reply(text=_refused(tandem, "usage", text=" ".join(request.args)))
    return open_goals_done(
        tandem, team_id=request.team_id, user_id=request.user_id, pair_id=None, now=request.now
    )


def open_goals_done(
    tandem: Tandem, *, team_id: str, user_id: str, pair_id: int | None, now: datetime
) -> Result:
    """The modal with the goals of the person's live pairs (or of the one pair clicked)."""
    with tandem.sessions() as session:
        pairs = _pairs(session, team_id, user_id, pair_id)
        if not pairs:
            return reply(text=_refused(tandem, "no_pair"))
        groups = [_group(session, pair, user_id) for pair in pairs]
    groups = [g for g in groups if g.goals]
    if not groups:
        return reply(text=_refused(tandem, "no_goals", role=_group_role(pairs, user_id)))
    return open_modal(goals_done_modal(tandem.composer, groups))


def _group_role(pairs: list[Pair], user_id: str) -> str:
    return Role.MENTEE if any(p.mentee.user_id == user_id for p in pairs) else Role.MENTOR


def save_goals_done(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    listed: dict[int, bool] | None,
    chosen: set[int],
    now: datetime,
) -> Result:
    """Apply the ticks the person changed; celebrate each goal newly done."""
    done: list[str] = []
    undone: list[str] = []
    with tandem.sessions.begin() as session:
        goals = session.scalars(select(Goal).where(Goal.id.in_(list(listed or {})))).all()
        allowed = {p.id: p for p in _pairs(session, team_id, user_id, None)}
        if listed is None or any(goal.pair_id not in allowed for goal in goals):
            first = goals_done_block(goals[0].pair_id) if goals else BlockId.GOALS_DONE
            return field_errors({first: _refused(tandem, "not_yours")})
        rules = ShoutoutRules.load(session, allowed.values())
        for goal in sorted(goals, key=lambda g: (g.pair_id, g.position)):
            tick = goal.id in chosen
            if tick == listed.get(goal.id) or tick == (goal.done_at is not None):
                continue  # not changed in this modal, or already so
            pair = allowed[goal.pair_id]
            if tick:
                goal.done_at, goal.done_by = now, user_id
                done.append(goal.text)
                record_milestone(
                    session,
                    tandem.composer,
                    pair,
                    MilestoneKind.GOAL_DONE,
                    now,
                    rules=rules,
                    ref=str(goal.id),
                    goal=goal.text,
                    by=user_id,
                )
            else:
                goal.done_at, goal.done_by = None, None
                undone.append(goal.text)
    text = tandem.composer.render("celebrations/goals_saved.j2", done=done, undone=undone)
    return replace_modal(goals_saved_view(tandem.composer, text))
