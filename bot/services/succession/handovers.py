"""The knowledge-transfer log: `/mentor handover`, the "Log knowledge transfer" message
shortcut in a pair channel, and the modal both open.

Only the pair's mentor and mentee may log. A log is kept once per modal (its view id), so a
repeated submission adds nothing; then a note goes to the pair channel, which only the two
of them can read. Owners see counts by area in `/mentor status`, never what was written.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.delivery.planning import dialect_insert
from bot.domain.states import LIVE
from bot.domain.succession import check_handover
from bot.ids import BlockId
from bot.models import Handover, Pair
from bot.results import Result, done, field_errors, open_modal
from bot.services.succession.pairs import (
    Refused,
    live_pair,
    member_pair,
    plan_of,
    program_areas,
    refusal,
    role_of,
)
from bot.slack.gateway import SlackFailure
from bot.slack.views.succession import WORDS, handover_modal, how_words

log = logging.getLogger(__name__)
BLOCKS = (BlockId.HANDOVER_SHARED, BlockId.HANDOVER_AREA, BlockId.HANDOVER_HOW)


def pair_areas(session: Session, tandem: Tandem, pair: Pair) -> list[str]:
    """The areas a handover may name: the pair's own, or the program's until they choose."""
    plan = plan_of(session, pair.id)
    if plan is not None and plan.areas:
        return list(plan.areas)
    return program_areas(session, tandem.composer, pair.team_id)


def _modal(
    session: Session, tandem: Tandem, pair: Pair, source_ts: str | None, text: str
) -> Result:
    view = handover_modal(
        tandem.composer,
        pair_id=pair.id,
        source_ts=source_ts,
        mentor=pair.mentor.user_id,
        mentee=pair.mentee.user_id,
        areas=pair_areas(session, tandem, pair),
        shared=text,
    )
    return open_modal(view)


def handover_command(tandem: Tandem, request: CommandRequest) -> Result:
    """`/mentor handover`: the modal for the member's pair (the one of this channel)."""
    try:
        with tandem.sessions() as session:
            pair = member_pair(session, request.team_id, request.user_id, request.channel_id)
            return _modal(session, tandem, pair, None, "")
    except Refused as refused:
        return refusal(tandem, refused)


def from_message(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    channel_id: str,
    message_ts: str,
    text: str,
    now: datetime,
) -> Result:
    """The message shortcut: the same modal, prefilled with the message's text. Only on a
    message in the person's own pair channel."""
    try:
        with tandem.sessions() as session:
            pair = session.scalars(
                select(Pair).where(
                    Pair.team_id == team_id,
                    Pair.channel_id == channel_id,
                    Pair.status.in_(LIVE),
                )
            ).first()
            if pair is None or role_of(pair, user_id) is None:
                raise Refused("not_pair_channel")
            return _modal(session, tandem, pair, message_ts or None, text)
    except Refused as refused:
        return refusal(tandem, refused)


def save_handover(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    pair_id: int | None,
    source_ts: str | None,
    view_id: str,
    values: Mapping[str, Any],
    now: datetime,
) -> Result:
    """Check and keep one handover; the note in the pair channel goes after the ack."""
    words = tandem.composer.data(WORDS)["errors"]
    with tandem.sessions.begin() as session:
        try:
            pair, _ = live_pair(session, team_id, pair_id, user_id)
        except Refused:
            return field_errors({BlockId.HANDOVER_SHARED: words["not_member"]})
        checked = check_handover(
            str(values.get(BlockId.HANDOVER_SHARED) or ""),
            str(values.get(BlockId.HANDOVER_AREA) or ""),
            str(values.get(BlockId.HANDOVER_HOW) or ""),
            pair_areas(session, tandem, pair),
            blocks=BLOCKS,
        )
        if isinstance(checked, dict):
            return field_errors({block: words[code] for block, code in checked.items()})
        member = pair.mentor if role_of(pair, user_id) == "mentor" else pair.mentee
        inserted = session.execute(
            dialect_insert(session)(Handover)
            .values(
                team_id=team_id,
                pair_id=pair.id,
                member_id=member.id,
                view_id=view_id[:64],
                area=checked.area,
                how=checked.how,
                shared=checked.shared,
                source_ts=source_ts,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["team_id", "view_id"])
            .returning(Handover.id)
        ).first()
    if inserted is None:  # the same modal submitted again: kept once already
        return done()
    handover_id = int(inserted[0])
    return done(then=lambda: post_note(tandem, handover_id))


def post_note(tandem: Tandem, handover_id: int) -> None:
    """Tell the pair in their channel what was logged, and remember the note's ts."""
    with tandem.sessions() as session:
        item = session.get(Handover, handover_id)
        pair = session.get(Pair, item.pair_id) if item is not None else None
        assert item is not None and pair is not None
        user = pair.mentor.user_id if item.member_id == pair.mentor_id else pair.mentee.user_id
        text = tandem.composer.render(
            "succession/handover_logged.j2",
            user=user,
            area=item.area,
            how=how_words(tandem.composer, item.how),
            shared=item.shared,
        )
        channel, team = pair.channel_id, pair.team_id
    if channel is None:
        return
    try:
        posted = tandem.slack_for(team).post_message(channel, text)
    except SlackFailure as failure:
        log.warning("could not post handover %s to its pair channel: %s", handover_id, failure)
        return
    with tandem.sessions.begin() as session:
        row = session.get(Handover, handover_id)
        if row is not None:
            row.channel_ts = posted.ts
