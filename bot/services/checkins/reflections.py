"""The reflection: written in the modal the Reflect button opens, or replied in the DM."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.domain.states import CheckInState, PairStatus, Role
from bot.ids import BlockId
from bot.models import CheckIn, Member, Pair
from bot.results import Result, done, field_errors, open_modal
from bot.services.checkins.access import ANSWERABLE, Found, find_for_action
from bot.services.checkins.answers import mark_answered, refusal
from bot.services.checkins.cards import card_for, local_label
from bot.services.checkins.publish import DmRefresh, dm_refresh, publish_share
from bot.slack.gateway import SlackFailure
from bot.slack.views.checkins import REFLECTION_LIMIT, reflection_modal

log = logging.getLogger(__name__)


def open_reflection(
    tandem: Tandem, *, team_id: str, user_id: str, checkin_id: int | None, now: datetime
) -> Result:
    """The Reflect button: the modal with the question and what was written so far."""
    with tandem.sessions() as session:
        found = find_for_action(session, checkin_id, team_id=team_id, user_id=user_id)
        if isinstance(found, str):
            return refusal(tandem, found)
        card = card_for(
            session, tandem.composer, found.checkin, member=found.member, pair=found.pair
        )
    return open_modal(view=reflection_modal(tandem.composer, card))


def _problem(tandem: Tandem, text: str) -> str | None:
    if not text.strip():
        return tandem.composer.render("checkins/reflection_errors.j2", problem="empty")
    if len(text) > REFLECTION_LIMIT:
        return tandem.composer.render(
            "checkins/reflection_errors.j2",
            problem="too_long",
            limit=REFLECTION_LIMIT,
            length=len(text),
        )
    return None


def _publish(tandem: Tandem, session: Session, found: Found) -> DmRefresh:
    """Share (or update the shared copy); the DM's new look, to send after the commit."""
    publish_share(tandem, session, found.checkin, found.member, found.pair)
    return dm_refresh(tandem, session, found.checkin, found.member, found.pair)


def save_reflection(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    checkin_id: int | None,
    text: str,
    share: bool,
    now: datetime,
) -> Result:
    """The modal's submission: refused on the field (the words stay in the modal) or saved.

    The text is stored exactly as written. Posting a shared copy and updating the DM happen
    after Slack has been answered.
    """
    problem = _problem(tandem, text)
    if problem:
        return field_errors({BlockId.REFLECTION: problem})
    with tandem.sessions.begin() as session:
        found = find_for_action(session, checkin_id, team_id=team_id, user_id=user_id)
        if isinstance(found, str):
            message = tandem.composer.render(
                "checkins/reflection_errors.j2", problem="refused", reason=found, action="change"
            )
            return field_errors({BlockId.REFLECTION: message})
        if share and found.pair.channel_id is None:
            message = tandem.composer.render("checkins/share_failed.j2", error=None)
            return field_errors({BlockId.REFLECTION_SHARE: message})
        found.checkin.reflection, found.checkin.shared = text, share
        mark_answered(session, found.checkin, now)
        saved = found.checkin.id

    def publish() -> None:
        with tandem.sessions.begin() as later:
            again = find_for_action(later, saved, team_id=team_id, user_id=user_id)
            refresh = _publish(tandem, later, again) if isinstance(again, Found) else None
        if refresh is not None:
            refresh.send(tandem)

    return done(then=publish)


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
        if f.checkin.state in ANSWERABLE and f.pair.status != PairStatus.ENDED
    ]
    threaded = [f for f in current if thread_ts and f.checkin.message_ts == thread_ts]
    open_ = [f for f in current if f.checkin.state == CheckInState.OPEN]
    ordered = threaded or open_ or current
    return ordered[0] if ordered else None


def reply_in_dm(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    channel_id: str,
    text: str,
    ts: str,
    thread_ts: str | None,
    now: datetime,
) -> None:
    """A plain message in the DM: stored as the reflection of the current check-in (added to
    what was written before), and confirmed in a thread under the message."""
    if not text.strip():
        return
    refresh: DmRefresh | None = None
    with tandem.sessions.begin() as session:
        members = list(
            session.scalars(
                select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
            )
        )
        found = _current(session, [m.id for m in members], thread_ts)
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
                    Pair.status != PairStatus.ENDED,
                )
                .limit(1)
            )
            words["outcome"] = "none" if in_pair else "no_pair"
            tz = members[0].tz if members else "UTC"
            words["next_at"] = local_label(tandem.composer, upcoming, tz) if upcoming else None
        else:
            checkin = found.checkin
            combined = f"{checkin.reflection}\n\n{text}" if checkin.reflection else text
            partner = found.pair.mentee if checkin.role == Role.MENTOR else found.pair.mentor
            words.update(partner=partner.user_id, shared=checkin.shared, limit=REFLECTION_LIMIT)
            if len(combined) > REFLECTION_LIMIT:
                words["outcome"] = "too_long"
            else:
                words["outcome"] = "added" if checkin.reflection else "saved"
                checkin.reflection = combined
                mark_answered(session, checkin, now)
                refresh = _publish(tandem, session, found)
    if refresh is not None:
        refresh.send(tandem)
    try:
        tandem.slack_for(team_id).post_message(
            channel_id, tandem.composer.render("checkins/reply.j2", **words), thread_ts=ts
        )
    except SlackFailure as failure:
        # The reflection is saved; only the confirmation is lost.
        log.warning("could not confirm a check-in reply: %s", failure.error)
