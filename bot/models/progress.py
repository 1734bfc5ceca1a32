"""Feedback between partners, milestones and the tips a pair has received."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime


class Feedback(Base):
    """Structured feedback (situation, behaviour, impact) from one partner to the other."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    from_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    to_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    situation: Mapped[str] = mapped_column(Text)
    behaviour: Mapped[str] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(Text)
    delivered: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Milestone(Base):
    """Something worth celebrating, such as 'agreement set' or a goal reached."""

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("pair_id", "kind", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str] = mapped_column(String(64), default="")  # distinguishes repeats
    title: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(32))
    shoutout: Mapped[bool] = mapped_column(Boolean, default=False)
    achieved_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TipSent(Base):
    """A tip posted to a pair channel, so that a pair never gets the same tip twice."""

    __tablename__ = "tips_sent"
    __table_args__ = (UniqueConstraint("pair_id", "tip_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"))
    tip_id: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
