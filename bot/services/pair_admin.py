"""Owner commands on existing pairs: `/mentor pairs`, `end`, and pausing or resuming a pair."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, SectionBlock
from sqlalchemy import select

from bot.commands.registry import Audience, CommandRequest, Reply, subcommand
from bot.context import Tandem
from bot.domain.ages import age
from bot.domain.paging import page_of
from bot.domain.pair_args import ArgsRefusal, PairArgs, parse_pair_args
from bot.ids import ActionId
from bot.models import Pair
from bot.services.agreement_reminders import cancel_reminders
from bot.services.checkins.ending import end_checkins, pause_pair
from bot.services.owners import audit, is_owner
from bot.services.pairs import LIVE, args_refusal, live_pair, refused
from bot.slack.gateway import SlackFailure

log = logging.getLogger(__name__)

PAGE_SIZE = 15
NEW_STATUS = {"end": "ended", "pause": "paused", "resume": "active"}


@subcommand("pairs", Audience.OWNERS)
def list_pairs(tandem: Tandem, request: CommandRequest) -> Reply:
    if len(request.args) > 1 or (request.args and not request.args[0].isdigit()):
        text = " ".join(request.args)
        return Reply(text=tandem.composer.render("pairs/usage.j2", command="pairs", text=text))
    number = int(request.args[0]) if request.args else 1
    return pairs_page(tandem, team_id=request.team_id, number=number, now=request.now)


def pairs_page(tandem: Tandem, *, team_id: str, number: int, now: datetime) -> Reply:
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
    words = tandem.composer.data("pairs/words.toml")
    buttons = []
    if page.has_previous:
        buttons.append(_page_button(words["previous"], page.number - 1))
    if page.has_next:
        buttons.append(_page_button(words["next"], page.number + 1))
    blocks: list[Any] = [SectionBlock(text=text)]
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return Reply(text=text, blocks=[block.to_dict() for block in blocks])


def _page_button(label: str, number: int) -> ButtonElement:
    return ButtonElement(text=label, action_id=ActionId.PAIRS_PAGE, value=str(number))


def turn_page(tandem: Tandem, *, team_id: str, user_id: str, value: str) -> Reply:
    """The pairs-list buttons: owners only, like the command."""
    with tandem.sessions() as session:
        allowed = is_owner(session, tandem.settings, team_id, user_id)
    if not allowed:
        return Reply(text=tandem.composer.render("owners_only.j2", name="pairs"))
    number = int(value) if value.isdigit() else 1
    return pairs_page(tandem, team_id=team_id, number=number, now=tandem.clock.now())


@subcommand("end", Audience.OWNERS)
def end_pair(tandem: Tandem, request: CommandRequest) -> Reply:
    return pair_status_command(tandem, request, "end")


def pair_status_command(tandem: Tandem, request: CommandRequest, action: str) -> Reply:
    parsed = parse_pair_args(request.args, allow_channel=False)
    if isinstance(parsed, ArgsRefusal):
        return args_refusal(tandem, parsed, action)
    return Reply(
        text=change_status(
            tandem,
            team_id=request.team_id,
            owner_id=request.user_id,
            args=parsed,
            action=action,
            now=request.now,
        )
    )


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
        previous, pair.status = pair.status, status
        if action == "end":
            pair.ended_at = now
            cancel_reminders(session, pair.id, "pair ended")
            end_checkins(session, pair.id)
        if action == "pause":
            pause_pair(session, pair.id)
        audit(
            session,
            team_id=team_id,
            actor_id=owner_id,
            action=f"pair.{action}",
            at=now,
            summary=f"{action} {args.mentor} with {args.mentee} (was {previous})",
            pair_id=pair.id,
            mentor=args.mentor,
            mentee=args.mentee,
        )
        channel = pair.channel_id
    note_error = None
    if channel is not None:
        try:
            tandem.slack.post_message(
                channel, tandem.composer.render("pairs/channel_note.j2", action=action)
            )
        except SlackFailure as failure:
            note_error = failure.error
            log.warning("could not post the %s note in %s: %s", action, channel, failure)
    return tandem.composer.render(
        "pairs/status_changed.j2", action=action, note_error=note_error, **people
    )
