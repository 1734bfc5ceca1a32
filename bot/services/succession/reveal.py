"""The reveal: both sides' ratings side by side, sent to both, and the "ready for the
role" milestone when both rated every area 4 or more two monthly rounds in a row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.planning import plan, rowcount
from bot.domain.milestones import MilestoneKind
from bot.domain.states import ReadinessState
from bot.domain.succession import is_ready, ready_twice, side_by_side
from bot.models import Pair, ReadinessRating, ReadinessRound
from bot.services.celebrations.recording import ShoutoutRules, record_milestone
from bot.services.succession.pairs import plan_of

KIND = "readiness_reveal"


def reveal(
    tandem: Tandem, session: Session, found: ReadinessRound, pair: Pair, now: datetime
) -> bool:
    """Reveal the round to both (once); False if it was revealed already."""
    ratings = {
        str(role): dict(given)
        for role, given in session.execute(
            select(ReadinessRating.role, ReadinessRating.ratings).where(
                ReadinessRating.round_id == found.id
            )
        )
    }
    areas = list(found.areas)
    mentee, mentor = ratings.get("mentee", {}), ratings.get("mentor", {})
    ready = is_ready(areas, mentee, mentor)
    claimed = session.execute(
        update(ReadinessRound)
        .where(ReadinessRound.id == found.id, ReadinessRound.state == ReadinessState.OPEN)
        .values(state=ReadinessState.REVEALED, revealed_at=now, ready=ready)
    )
    if not rowcount(claimed):
        return False
    rows = side_by_side(areas, mentee, mentor)
    plan_row = plan_of(session, pair.id)
    text = tandem.composer.render(
        "succession/reveal.j2",
        number=found.number,
        role=plan_row.target_role if plan_row else "",
        rows=rows,
        apart=[row.area for row in rows if row.apart],
        mentor=pair.mentor.user_id,
        mentee=pair.mentee.user_id,
    )
    for member in (pair.mentor, pair.mentee):
        plan(
            session,
            key=f"{KIND}:{found.id}:{member.user_id}",
            team_id=pair.team_id,
            kind=KIND,
            recipient=member.user_id,
            due_at=now,
            now=now,
            payload={"text": text},
        )
    session.expire(found)
    history = session.execute(
        select(ReadinessRound.number, ReadinessRound.ready).where(
            ReadinessRound.pair_id == pair.id, ReadinessRound.state != ReadinessState.OPEN
        )
    ).all()
    if ready_twice([(number, ready) for number, ready in history]):
        rules = ShoutoutRules.load(session, [pair])
        record_milestone(
            session, tandem.composer, pair, MilestoneKind.READY_FOR_ROLE, now, rules=rules
        )
    return True
