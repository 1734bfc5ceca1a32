"""The App Home tab: a person's pairs, goals and agreement; for owners, the program too."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.domain.ages import age
from bot.domain.pausing import is_paused, until_resumed
from bot.domain.states import LIVE, PairStatus, Role, SetupState
from bot.models import AgreementPart, Goal, Member, Pair
from bot.services.agreement.text import CLAIMED
from bot.services.people.members import known_member
from bot.services.program.help import help_text
from bot.services.program.owners import is_owner
from bot.services.succession.home import transfer_text
from bot.slack.views.home import PairCard, home_view

SHOWN_PAIRS = 10


def publish_home(tandem: Tandem, *, team_id: str, user_id: str, now: datetime) -> None:
    """Publish the Home tab for one person."""
    with tandem.sessions() as session:
        member = known_member(session, team_id, user_id)
        cards = pair_cards(session, member, now) if member is not None else []
        cards = [
            replace(card, transfer=transfer_text(session, tandem.composer, card.pair_id))
            for card in cards
        ]
        paused = _paused(tandem, member, now)
        owner = is_owner(session, tandem.settings, team_id, user_id)
        summary = program_summary(tandem, session, team_id) if owner else None
    view = home_view(
        tandem.composer,
        cards=cards,
        paused=paused,
        summary=summary,
        help_text=help_text(tandem, team_id, user_id),
    )
    tandem.slack_for(team_id).publish_home(user_id, view)


def pair_cards(session: Session, member: Member, now: datetime) -> list[PairCard]:
    pairs = session.scalars(
        select(Pair)
        .where(Pair.status.in_(LIVE), or_(Pair.mentor_id == member.id, Pair.mentee_id == member.id))
        .order_by(Pair.started_at.desc(), Pair.id.desc())
        .limit(SHOWN_PAIRS)
    ).all()
    cards = []
    for pair in pairs:
        role = "mentor" if pair.mentor_id == member.id else "mentee"
        partner = pair.mentee if role == Role.MENTOR else pair.mentor
        parts = set(
            session.scalars(select(AgreementPart.role).where(AgreementPart.pair_id == pair.id))
        )
        goals = session.scalars(select(Goal).where(Goal.pair_id == pair.id).order_by(Goal.position))
        cards.append(
            PairCard(
                pair_id=pair.id,
                role=role,
                partner=partner.user_id,
                channel=pair.channel_id,
                status=pair.status,
                setup=pair.setup_state,
                age=age(pair.started_at, now),
                goals=[
                    {"text": g.text, "progress": g.progress, "done": g.done_at is not None}
                    for g in goals
                ],
                mine=role in parts,
                theirs=(parts - {role}) != set(),
                agreed=pair.agreement_ts not in (None, CLAIMED),
            )
        )
    return cards


def _paused(tandem: Tandem, member: Member | None, now: datetime) -> str | None:
    if member is None or not is_paused(member.paused_until, now):
        return None
    until = member.paused_until
    assert until is not None
    if until_resumed(until):
        return tandem.composer.render("home/paused.j2", until=None)
    local = until.astimezone(ZoneInfo(member.tz))
    return tandem.composer.render("home/paused.j2", until=f"{local:%A} {local.day} {local:%B}")


def program_summary(tandem: Tandem, session: Session, team_id: str) -> str:
    """One line of program numbers for owners."""
    live = select(Pair).where(Pair.team_id == team_id, Pair.status.in_(LIVE)).subquery()
    by_status: dict[str, int] = {
        status: count
        for status, count in session.execute(
            select(live.c.status, func.count()).group_by(live.c.status)
        )
    }
    by_setup: dict[str, int] = {
        state: count
        for state, count in session.execute(
            select(live.c.setup_state, func.count()).group_by(live.c.setup_state)
        )
    }
    agreed = session.scalar(
        select(func.count())
        .select_from(live)
        .where(live.c.agreement_ts.is_not(None), live.c.agreement_ts != CLAIMED)
    )
    return tandem.composer.render(
        "home/summary.j2",
        active=by_status.get(PairStatus.ACTIVE, 0),
        paused=by_status.get(PairStatus.PAUSED, 0),
        agreed=agreed or 0,
        pending=by_setup.get(SetupState.PENDING, 0),
        failed=by_setup.get(SetupState.FAILED, 0),
    )
