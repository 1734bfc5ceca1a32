"""What a pair has had and how it is doing: the tips it saw and the signals that choose
its next theme, read in a few set-based queries for a batch of pairs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.delivery.planning import dialect_insert, rowcount
from bot.domain.coaching import trust_low
from bot.domain.tips import PairSignals, Seen, Tip, choose_tip, wanted_themes
from bot.models import CheckIn, Feedback, Goal, Pair, TipSent
from bot.services.agreement.text import CLAIMED

RECENT_PULSES = 4  # the mentee's last pulses that say whether trust is low
PULSES_WITHIN = timedelta(weeks=8)


def seen_tips(session: Session, pair_ids: Sequence[int]) -> dict[int, dict[str, Seen]]:
    """Each pair's tips so far: how often, and when last."""
    found: dict[int, dict[str, Seen]] = defaultdict(dict)
    rows = session.execute(
        select(TipSent.pair_id, TipSent.tip_id, TipSent.rounds, TipSent.sent_at).where(
            TipSent.pair_id.in_(pair_ids)
        )
    )
    for pair_id, tip_id, rounds, sent_at in rows:
        found[pair_id][tip_id] = Seen(rounds=rounds, last_sent=sent_at)
    return found


def pair_signals(session: Session, pairs: Sequence[Pair], now: datetime) -> dict[int, PairSignals]:
    """Each pair's stage and recent signals (four queries for the whole batch)."""
    ids = [pair.id for pair in pairs]
    pulses: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for pair_id, period, pulse in session.execute(
        select(CheckIn.pair_id, CheckIn.period, CheckIn.pulse)
        .join(Pair, Pair.id == CheckIn.pair_id)
        .where(
            CheckIn.pair_id.in_(ids),
            CheckIn.member_id == Pair.mentee_id,
            CheckIn.pulse.is_not(None),
            CheckIn.due_at >= now - PULSES_WITHIN,
        )
    ):
        pulses[pair_id].append((period, int(pulse or 0)))
    feedback = {
        pair_id: at
        for pair_id, at in session.execute(
            select(Feedback.pair_id, func.max(Feedback.created_at))
            .where(Feedback.pair_id.in_(ids))
            .group_by(Feedback.pair_id)
        )
    }
    goals = {
        pair_id: at
        for pair_id, at in session.execute(
            select(Goal.pair_id, func.max(Goal.done_at))
            .where(Goal.pair_id.in_(ids), Goal.done_at.is_not(None))
            .group_by(Goal.pair_id)
        )
    }
    return {
        pair.id: PairSignals(
            started_at=pair.started_at,
            agreement_set=pair.agreement_ts not in (None, CLAIMED),
            low_pulse=trust_low([p for _, p in sorted(pulses[pair.id])][-RECENT_PULSES:]),
            last_feedback_at=feedback.get(pair.id),
            last_goal_done_at=goals.get(pair.id),
        )
        for pair in pairs
    }


def next_tip(
    library: Sequence[Tip], seen: dict[str, Seen], signals: PairSignals, pair_id: int, now: datetime
) -> Tip:
    return choose_tip(library, seen, wanted_themes(signals, now), seed=pair_id)


def record_sent(session: Session, pair_id: int, tip_id: str, rounds: int, now: datetime) -> bool:
    """Count the tip as had once more, if the pair had had it `rounds` times until now
    (compare and set: of two that try at once, one wins)."""
    if rounds == 0:
        statement = (
            dialect_insert(session)(TipSent)
            .values(pair_id=pair_id, tip_id=tip_id, rounds=1, sent_at=now)
            .on_conflict_do_nothing(index_elements=["pair_id", "tip_id"])
            .returning(TipSent.id)
        )
        return session.execute(statement).first() is not None
    result = session.execute(
        update(TipSent)
        .where(TipSent.pair_id == pair_id, TipSent.tip_id == tip_id, TipSent.rounds == rounds)
        .values(rounds=rounds + 1, sent_at=now)
    )
    return rowcount(result) == 1
