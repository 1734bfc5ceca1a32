"""Which pair a member means, the pair's plan, and the program's list of areas."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from bot.composer import Composer
from bot.context import Tandem
from bot.domain.states import LIVE
from bot.domain.succession import unique_areas
from bot.models import AreaList, Member, Pair, SuccessionPlan
from bot.results import Result, reply
from bot.slack.views.succession import WORDS


class Refused(Exception):
    """A request Tandem turns down kindly; `words` go to prompts/succession/refused.j2."""

    def __init__(self, reason: str, **words: Any) -> None:
        super().__init__(reason)
        self.words = {"reason": reason, **words}


def refusal(tandem: Tandem, refused: Refused) -> Result:
    return reply(text=refusal_text(tandem.composer, refused))


def refusal_text(composer: Composer, refused: Refused) -> str:
    words = {"mentor": "", "mentee": "", **refused.words}
    return composer.render("succession/refused.j2", **words)


def role_of(pair: Pair, user_id: str) -> str | None:
    if pair.mentor.user_id == user_id:
        return "mentor"
    if pair.mentee.user_id == user_id:
        return "mentee"
    return None


def member_pair(session: Session, team_id: str, user_id: str, channel_id: str) -> Pair:
    """The live pair of this member: their only one, or the one whose channel this is."""
    mentor, mentee = aliased(Member), aliased(Member)
    pairs = list(
        session.scalars(
            select(Pair)
            .join(mentor, Pair.mentor_id == mentor.id)
            .join(mentee, Pair.mentee_id == mentee.id)
            .where(Pair.team_id == team_id, Pair.status.in_(LIVE))
            .where(or_(mentor.user_id == user_id, mentee.user_id == user_id))
            .order_by(Pair.id)
        ).unique()
    )
    here = [p for p in pairs if p.channel_id and p.channel_id == channel_id]
    if here:
        return here[0]
    if not pairs:
        raise Refused("no_pair")
    if len(pairs) > 1:
        raise Refused("which_pair")
    return pairs[0]


def pair_of_members(session: Session, team_id: str, mentor: str, mentee: str) -> Pair:
    """The live pair of these two people (an owner names them)."""
    first, second = aliased(Member), aliased(Member)
    pair = session.scalars(
        select(Pair)
        .join(first, Pair.mentor_id == first.id)
        .join(second, Pair.mentee_id == second.id)
        .where(Pair.team_id == team_id, Pair.status.in_(LIVE))
        .where(first.user_id == mentor, second.user_id == mentee)
    ).first()
    if pair is None:
        raise Refused("no_such_pair", mentor=mentor, mentee=mentee)
    return pair


def live_pair(
    session: Session, team_id: str, pair_id: int | None, user_id: str
) -> tuple[Pair, str]:
    """A pair named by a modal or a button, and the person's role in it."""
    pair = session.get(Pair, pair_id) if pair_id else None
    if pair is None or pair.team_id != team_id:
        raise Refused("no_pair")
    role = role_of(pair, user_id)
    if role is None:
        raise Refused("not_in_pair", mentor=pair.mentor.user_id, mentee=pair.mentee.user_id)
    if pair.status not in LIVE:
        raise Refused("ended")
    return pair, role


def program_areas(session: Session, composer: Composer, team_id: str) -> list[str]:
    """The program's capability areas: the owners' list, or the default one."""
    row = session.get(AreaList, team_id)
    if row is not None and row.areas:
        return list(row.areas)
    return list(composer.data(WORDS)["default_areas"])


def plan_of(session: Session, pair_id: int) -> SuccessionPlan | None:
    return session.get(SuccessionPlan, pair_id)


def offered_areas(session: Session, composer: Composer, pair: Pair) -> list[str]:
    """What the areas select offers a pair: the program's list, then the pair's own."""
    plan = plan_of(session, pair.id)
    mine = list(plan.areas) if plan is not None else []
    return unique_areas([*program_areas(session, composer, pair.team_id), *mine])
