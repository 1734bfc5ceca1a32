"""The combined agreement: posted and pinned once both parts are in, kept current on edits."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.domain.agreement import combine
from bot.domain.states import Role
from bot.formatting import Mrkdwn
from bot.models import AgreementPart, Goal, Pair
from bot.services.celebrations.recording import record_agreement
from bot.slack.gateway import SlackFailure
from bot.slack.views.agreement import offer_words, rhythm_words

log = logging.getLogger(__name__)

CLAIMED = "posting"  # agreement_ts while one request posts the agreement, so only one does


def local_date(at: datetime) -> Mrkdwn:
    """A date each reader sees in their own time zone (Slack's date token)."""
    return Mrkdwn(f"<!date^{int(at.timestamp())}^{{date_short}}|{at.date().isoformat()}>")


def combined_text(
    tandem: Tandem, session: Session, pair: Pair, *, updated: str | None = None
) -> str:
    parts = {
        part.role: part.data
        for part in session.scalars(select(AgreementPart).where(AgreementPart.pair_id == pair.id))
    }
    mentor, mentee = parts[Role.MENTOR], parts[Role.MENTEE]
    goals = session.scalars(select(Goal).where(Goal.pair_id == pair.id).order_by(Goal.position))
    together = combine(mentor, mentee)
    return tandem.composer.render(
        "agreement/combined.j2",
        mentor=pair.mentor.user_id,
        mentee=pair.mentee.user_id,
        updated=updated,
        goals=[{"text": g.text, "success": g.success or ""} for g in goals],
        offers=offer_words(tandem.composer, mentor),
        availability=mentor.get("availability", ""),
        rhythms=[rhythm_words(tandem.composer, r) for r in together.rhythms],
        ground_rules=together.ground_rules,
    )


def _claim(tandem: Tandem, pair_id: int) -> bool:
    """Mark the agreement as being posted; False if it is posted (or being posted) already."""
    with tandem.sessions.begin() as session:
        result = session.execute(
            update(Pair)
            .where(Pair.id == pair_id, Pair.agreement_ts.is_(None))
            .values(agreement_ts=CLAIMED)
        )
        return isinstance(result, CursorResult) and result.rowcount == 1


def post_combined(tandem: Tandem, pair_id: int, now: datetime) -> None:
    """Post and pin the whole agreement once per pair, and record the milestone, whose
    celebration follows as a message of its own on the next scheduler pass."""
    if not _claim(tandem, pair_id):
        return
    with tandem.sessions() as session:
        pair = session.get(Pair, pair_id)
        assert pair is not None and pair.channel_id is not None
        channel, text = pair.channel_id, combined_text(tandem, session, pair)
        slack = tandem.slack_for(pair.team_id)
    try:
        posted = slack.post_message(channel, text)
    except SlackFailure as failure:
        log.warning("could not post the agreement of pair %s: %s", pair_id, failure)
        with tandem.sessions.begin() as session:
            session.execute(update(Pair).where(Pair.id == pair_id).values(agreement_ts=None))
        return
    with tandem.sessions.begin() as session:
        session.execute(update(Pair).where(Pair.id == pair_id).values(agreement_ts=posted.ts))
    try:
        slack.pin(channel, posted.ts)
    except SlackFailure as failure:
        log.warning("could not pin the agreement of pair %s: %s", pair_id, failure)
    with tandem.sessions.begin() as session:
        pair = session.get(Pair, pair_id)
        assert pair is not None
        record_agreement(tandem, session, pair, now)


def refresh_combined(tandem: Tandem, pair_id: int, now: datetime) -> None:
    """Bring the pinned agreement up to date after a part or the goals changed."""
    with tandem.sessions() as session:
        pair = session.get(Pair, pair_id)
        if pair is None or pair.channel_id is None or pair.agreement_ts in (None, CLAIMED):
            return
        updated = local_date(now)
        channel, ts, team = pair.channel_id, pair.agreement_ts, pair.team_id
        text = combined_text(tandem, session, pair, updated=updated)
    try:
        tandem.slack_for(team).update_message(channel, ts, text)
    except SlackFailure as failure:
        log.warning("could not update the pinned agreement of pair %s: %s", pair_id, failure)
