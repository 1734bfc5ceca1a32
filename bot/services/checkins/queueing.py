"""Queuing due check-ins: pick each person's question and plan the prompt in the outbox."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from bot.composer import Composer
from bot.delivery.planning import Planned, plan_many
from bot.domain.questions import Asked, Question, choose
from bot.domain.schedule import stage
from bot.domain.states import Role
from bot.models import CheckIn, Goal, Member, Pair
from bot.services.checkins.cards import card_for, questions
from bot.services.checkins.keys import CHECKIN_KIND, checkin_key
from bot.slack.views.checkins import CheckInCard, GoalLine, prompt_messages
from bot.slack.views.stencil import Stencil


@dataclass
class QueueItem:
    checkin: CheckIn
    member: Member
    pair: Pair


def histories(session: Session, member_ids: set[int]) -> dict[tuple[int, str], list[Asked]]:
    """What each member was asked in their current rotation round, per role, oldest first."""
    asked = CheckIn.question_id != ""
    latest = (
        select(
            CheckIn.member_id,
            CheckIn.role,
            func.max(CheckIn.question_round).label("round"),
        )
        .where(CheckIn.member_id.in_(member_ids), asked)
        .group_by(CheckIn.member_id, CheckIn.role)
        .subquery()
    )
    rows = session.execute(
        select(CheckIn.member_id, CheckIn.role, CheckIn.question_id, CheckIn.question_round)
        .join(
            latest,
            and_(
                CheckIn.member_id == latest.c.member_id,
                CheckIn.role == latest.c.role,
                CheckIn.question_round == latest.c.round,
            ),
        )
        .where(asked)
        .order_by(CheckIn.due_at, CheckIn.id)
    )
    found: dict[tuple[int, str], list[Asked]] = defaultdict(list)
    for member_id, role, question_id, round_ in rows:
        found[(member_id, role)].append(Asked(question_id, round_))
    return found


def goals_by_pair(session: Session, pair_ids: set[int]) -> dict[int, list[GoalLine]]:
    found: dict[int, list[GoalLine]] = defaultdict(list)
    if not pair_ids:
        return found
    goals = session.scalars(
        select(Goal).where(Goal.pair_id.in_(pair_ids)).order_by(Goal.pair_id, Goal.position)
    )
    for goal in goals:
        found[goal.pair_id].append(GoalLine(goal.id, goal.position, goal.text, goal.progress))
    return found


@dataclass
class _Batch:
    """What every check-in of one batch shares: the questions, histories and goals."""

    session: Session
    composer: Composer
    messages: Stencil[CheckInCard]
    pool: list[Question]
    early_weeks: int
    asked: dict[tuple[int, str], list[Asked]]
    goals: dict[int, list[GoalLine]]

    def queue(self, item: QueueItem) -> Planned:
        checkin, member, pair = item.checkin, item.member, item.pair
        history = self.asked[(member.id, checkin.role)]
        phase = stage(pair.started_at, checkin.due_at, self.early_weeks)
        choice = choose(self.pool, checkin.role, phase, history)
        history.append(Asked(choice.question.id, choice.round))  # two pairs, one batch
        checkin.question_id, checkin.question_round = choice.question.id, choice.round
        goals = self.goals[pair.id] if checkin.role == Role.MENTEE else []
        card = card_for(self.session, self.composer, checkin, member=member, pair=pair, goals=goals)
        (text, blocks), (reminder_text, reminder_blocks) = self.messages(card)
        return Planned(
            key=checkin_key(pair.id, member.id, checkin.period),
            team_id=pair.team_id,
            kind=CHECKIN_KIND,
            recipient=member.user_id,
            due_at=checkin.due_at,
            payload={
                "text": text,
                "blocks": blocks,
                "reminder": {"text": reminder_text, "blocks": reminder_blocks},
                # What the after_sent hook needs, so it looks nothing else up.
                "checkin": {"id": checkin.id, "tz": member.tz},
            },
        )


def queue_checkins(
    session: Session,
    composer: Composer,
    items: list[QueueItem],
    now: datetime,
    messages: Stencil[CheckInCard] | None = None,
) -> None:
    """Give each due check-in its question and plan its DM (and its reminder's words), all
    in one statement. `messages` keeps the shapes it built for the next batch of a pass."""
    if not items:
        return
    batch = _Batch(
        session=session,
        composer=composer,
        messages=messages or prompt_messages(composer),
        pool=list(questions(composer).values()),
        early_weeks=int(composer.data("checkins/questions.toml").get("early_weeks", 4)),
        asked=histories(session, {item.member.id for item in items}),
        goals=goals_by_pair(session, {i.pair.id for i in items if i.checkin.role == Role.MENTEE}),
    )
    with session.no_autoflush:  # one batched UPDATE at the end, not one per check-in
        planned = [batch.queue(item) for item in items]
    plan_many(session, planned, now)
