"""Succession: each pair's target role and areas, the program's area list, knowledge
handed over, and monthly readiness rounds rated from both sides."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.domain.states import ReadinessState, Role
from bot.models.base import Base, EnumText, UTCDateTime


class AreaList(Base):
    """The capability areas a program offers its pairs (`/mentor areas`); without a row,
    the default list in prompts/succession/words.toml."""

    __tablename__ = "succession_area_lists"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SuccessionPlan(Base):
    """The role a pair's mentee is preparing for, and the areas it asks of them."""

    __tablename__ = "succession_plans"

    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    target_role: Mapped[str] = mapped_column(String(100), default="")
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Handover(Base):
    """A piece of knowledge one member of a pair logged as handed over. `view_id` is the
    modal it was written in, so a repeated submission is kept once."""

    __tablename__ = "handovers"
    __table_args__ = (UniqueConstraint("team_id", "view_id"), Index(None, "team_id", "area"))

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    view_id: Mapped[str] = mapped_column(String(64))
    area: Mapped[str] = mapped_column(String(64))
    how: Mapped[str] = mapped_column(String(16))
    shared: Mapped[str] = mapped_column(Text)  # as typed; escaped whenever it is shown
    source_ts: Mapped[str | None] = mapped_column(String(32))  # the message it was logged from
    channel_ts: Mapped[str | None] = mapped_column(String(32))  # the note in the pair channel
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReadinessRound(Base):
    """One month's readiness round of a pair: open for 14 days, revealed to both once both
    have rated, or closed without a comparison."""

    __tablename__ = "readiness_rounds"
    __table_args__ = (
        UniqueConstraint("pair_id", "number"),
        UniqueConstraint("pair_id", "month"),
        Index(None, "state", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per pair
    month: Mapped[str] = mapped_column(String(7))  # e.g. 2027-01
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)  # as when it opened
    state: Mapped[ReadinessState] = mapped_column(EnumText(ReadinessState))
    ready: Mapped[bool | None] = mapped_column(Boolean)  # set when revealed
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ReadinessRating(Base):
    """One side's ratings in a round: {area: 1-5}; areas left out were not rated."""

    __tablename__ = "readiness_ratings"
    __table_args__ = (UniqueConstraint("round_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("readiness_rounds.id"), index=True)
    role: Mapped[Role] = mapped_column(EnumText(Role))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    ratings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
