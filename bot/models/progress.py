"""Feedback between partners, milestones and the tips a pair has received."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.domain.states import ShoutoutState
from bot.models.base import Base, EnumText, UTCDateTime


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
    """Something worth celebrating, such as 'agreement set' or a goal reached.

    Recorded once per pair, kind and ref (a goal's id for `goal_done`, else ""), also when
    two workers find it at once; its celebration in the pair channel is an outbox delivery.
    A public kind also waits for the shoutout channel (`shoutout_state`, see ShoutoutState),
    going out in the batch named by `shoutout_key`.
    """

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("pair_id", "kind", "ref"), Index(None, "shoutout_state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str] = mapped_column(String(64), default="")  # distinguishes repeats
    title: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(32))  # who marked it; None: found
    shoutout_state: Mapped[ShoutoutState | None] = mapped_column(EnumText(ShoutoutState))
    shoutout_key: Mapped[str | None] = mapped_column(String(200))
    achieved_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TipSent(Base):
    """A tip posted to a pair channel, so that a pair never gets the same tip twice."""

    __tablename__ = "tips_sent"
    __table_args__ = (UniqueConstraint("pair_id", "tip_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"))
    tip_id: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
