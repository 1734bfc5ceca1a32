"""Private coaching for a mentor whose mentee's trust pulse fell (the `coaching` sweep).

Looks only at mentees' pulses given (or changed) since the last pass looked (less a margin
for answers still being committed), by the index on `checkins.pulse_at`, with the watermark
in `job_runs`; a quiet pass costs one read. A fall (bot/domain/coaching.py) plans one DM to the
mentor, kind `coaching_tip`, due the mentor's next working day after the round the pulse
answered. Its key names the mentor and their calendar week, so a mentor gets at most one a
week however many falls (or workers) there are. The message is a general tip from the
coaching themes: nothing of the mentee's answer, not even that there was one, is in it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.planning import plan
from bot.domain.coaching import coaching_due, coaching_key, coaching_week, pulse_fell
from bot.domain.states import PairStatus, Role
from bot.domain.tips import COACHING_THEMES, Tip, stable_seed
from bot.models import CheckIn, Delivery, JobRun, Member, Pair, UTCDateTime
from bot.scheduler.sweeps import mark_run_in
from bot.services.tips.library import theme_names, tip_library
from bot.slack.views.tips import tip_message

KIND = "coaching_tip"
WATERMARK = "coaching.pulses"  # job_runs: pulses after this instant are still to look at
MARGIN = timedelta(minutes=15)
FIRST_LOOK = timedelta(days=1)
CHUNK = 1000  # pair IDs per query


def coach_mentors(tandem: Tandem, now: datetime) -> list[str]:
    """The `coaching` sweep."""
    with tandem.sessions.begin() as session:
        pulses = _pulses_lately(session, now)
        history = _earlier_pulses(session, pulses)
        planned = sum(
            _coach(tandem, session, checkin, history[(checkin.pair_id, checkin.member_id)], now)
            for checkin in pulses
        )
        if pulses:
            mark_run_in(session, WATERMARK, now - MARGIN)
    return [f"coaching: {planned} planned for mentors"]


def _pulses_lately(session: Session, now: datetime) -> list[CheckIn]:
    """Mentees' check-ins whose pulse was given or changed since the watermark."""
    watermark = select(JobRun.last_run_at).where(JobRun.name == WATERMARK).scalar_subquery()
    first_look = bindparam("first_look", now - FIRST_LOOK, type_=UTCDateTime())
    return list(
        session.scalars(
            select(CheckIn)
            .where(
                CheckIn.pulse_at > func.coalesce(watermark, first_look),
                CheckIn.role == Role.MENTEE,
                CheckIn.pulse.is_not(None),
            )
            .order_by(CheckIn.pulse_at, CheckIn.id)
        )
    )


Pulses = dict[tuple[int, int], list[tuple[str, int]]]  # (pair, mentee) -> (period, pulse)


def _earlier_pulses(session: Session, checkins: list[CheckIn]) -> Pulses:
    """Every pulse of these mentees in these pairs, by period: one query for a whole pass
    (a pass after a fan-out may look at thousands of pulses), not one per pulse."""
    found: Pulses = defaultdict(list)
    pair_ids = sorted({c.pair_id for c in checkins})
    for start in range(0, len(pair_ids), CHUNK):
        rows = session.execute(
            select(CheckIn.pair_id, CheckIn.member_id, CheckIn.period, CheckIn.pulse)
            .where(
                CheckIn.pair_id.in_(pair_ids[start : start + CHUNK]),
                CheckIn.role == Role.MENTEE,
                CheckIn.pulse.is_not(None),
            )
            .order_by(CheckIn.period)
        )
        for pair_id, member_id, period, pulse in rows:
            found[(pair_id, member_id)].append((period, int(pulse or 0)))
    return found


def _coach(
    tandem: Tandem,
    session: Session,
    checkin: CheckIn,
    pulses: list[tuple[str, int]],
    now: datetime,
) -> bool:
    """Plan the mentor's coaching if this pulse is a fall (`pulses`: the mentee's pulses in
    the pair by period); True if it was planned now."""
    earlier = [pulse for period, pulse in pulses if period < checkin.period]
    if not pulse_fell(earlier, int(checkin.pulse or 0)):
        return False
    pair = session.get(Pair, checkin.pair_id)
    if pair is None or pair.status != PairStatus.ACTIVE or pair.mentor.deleted:
        return False
    mentor = pair.mentor
    # From the pulse's own time, not the pass's: a pass that looks at it again (within the
    # margin) finds the same due time, so the same week and key.
    due = coaching_due(checkin.due_at, mentor.tz, checkin.pulse_at or now)
    if mentor.paused_until is not None and mentor.paused_until > due:
        return False  # a mentor who paused Tandem's messages gets none of these either
    key = coaching_key(pair.team_id, mentor.id, coaching_week(due, mentor.tz))
    tip = _coaching_tip(tandem, session, mentor)
    theme = theme_names(tandem.composer)[tip.theme]
    text, blocks = tip_message(tandem.composer, tip, theme, "coaching")
    return plan(
        session,
        key=key,
        team_id=pair.team_id,
        kind=KIND,
        recipient=mentor.user_id,
        due_at=due,
        now=now,
        payload={"text": text, "blocks": blocks, "tip_id": tip.id},
    )


def _coaching_tip(tandem: Tandem, session: Session, mentor: Member) -> Tip:
    """The mentor's next coaching tip: their earlier ones in turn, starting at a place of
    their own."""
    pool = [t for t in tip_library(tandem.composer) if t.theme in COACHING_THEMES]
    had = session.scalar(
        select(func.count())
        .select_from(Delivery)
        .where(
            Delivery.recipient == mentor.user_id,
            Delivery.team_id == mentor.team_id,
            Delivery.kind == KIND,
        )
    )
    return pool[(stable_seed(mentor.user_id) + int(had or 0)) % len(pool)]
