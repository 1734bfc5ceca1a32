"""Monthly readiness rounds, anchored to the check-in schedule.

The `readiness` sweep runs after the check-in planner: a member's check-in queued in a month
that has no round yet opens the pair's next round (at least three weeks after the last),
and each member's readiness DM goes out with their own check-in of that month. A round
closes 14 days after it opened; areas nobody rated stay unrated.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.composer import Composer
from bot.context import Tandem
from bot.delivery.planning import dialect_insert, plan, rowcount
from bot.domain.states import CheckInState, PairStatus, ReadinessState
from bot.domain.succession import ROUND_OPEN_FOR, round_due
from bot.models import CheckIn, Pair, ReadinessRound, SuccessionPlan
from bot.slack.views.readiness import readiness_message

KIND = "readiness"  # the DM with the button (its metadata kind)
BATCH = 500


def round_key(round_id: int, role: str) -> str:
    return f"readiness:{round_id}:{role}"


def readiness_rounds(tandem: Tandem, now: datetime) -> list[str]:
    """The `readiness` sweep."""
    with tandem.sessions.begin() as session:
        opened, prompts = _open_with_checkins(session, tandem.composer, now)
        closed = rowcount(
            session.execute(
                update(ReadinessRound)
                .where(ReadinessRound.state == ReadinessState.OPEN, ReadinessRound.closes_at <= now)
                .values(state=ReadinessState.CLOSED)
            )
        )
    return [f"readiness: {opened} rounds opened, {prompts} prompts planned, {closed} closed"]


def _open_with_checkins(session: Session, composer: Composer, now: datetime) -> tuple[int, int]:
    """Open rounds and plan prompts for the check-ins queued in this pass (still `queued`
    until the outbox sends them, so the state index finds exactly these)."""
    rows = session.execute(
        select(CheckIn.pair_id, CheckIn.role, CheckIn.period)
        .join(SuccessionPlan, SuccessionPlan.pair_id == CheckIn.pair_id)
        .where(CheckIn.state == CheckInState.QUEUED, CheckIn.due_at <= now)
        .order_by(CheckIn.due_at, CheckIn.id)
        .limit(BATCH)
    ).all()
    by_pair: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pair_id, role, period in rows:
        by_pair[pair_id].append((str(role), period[:7]))
    opened = prompts = 0
    for pair_id, checkins in by_pair.items():
        pair = session.get(Pair, pair_id)
        plan_row = session.get(SuccessionPlan, pair_id)
        if pair is None or plan_row is None or not plan_row.areas:
            continue
        if pair.status != PairStatus.ACTIVE:
            continue
        for side, month in checkins:
            found, new = _round_for(session, pair, list(plan_row.areas), month, now)
            opened += new
            if found is not None and found.state == ReadinessState.OPEN:
                prompts += _prompt(session, composer, pair, found, side, plan_row.target_role, now)
    return opened, prompts


def _round_for(
    session: Session, pair: Pair, areas: list[str], month: str, now: datetime
) -> tuple[ReadinessRound | None, bool]:
    """This month's round of the pair, opened now if one is due; (round, opened now)."""
    rounds = session.scalars(
        select(ReadinessRound)
        .where(ReadinessRound.pair_id == pair.id)
        .order_by(ReadinessRound.number)
    ).all()
    for existing in rounds:
        if existing.month == month:
            return existing, False
    last = rounds[-1] if rounds else None
    if not round_due(last.opened_at if last else None, last.month if last else None, month, now):
        return None, False
    inserted = session.execute(
        dialect_insert(session)(ReadinessRound)
        .values(
            team_id=pair.team_id,
            pair_id=pair.id,
            number=(last.number if last else 0) + 1,
            month=month,
            areas=areas,
            state=ReadinessState.OPEN,
            opened_at=now,
            closes_at=now + ROUND_OPEN_FOR,
        )
        .on_conflict_do_nothing()
        .returning(ReadinessRound.id)
    ).first()
    if inserted is None:  # another worker opened it first
        return None, False
    return session.get(ReadinessRound, int(inserted[0])), True


def _prompt(
    session: Session,
    composer: Composer,
    pair: Pair,
    found: ReadinessRound,
    role: str,
    target_role: str,
    now: datetime,
) -> int:
    member = pair.mentor if role == "mentor" else pair.mentee
    text, blocks = readiness_message(
        composer,
        round_id=found.id,
        number=found.number,
        role=target_role,
        viewer=role,
        mentee=pair.mentee.user_id,
    )
    return int(
        plan(
            session,
            key=round_key(found.id, role),
            team_id=pair.team_id,
            kind=KIND,
            recipient=member.user_id,
            due_at=now,
            now=now,
            payload={"text": text, "blocks": blocks},
        )
    )
