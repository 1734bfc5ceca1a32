"""Readiness ratings: the modal a round's DM opens, each side's ratings kept blind, and
the reveal to both once both are in (with the "ready for the role" milestone).

The round's row is locked while a rating is saved, so when both sides submit at once the
second to commit sees the first and reveals; the reveal is a state change from `open`,
and its DMs are outbox rows with unique keys, so it happens once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.planning import dialect_insert
from bot.domain.states import ReadinessState
from bot.domain.succession import check_ratings
from bot.models import Pair, ReadinessRating, ReadinessRound
from bot.results import Result, field_errors, open_modal, replace_modal
from bot.services.succession.pairs import Refused, live_pair, refusal
from bot.services.succession.reveal import reveal
from bot.slack.views.readiness import notice_modal, readiness_modal
from bot.slack.views.succession import WORDS
from bot.slack.wire import chosen_ratings, readiness_block


def _round(
    session: Session, team_id: str, round_id: int | None, *, lock: bool = False
) -> ReadinessRound:
    query = select(ReadinessRound).where(ReadinessRound.id == (round_id or 0))
    found = session.scalars(query.with_for_update() if lock else query).first()
    if found is None or found.team_id != team_id:
        raise Refused("no_round")
    return found


def _usable(found: ReadinessRound, now: datetime) -> None:
    if found.state == ReadinessState.REVEALED:
        raise Refused("revealed")
    if found.state == ReadinessState.CLOSED or found.closes_at <= now:
        raise Refused("closed")


def _given(session: Session, round_id: int, role: str) -> dict[str, int]:
    row = session.scalar(
        select(ReadinessRating).where(
            ReadinessRating.round_id == round_id, ReadinessRating.role == role
        )
    )
    return {str(k): int(v) for k, v in (row.ratings if row else {}).items()}


def open_ratings(
    tandem: Tandem, *, team_id: str, user_id: str, round_id: int | None, now: datetime
) -> Result:
    """The round's modal for this member: one 1-5 select per area."""
    try:
        with tandem.sessions() as session:
            found = _round(session, team_id, round_id)
            pair, role = live_pair(session, team_id, found.pair_id, user_id)
            _usable(found, now)
            view = readiness_modal(
                tandem.composer,
                round_id=found.id,
                areas=list(found.areas),
                viewer=role,
                mentee=pair.mentee.user_id,
                given=_given(session, found.id, role),
            )
    except Refused as refused:
        return refusal(tandem, refused)
    return open_modal(view)


def save_ratings(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    round_id: int | None,
    values: Mapping[str, Any],
    now: datetime,
) -> Result:
    """Keep this side's ratings (until the reveal they may be changed); reveal once both
    sides are in."""
    words = tandem.composer.data(WORDS)["errors"]
    first = readiness_block(0)
    with tandem.sessions.begin() as session:
        try:
            found = _round(session, team_id, round_id, lock=True)
            pair, role = live_pair(session, team_id, found.pair_id, user_id)
            _usable(found, now)
        except Refused as refused:
            reason = str(refused.words["reason"])
            code = {"not_in_pair": "not_rater", "closed": "closed", "revealed": "revealed"}
            return field_errors({first: words[code.get(reason, "round_gone")]})
        checked = check_ratings(chosen_ratings(values), list(found.areas))
        if isinstance(checked, str):
            return field_errors({first: words[checked]})
        _keep(session, found, pair, role, checked, now)
        sides = session.scalars(
            select(ReadinessRating.role).where(ReadinessRating.round_id == found.id)
        ).all()
        both = len(set(sides)) == 2
        if both:
            reveal(tandem, session, found, pair, now)
        partner = pair.mentee.user_id if role == "mentor" else pair.mentor.user_id
    what = "rating_both" if both else "rating_waiting"
    text = tandem.composer.render("succession/saved.j2", what=what, partner=partner)
    return replace_modal(notice_modal(tandem.composer, "readiness", text))


def _keep(
    session: Session,
    found: ReadinessRound,
    pair: Pair,
    role: str,
    ratings: dict[str, int],
    now: datetime,
) -> None:
    member = pair.mentor if role == "mentor" else pair.mentee
    inserted = session.execute(
        dialect_insert(session)(ReadinessRating)
        .values(
            round_id=found.id, role=role, member_id=member.id, ratings=ratings, submitted_at=now
        )
        .on_conflict_do_nothing(index_elements=["round_id", "role"])
        .returning(ReadinessRating.id)
    ).first()
    if inserted is None:
        row = session.scalars(
            select(ReadinessRating).where(
                ReadinessRating.round_id == found.id, ReadinessRating.role == role
            )
        ).one()
        row.ratings, row.submitted_at = ratings, now
