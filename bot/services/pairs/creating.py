"""Finding pairs, and `/mentor pair`: one pair, set up completely or not at all."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from bot.audit import audit
from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.csv_rows import Person
from bot.domain.pair_args import ArgsRefusal, PairArgs, parse_pair_args
from bot.domain.states import LIVE, PairStatus, SetupState
from bot.models import Member, Pair
from bot.results import Result, reply
from bot.services.agreement.reminders import plan_agreement_reminders
from bot.services.pairs.channels import ChannelSetup, SetupFailed
from bot.services.people.members import find_person, save_member


class Refused(Exception):
    """A request that changes nothing; the message says why (raised to roll back)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def refused(tandem: Tandem, reason: str, **context: Any) -> str:
    context.setdefault("command", "pair")
    context.setdefault("token", "")
    return tandem.composer.render("pairs/refused.j2", reason=reason, **context)


def live_pair(session: Session, team_id: str, mentor_user: str, mentee_user: str) -> Pair | None:
    """The active or paused pair of this mentor and mentee (by Slack user ID), if any."""
    mentor, mentee = aliased(Member), aliased(Member)
    return session.scalar(
        select(Pair)
        .join(mentor, Pair.mentor_id == mentor.id)
        .join(mentee, Pair.mentee_id == mentee.id)
        .where(
            Pair.team_id == team_id,
            Pair.status.in_(LIVE),
            mentor.user_id == mentor_user,
            mentee.user_id == mentee_user,
        )
    )


def args_refusal(tandem: Tandem, refusal: ArgsRefusal, command: str) -> Result:
    user = refusal.token[2:].split("|")[0].rstrip(">") if refusal.token.startswith("<@") else ""
    return reply(
        text=refused(tandem, refusal.problem, command=command, token=refusal.token, user=user)
    )


def check_person(tandem: Tandem, user_id: str, person: Person | None) -> None:
    """Refuse anyone who is not a person Tandem can pair."""
    if person is None:
        raise Refused(refused(tandem, "unknown_user", user=user_id))
    if person.is_bot:
        raise Refused(refused(tandem, "bot", user=user_id))
    if person.deleted:
        raise Refused(refused(tandem, "deactivated", user=user_id))


def pair_command(tandem: Tandem, request: CommandRequest) -> Result:
    parsed = parse_pair_args(request.args, allow_channel=True)
    if isinstance(parsed, ArgsRefusal):
        return args_refusal(tandem, parsed, "pair")
    text = create_pair(
        tandem, team_id=request.team_id, owner_id=request.user_id, args=parsed, now=request.now
    )
    return reply(text=text)


def create_pair(
    tandem: Tandem, *, team_id: str, owner_id: str, args: PairArgs, now: datetime
) -> str:
    """Pair two people with their channel, invites and welcome; what to tell the owner.

    The pair row is written in the same transaction that surrounds the Slack calls, so it is
    committed only when the channel, both invites and the welcome all succeeded.
    """
    try:
        with tandem.sessions.begin() as session:
            people = []
            for user_id in (args.mentor, args.mentee):
                person = find_person(tandem, session, team_id, user_id, now)
                check_person(tandem, user_id, person)
                assert person is not None
                people.append(person)
            existing = live_pair(session, team_id, args.mentor, args.mentee)
            if existing is not None:
                raise Refused(
                    refused(
                        tandem,
                        "exists",
                        mentor=args.mentor,
                        mentee=args.mentee,
                        status=existing.status,
                        channel=existing.channel_id,
                    )
                )
            mentor, mentee = (save_member(session, tandem, team_id, p, now) for p in people)
            pair = Pair(
                team_id=team_id,
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                status=PairStatus.ACTIVE,
                setup_state=SetupState.PENDING,
                started_at=now,
                created_by=owner_id,
                created_at=now,
            )
            session.add(pair)
            session.flush()
            posted = ChannelSetup(tandem, team_id).all_or_nothing(
                pair_id=pair.id,
                mentor=people[0],
                mentee=people[1],
                channel_id=args.channel,
            )
            pair.channel_id, pair.setup_state = posted.channel, SetupState.READY
            plan_agreement_reminders(session, pair, now)
            audit(
                session,
                team_id=team_id,
                actor_id=owner_id,
                action="pair.create",
                at=now,
                summary=f"paired {args.mentor} with {args.mentee} in {posted.channel}",
                pair_id=pair.id,
                mentor=args.mentor,
                mentee=args.mentee,
                channel=posted.channel,
            )
    except Refused as refusal:
        return refusal.text
    except IntegrityError:
        # Another owner paired the same two people a moment ago (the live-pair index).
        with tandem.sessions() as session:
            existing = live_pair(session, team_id, args.mentor, args.mentee)
        return refused(
            tandem,
            "exists",
            mentor=args.mentor,
            mentee=args.mentee,
            status=existing.status if existing else PairStatus.ACTIVE,
            channel=existing.channel_id if existing else None,
        )
    except SetupFailed as failed:
        return tandem.composer.render(
            "pairs/setup_failed.j2",
            mentor=args.mentor,
            mentee=args.mentee,
            step=failed.step,
            error=failed.error,
            channel=failed.channel_id or args.channel or "",
            user=failed.user_id or "",
            archived=failed.archived,
            archive_error=failed.archive_error,
        )
    return tandem.composer.render(
        "pairs/created.j2", mentor=args.mentor, mentee=args.mentee, channel=posted.channel
    )
