"""Each pair's next tip slot, found by the tips sweep through its indexed due time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime


class TipPlan(Base):
    """A live pair's next tip: the slot's nominal date and when it is due (UTC).

    `schedule` names the rhythm and time zone `due_at` was computed with; a pass that finds
    it changed moves the slot instead of posting.
    """

    __tablename__ = "tip_plans"

    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), primary_key=True)
    period: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    schedule: Mapped[str] = mapped_column(String(100), default="")
