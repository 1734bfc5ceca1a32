"""The mentee's monthly self-assessment: a percent and a note on each open goal, which
becomes the goal's progress (the note stays with the mentee)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.domain.feedback import ASSESSMENT_NOTE_LIMIT, check_assessment
from bot.domain.schedule import zone
from bot.ids import BlockId
from bot.models import Goal, GoalAssessment
from bot.results import Result, field_errors, open_modal, replace_modal, reply
from bot.services.feedback.access import partners_in
from bot.slack.views.feedback import GoalRow, assessment_modal, message_modal
from bot.slack.wire import assessment_block


def _open_goals(session: Session, pair_id: int) -> list[Goal]:
    return list(
        session.scalars(
            select(Goal)
            .where(Goal.pair_id == pair_id, Goal.done_at.is_(None))
            .order_by(Goal.position)
        )
    )


def open_assessment(
    tandem: Tandem, *, team_id: str, user_id: str, pair_id: int | None, now: datetime
) -> Result:
    with tandem.sessions() as session:
        found = partners_in(session, team_id, user_id, pair_id)
        words = tandem.composer.data("feedback/words.toml")["errors"]
        if found is None or found.pair.mentee_id != found.me.id:
            return reply(text=words["not_your_goals"])
        goals = [GoalRow(g.id, g.text, g.progress) for g in _open_goals(session, found.pair.id)]
        if not goals:
            return reply(tandem.composer.render("feedback/refused.j2", reason="no_goals", user=""))
        view = assessment_modal(tandem.composer, found.pair.id, goals)
    return open_modal(view)


def save_assessment(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    pair_id: int | None,
    entries: dict[int, tuple[object, object]],
    now: datetime,
) -> Result:
    """Each open goal's percent becomes its progress; one assessment per goal and month
    (a second submission in the month replaces the first)."""
    words = tandem.composer.data("feedback/words.toml")["errors"]
    with tandem.sessions.begin() as session:
        found = partners_in(session, team_id, user_id, pair_id, lock=True)
        if found is None or found.pair.mentee_id != found.me.id:
            first = next(iter(entries), 0)
            block = assessment_block(BlockId.ASSESS_PROGRESS, first)
            return field_errors({block: words["not_your_goals"]})
        goals = {g.id: g for g in _open_goals(session, found.pair.id)}
        checked = check_assessment({g: entries.get(g, (None, None)) for g in goals})
        if checked.problems:
            return field_errors(
                {
                    assessment_block(
                        BlockId.ASSESS_PROGRESS if part == "progress" else BlockId.ASSESS_NOTE,
                        goal,
                    ): tandem.composer.render_text(words[code], limit=ASSESSMENT_NOTE_LIMIT)
                    for (goal, part), code in checked.problems.items()
                }
            )
        month = now.astimezone(zone(found.me.tz)).strftime("%Y-%m")
        for goal_id, (percent, note) in checked.chosen.items():
            goal = goals[goal_id]
            goal.progress, goal.updated_at = percent, now
            row = session.scalar(
                select(GoalAssessment).where(
                    GoalAssessment.goal_id == goal_id, GoalAssessment.month == month
                )
            )
            if row is None:
                row = GoalAssessment(pair_id=found.pair.id, goal_id=goal_id, month=month)
                session.add(row)
            row.progress, row.note, row.assessed_at = percent, note, now
    text = tandem.composer.render("feedback/assessment_saved.j2")
    return replace_modal(message_modal(tandem.composer, text, title="assessment_title"))
