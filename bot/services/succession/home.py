"""The pair's knowledge-transfer log on the Home tab of its two members."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.composer import Composer
from bot.models import Handover
from bot.services.succession.pairs import plan_of
from bot.slack.views.succession import how_words

SHOWN = 5


def transfer_text(session: Session, composer: Composer, pair_id: int) -> str:
    """The role the mentee is preparing for and the latest handovers (newest first)."""
    plan = plan_of(session, pair_id)
    latest = session.scalars(
        select(Handover)
        .where(Handover.pair_id == pair_id)
        .order_by(Handover.created_at.desc(), Handover.id.desc())
        .limit(SHOWN)
    ).all()
    total = session.scalar(select(func.count()).where(Handover.pair_id == pair_id)) or 0
    return composer.render(
        "succession/home.j2",
        role=plan.target_role if plan else "",
        total=total,
        handovers=[
            {"area": h.area, "how": how_words(composer, h.how), "shared": _short(h.shared)}
            for h in latest
        ],
    )


def _short(text: str, most: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= most else line[: most - 1].rstrip() + "…"
