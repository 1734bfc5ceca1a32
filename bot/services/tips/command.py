"""`/mentor tip`: a tip for the person's next conversation (ephemeral), and its button that
shares it in their pair channel.

The tip offered is the one the pair's rotation would pick next. Sharing counts it as had by
the pair with a compare-and-set on how often the pair had had it when it was offered, and
posts it inside that transaction: a second click, or the partner sharing the same offer,
finds the count moved on and posts nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.states import PairStatus
from bot.domain.tips import choose_tip, find_tip, stable_seed
from bot.models import Member, Pair
from bot.results import Result, reply
from bot.services.tips.history import next_tip, pair_signals, record_sent, seen_tips
from bot.services.tips.library import theme_names, tip_library
from bot.slack.gateway import SlackFailure
from bot.slack.views.tips import tip_message
from bot.slack.wire import TipShare


def _answer(tandem: Tandem, what: str, **context: str) -> str:
    return tandem.composer.render("tips/answers.j2", what=what, **context)


def _active_pairs(session: Session, team_id: str, user_id: str) -> list[Pair]:
    member = session.scalar(
        select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
    )
    if member is None:
        return []
    return list(
        session.scalars(
            select(Pair)
            .where(
                Pair.team_id == team_id,
                Pair.status == PairStatus.ACTIVE,
                or_(Pair.mentor_id == member.id, Pair.mentee_id == member.id),
            )
            .order_by(Pair.id)
        ).unique()
    )


def tip_command(tandem: Tandem, request: CommandRequest) -> Result:
    """Show a tip to the person; with a share button if they are in an active pair (the
    pair of the channel they typed it in, else their first)."""
    if request.args:
        text = " ".join((request.name, *request.args))
        return reply(text=_answer(tandem, "usage", text=text))
    library, themes = tip_library(tandem.composer), theme_names(tandem.composer)
    with tandem.sessions() as session:
        pairs = _active_pairs(session, request.team_id, request.user_id)
        here = [p for p in pairs if p.channel_id and p.channel_id == request.channel_id]
        pair = next(iter(here or [p for p in pairs if p.channel_id]), None)
        if pair is None:
            seed = stable_seed(f"{request.user_id}:{request.now.date().isoformat()}")
            tip = choose_tip(library, {}, [], seed=seed)
            text, blocks = tip_message(tandem.composer, tip, themes[tip.theme], "yours")
            return reply(text=text, blocks=blocks)
        seen = seen_tips(session, [pair.id])[pair.id]
        signals = pair_signals(session, [pair], request.now)[pair.id]
        tip = next_tip(library, seen, signals, pair.id, request.now)
        rounds = seen[tip.id].rounds if tip.id in seen else 0
    share = TipShare(pair_id=pair.id, rounds=rounds, tip_id=tip.id)
    text, blocks = tip_message(tandem.composer, tip, themes[tip.theme], "yours", share=share)
    return reply(text=text, blocks=blocks)


def share_tip(
    tandem: Tandem, *, team_id: str, user_id: str, share: TipShare | None, now: datetime
) -> Result:
    """The share button: post the offered tip in the pair channel, once."""
    library = tip_library(tandem.composer)
    tip = find_tip(library, share.tip_id) if share is not None else None
    if share is None or tip is None:
        return reply(text=_answer(tandem, "gone"))
    theme, channel = theme_names(tandem.composer)[tip.theme], ""
    try:
        with tandem.sessions.begin() as session:
            pair = session.get(Pair, share.pair_id)
            if pair is None or pair.team_id != team_id:
                return reply(text=_answer(tandem, "not_yours"))
            if user_id not in (pair.mentor.user_id, pair.mentee.user_id):
                return reply(text=_answer(tandem, "not_yours"))
            channel = pair.channel_id or ""
            if pair.status != PairStatus.ACTIVE or not channel:
                return reply(text=_answer(tandem, "gone"))
            if not record_sent(session, pair.id, tip.id, share.rounds, now):
                return Result(text=_answer(tandem, "already", channel=channel), replace=True)
            text, blocks = tip_message(tandem.composer, tip, theme, "shared", by=user_id)
            tandem.slack_for(team_id).post_message(channel, text, blocks=blocks)
    except SlackFailure as failure:
        return reply(text=_answer(tandem, "failed", channel=channel, error=failure.error))
    return Result(text=_answer(tandem, "shared", channel=channel), replace=True)
