"""Replies in the DM: a plain message, or an edit of one, kept as the check-in's reflection.

A message is handled once (Slack may send its event again, bot/db/once.py), confirmed in
the thread of the message it answers (a reply's own thread, never a thread under a reply),
and remembered as the check-in it was kept for, so that an edit of it (message_changed)
updates the saved words while that check-in can still be changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.db.once import first_time, kept_as
from bot.domain.states import ANSWERABLE, FINISHED, CheckInState, Role
from bot.models import CheckIn, Member, Pair
from bot.services.checkins.access import Found, find_for_action
from bot.services.checkins.answers import mark_answered
from bot.services.checkins.cards import local_label
from bot.services.checkins.publish import DmRefresh
from bot.services.checkins.reflections import publish_and_refresh
from bot.slack.gateway import SlackFailure
from bot.slack.views.checkins import REFLECTION_LIMIT

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DmMessage:
    """A person's message in Tandem's DM, as the event described it."""

    team_id: str  # the workspace Tandem is installed in
    user_id: str
    channel_id: str
    ts: str
    thread_ts: str | None  # the message it replies to in a thread, if any
    text: str  # as the person wrote it (Slack's escaping undone)
    event_id: str = ""

    @property
    def key(self) -> str:
        return f"message:{self.channel_id}:{self.ts}"

    @property
    def confirm_in(self) -> str:
        """Where to confirm: the thread it is in, or a new thread under it."""
        return self.thread_ts or self.ts


def _event_key(event_id: str) -> str:
    return f"event:{event_id}" if event_id else ""


def _current(session: Session, member_ids: list[int], thread_ts: str | None) -> Found | None:
    """The check-in a DM reply belongs to: the one replied to in a thread, else the open
    one sent last, else the last answered or skipped one still current in its pair."""
    rows = session.execute(
        select(CheckIn, Member, Pair)
        .join(Member, Member.id == CheckIn.member_id)
        .join(Pair, Pair.id == CheckIn.pair_id)
        .where(CheckIn.member_id.in_(member_ids), CheckIn.sent_at.is_not(None))
        .order_by(CheckIn.sent_at.desc(), CheckIn.id.desc())
        .limit(50)
    ).unique()
    latest: dict[tuple[int, int], Found] = {}
    for checkin, member, pair in rows:
        latest.setdefault((checkin.pair_id, checkin.member_id), Found(checkin, member, pair))
    current = [
        f
        for f in latest.values()
        if f.checkin.state in ANSWERABLE and f.pair.status not in FINISHED
    ]
    threaded = [f for f in current if thread_ts and f.checkin.message_ts == thread_ts]
    open_ = [f for f in current if f.checkin.state == CheckInState.OPEN]
    ordered = threaded or open_ or current
    return ordered[0] if ordered else None


def reply_in_dm(tandem: Tandem, message: DmMessage, now: datetime) -> None:
    """A plain message in the DM: stored as the reflection of the current check-in (added to
    what was written before), and confirmed in the message's thread. Once per message."""
    if not message.text.strip():
        return
    refresh: DmRefresh | None = None
    with tandem.sessions.begin() as session:
        members = _members(session, message)
        found = _current(session, [m.id for m in members], message.thread_ts)
        ref = f"checkin:{found.checkin.id}" if found is not None else None
        if not first_time(session, [_event_key(message.event_id), message.key], now, ref):
            return  # Slack sent this message again: it was handled the first time
        words: dict[str, object] = {}
        if found is None:
            upcoming = session.scalar(
                select(CheckIn.due_at)
                .where(
                    CheckIn.member_id.in_([m.id for m in members]),
                    CheckIn.state == CheckInState.PLANNED,
                )
                .order_by(CheckIn.due_at)
                .limit(1)
            )
            ids = [m.id for m in members]
            in_pair = session.scalar(
                select(Pair.id)
                .where(
                    or_(Pair.mentor_id.in_(ids), Pair.mentee_id.in_(ids)),
                    Pair.status.not_in(FINISHED),
                )
                .limit(1)
            )
            words["outcome"] = "none" if in_pair else "no_pair"
            tz = members[0].tz if members else "UTC"
            words["next_at"] = local_label(tandem.composer, upcoming, tz) if upcoming else None
        else:
            checkin, text = found.checkin, message.text
            combined = f"{checkin.reflection}\n\n{text}" if checkin.reflection else text
            partner = found.pair.mentee if checkin.role == Role.MENTOR else found.pair.mentor
            words.update(partner=partner.user_id, shared=checkin.shared, limit=REFLECTION_LIMIT)
            if len(combined) > REFLECTION_LIMIT:
                words["outcome"] = "too_long"
            else:
                words["outcome"] = "added" if checkin.reflection else "saved"
                checkin.reflection = combined
                mark_answered(session, checkin, now)
                refresh = publish_and_refresh(tandem, session, found)
    if refresh is not None:
        refresh.send(tandem)
    _confirm(tandem, message, words)


def edit_in_dm(tandem: Tandem, message: DmMessage, previous: str, now: datetime) -> None:
    """The person edited a message they had sent in the DM (message_changed): the words it
    added to a check-in's reflection are replaced, while that check-in can still change."""
    refresh: DmRefresh | None = None
    with tandem.sessions.begin() as session:
        if not first_time(session, [_event_key(message.event_id)], now):
            return
        ref = kept_as(session, message.key) or ""
        if not ref.startswith("checkin:") or not message.text.strip():
            return  # that message was never kept (no check-in was open), or it was emptied
        found = find_for_action(
            session,
            int(ref.partition(":")[2]),
            team_id=message.team_id,
            user_id=message.user_id,
        )
        words: dict[str, Any] = {"limit": REFLECTION_LIMIT}
        if isinstance(found, str):
            words["outcome"] = "edit_closed"
        else:
            checkin = found.checkin
            saved = checkin.reflection or ""
            edited = saved.replace(previous, message.text, 1) if previous else saved
            if not previous or previous not in saved:
                words["outcome"] = "edit_lost"  # changed in the modal since: nothing to match
            elif len(edited) > REFLECTION_LIMIT:
                words["outcome"] = "too_long"
            else:
                words["outcome"] = "edited"
                checkin.reflection = edited
                mark_answered(session, checkin, now)
                refresh = publish_and_refresh(tandem, session, found)
    if refresh is not None:
        refresh.send(tandem)
    _confirm(tandem, message, words)


def _members(session: Session, message: DmMessage) -> list[Member]:
    return list(
        session.scalars(
            select(Member).where(
                Member.team_id == message.team_id, Member.user_id == message.user_id
            )
        )
    )


def _confirm(tandem: Tandem, message: DmMessage, words: dict[str, Any]) -> None:
    try:
        tandem.slack_for(message.team_id).post_message(
            message.channel_id,
            tandem.composer.render("checkins/reply.j2", **words),
            thread_ts=message.confirm_in,
        )
    except SlackFailure as failure:
        # What was written is saved; only the confirmation is lost.
        log.warning("could not confirm a check-in reply: %s", failure.error)
