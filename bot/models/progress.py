"""Feedback between partners, milestones and the tips a pair has received."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.domain.states import FeedbackState, ShoutoutState
from bot.models.base import Base, EnumText, UTCDateTime


class Feedback(Base):
    """Structured feedback (situation, behaviour, impact, a next step) from one partner to
    the other; `delivered` once it is in the receiver's DM. The receiver's reception and
    private reflection are theirs alone. Unique per giver and modal (`view_id`), so a
    submission Slack sends twice is saved once."""

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("from_member_id", "view_id"),
        Index(None, "round_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    from_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    to_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    situation: Mapped[str] = mapped_column(Text)
    behaviour: Mapped[str] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(Text)
    next_step: Mapped[str] = mapped_column(Text, default="", server_default="")
    delivered: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    round_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_rounds.id"))
    state: Mapped[FeedbackState] = mapped_column(
        EnumText(FeedbackState), default=FeedbackState.QUEUED, server_default="queued"
    )
    view_id: Mapped[str | None] = mapped_column(String(64))
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel_id: Mapped[str | None] = mapped_column(String(32))  # the receiver's DM
    message_ts: Mapped[str | None] = mapped_column(String(32))
    reception: Mapped[str | None] = mapped_column(String(16))  # thanks / talk
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reflection: Mapped[str | None] = mapped_column(Text)  # the receiver's, private


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
    """A tip posted to a pair channel: `rounds` counts how often, so that a pair gets no
    tip twice before it has had every other one."""

    __tablename__ = "tips_sent"
    __table_args__ = (UniqueConstraint("pair_id", "tip_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"))
    tip_id: Mapped[str] = mapped_column(String(64))
    rounds: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
