"""The readiness section of `/mentor status`: per target role how many mentees are ready
(both sides 4 or more in every area in their latest round rated by both), progressing, or
not rated yet; each pair's band; handovers counted by area, and the areas with the least.
Counts and bands only: never what anyone wrote or a single rating."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.domain.states import LIVE, ReadinessState
from bot.domain.succession import Band, band, least_transferred, role_key, unique_areas
from bot.models import Handover, Pair, ReadinessRound, SuccessionPlan
from bot.services.succession.pairs import program_areas
from bot.slack.views.succession import WORDS

SHOWN_BANDS = 15


@dataclass
class RoleCounts:
    name: str
    ready: int = 0
    progressing: int = 0
    not_rated: int = 0


def pair_bands(session: Session, team_id: str) -> list[tuple[Pair, SuccessionPlan, Band]]:
    """Each live pair with a named role or areas: (pair, its plan, band), oldest first."""
    plans = session.execute(
        select(Pair, SuccessionPlan)
        .join(SuccessionPlan, SuccessionPlan.pair_id == Pair.id)
        .where(Pair.team_id == team_id, Pair.status.in_(LIVE))
        .order_by(Pair.id)
    ).all()
    latest: dict[int, tuple[int, bool | None]] = {}
    for pair_id, number, ready in session.execute(
        select(ReadinessRound.pair_id, ReadinessRound.number, ReadinessRound.ready).where(
            ReadinessRound.team_id == team_id, ReadinessRound.state == ReadinessState.REVEALED
        )
    ):
        if pair_id not in latest or number > latest[pair_id][0]:
            latest[pair_id] = (number, ready)
    return [
        (pair, plan, band(latest[pair.id][1] if pair.id in latest else None))
        for pair, plan in plans
    ]


def status_section(tandem: Tandem, session: Session, team_id: str) -> str:
    """The section's text, for the end of `/mentor status`."""
    words = tandem.composer.data(WORDS)
    bands = pair_bands(session, team_id)
    roles: dict[str, RoleCounts] = {}
    for _, plan, found in bands:
        name = plan.target_role.strip() or words["status"]["no_role"]
        counts = roles.setdefault(role_key(name), RoleCounts(name))
        setattr(counts, found.value, getattr(counts, found.value) + 1)
    by_area = Counter(
        {
            str(area): int(count)
            for area, count in session.execute(
                select(Handover.area, func.count())
                .where(Handover.team_id == team_id)
                .group_by(Handover.area)
            )
        }
    )
    areas = unique_areas(
        [*program_areas(session, tandem.composer, team_id)]
        + [area for _, plan, _ in bands for area in plan.areas]
    )
    return tandem.composer.render(
        "succession/status_section.j2",
        roles=sorted(roles.values(), key=lambda r: r.name.casefold()),
        bands=[
            {"mentor": p.mentor.user_id, "mentee": p.mentee.user_id, "band": words["bands"][b]}
            for p, _, b in bands[:SHOWN_BANDS]
        ],
        more=max(0, len(bands) - SHOWN_BANDS),
        counts=sorted(by_area.items(), key=lambda item: (-item[1], item[0].casefold())),
        least=least_transferred(by_area, areas),
    )
