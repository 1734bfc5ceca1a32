"""Mentorship pairs, their goals and their agreement."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.domain.states import PairStatus, Role, SetupState
from bot.models.base import Base, EnumText, UTCDateTime
from bot.models.people import Member


class Pair(Base):
    """A mentor and a mentee, with their channel, status and check-in cadence."""

    __tablename__ = "pairs"
    __table_args__ = (
        Index(None, "team_id", "status"),
        Index(None, "checkins_planned_at"),
        Index(None, "started_at"),  # the anniversaries sweep reads pairs by their start
        # At most one live (active or paused) pair of the same mentor and mentee, even when
        # two owners pair them at the same instant.
        Index(
            None,
            "team_id",
            "mentor_id",
            "mentee_id",
            unique=True,
            sqlite_where=text("status IN ('active', 'paused')"),
            postgresql_where=text("status IN ('active', 'paused')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[PairStatus] = mapped_column(EnumText(PairStatus), default=PairStatus.ACTIVE)
    setup_state: Mapped[SetupState] = mapped_column(EnumText(SetupState), default=SetupState.READY)
    cadence: Mapped[str | None] = mapped_column(String(16))  # None: program default
    cadence_weekday: Mapped[int | None] = mapped_column(Integer)
    cadence_time: Mapped[str | None] = mapped_column(String(5))
    agreement_ts: Mapped[str | None] = mapped_column(String(32))  # pinned agreement message
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When the check-in planner first planned this pair's check-ins; NULL for a new pair.
    checkins_planned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    import_id: Mapped[int | None] = mapped_column(ForeignKey("pair_imports.id"), index=True)

    mentor: Mapped[Member] = relationship(foreign_keys=[mentor_id], lazy="joined")
    mentee: Mapped[Member] = relationship(foreign_keys=[mentee_id], lazy="joined")


class Goal(Base):
    """One of the mentee's goals (up to three), with what success looks like."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    success: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent, latest reported
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # marked done (None: not)
    done_by: Mapped[str | None] = mapped_column(String(32))


class AgreementPart(Base):
    """The mentor's or the mentee's half of the mentorship agreement."""

    __tablename__ = "agreement_parts"
    __table_args__ = (UniqueConstraint("pair_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"))
    role: Mapped[Role] = mapped_column(EnumText(Role))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_by: Mapped[str] = mapped_column(String(32))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
