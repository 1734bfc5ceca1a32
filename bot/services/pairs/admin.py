"""Owner commands on existing pairs: `/mentor pairs`, `end`, and pausing or resuming a pair."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.audit import audit
from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.ages import age
from bot.domain.paging import page_of
from bot.domain.pair_args import ArgsRefusal, PairArgs, parse_pair_args
from bot.domain.states import LIVE, PairStatus
from bot.models import Pair
from bot.results import Result, reply
from bot.services.agreement.reminders import cancel_reminders
from bot.services.celebrations.recording import record_completed
from bot.services.checkins.ending import end_checkins
from bot.services.pairs.creating import args_refusal, live_pair, refused
from bot.services.pairs.pausing import pause_pair
from bot.services.program.owners import is_owner
from bot.slack.gateway import SlackFailure
from bot.slack.views.pairs import pairs_page_blocks

log = logging.getLogger(__name__)

PAGE_SIZE = 15
NEW_STATUS = {
    "end": PairStatus.ENDED,
    "complete": PairStatus.COMPLETED,
    "pause": PairStatus.PAUSED,
    "resume": PairStatus.ACTIVE,
}
CLOSING = ("end", "complete")
COMPLETED_WORDS = ("completed", "complete")  # `/mentor end @a @b completed`


def list_pairs(tandem: Tandem, request: CommandRequest) -> Result:
    if len(request.args) > 1 or (request.args and not request.args[0].isdigit()):
        text = " ".join(request.args)
        return reply(text=tandem.composer.render("pairs/usage.j2", command="pairs", text=text))
    number = int(request.args[0]) if request.args else 1
    return pairs_page(tandem, team_id=request.team_id, number=number, now=request.now)


def pairs_page(tandem: Tandem, *, team_id: str, number: int, now: datetime) -> Result:
    """One page of the active and paused pairs, oldest first, with buttons to turn pages."""
    with tandem.sessions() as session:
        pairs = session.scalars(
            select(Pair)
            .where(Pair.team_id == team_id, Pair.status.in_(LIVE))
            .order_by(Pair.started_at, Pair.id)
        ).all()
        rows = [
            {
                "mentor": p.mentor.user_id,
                "mentee": p.mentee.user_id,
                "status": p.status,
                "age": age(p.started_at, now),
                "channel": p.channel_id,
                "setup": p.setup_state,
            }
            for p in pairs
        ]
    page = page_of(rows, number, PAGE_SIZE)
    text = tandem.composer.render(
        "pairs/list.j2", pairs=page.items, total=page.total, page=page.number, pages=page.count
    )
    return reply(text, blocks=pairs_page_blocks(tandem.composer, text, page))


def turn_page(tandem: Tandem, *, team_id: str, user_id: str, page: int, now: datetime) -> Result:
    """The pairs-list buttons: owners only, like the command; the page replaces the list."""
    with tandem.sessions() as session:
        allowed = is_owner(session, tandem.settings, team_id, user_id)
    if allowed:
        shown = pairs_page(tandem, team_id=team_id, number=page, now=now)
    else:
        shown = reply(text=tandem.composer.render("owners_only.j2", name="pairs"))
    return replace(shown, replace=True)


def end_pair(tandem: Tandem, request: CommandRequest) -> Result:
    """`/mentor end @mentor @mentee [completed]`: ended, or completed (celebrated)."""
    if len(request.args) == 3 and request.args[-1].lower() in COMPLETED_WORDS:
        return pair_status_command(tandem, replace(request, args=request.args[:2]), "complete")
    return pair_status_command(tandem, request, "end")


def pair_status_command(tandem: Tandem, request: CommandRequest, action: str) -> Result:
    parsed = parse_pair_args(request.args, allow_channel=False)
    if isinstance(parsed, ArgsRefusal):
        return args_refusal(tandem, parsed, "end" if action == "complete" else action)
    return reply(
        text=change_status(
            tandem,
            team_id=request.team_id,
            owner_id=request.user_id,
            args=parsed,
            action=action,
            now=request.now,
        )
    )


def close_pair(session: Session, pair: Pair, status: PairStatus, now: datetime) -> None:
    """End or complete a pair: no more reminders or check-ins (what was written is kept)."""
    pair.status = status
    pair.ended_at = now
    cancel_reminders(session, pair.id, "pair ended")
    end_checkins(session, pair.id)


def change_status(
    tandem: Tandem, *, team_id: str, owner_id: str, args: PairArgs, action: str, now: datetime
) -> str:
    """End, pause or resume a pair; tell its channel; what to tell the owner."""
    people = {"mentor": args.mentor, "mentee": args.mentee}
    with tandem.sessions.begin() as session:
        pair = live_pair(session, team_id, args.mentor, args.mentee)
        if pair is None:
            return refused(tandem, "no_pair", **people)
        status = NEW_STATUS[action]
        if pair.status == status:
            return refused(tandem, "already", status=status, **people)
        previous = pair.status
        summary = f"{action} {args.mentor} with {args.mentee} (was {previous})"
        detail = {"mentor": args.mentor, "mentee": args.mentee}
        if action == "pause":
            pause_pair(
                session,
                pair,
                actor_id=owner_id,
                action="pair.pause",
                summary=summary,
                now=now,
                **detail,
            )
        else:
            if action in CLOSING:
                close_pair(session, pair, status, now)
            else:
                pair.status = status
            if action == "complete":
                record_completed(tandem, session, pair, owner_id, now)
            audit(
                session,
                team_id=team_id,
                actor_id=owner_id,
                action=f"pair.{action}",
                at=now,
                summary=summary,
                pair_id=pair.id,
                **detail,
            )
        channel = pair.channel_id
    note_error = None
    if channel is not None:
        try:
            tandem.slack_for(team_id).post_message(
                channel, tandem.composer.render("pairs/channel_note.j2", action=action)
            )
        except SlackFailure as failure:
            note_error = failure.error
            log.warning("could not post the %s note in %s: %s", action, channel, failure)
    return tandem.composer.render(
        "pairs/status_changed.j2", action=action, note_error=note_error, **people
    )
