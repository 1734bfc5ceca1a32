"""Feedback rounds, each person's nudge in a round, and the mentee's monthly self-assessment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.domain.states import NudgeState, Role, RoundState
from bot.models.base import Base, EnumText, UTCDateTime


class FeedbackRound(Base):
    """A two-way exchange that follows every few check-in rounds: feedback given in it is
    held until both partners' is in, or it closes, and then delivered together."""

    __tablename__ = "feedback_rounds"
    __table_args__ = (
        UniqueConstraint("pair_id", "period"),
        Index(None, "state", "closes_at"),  # the sweep closes rounds by this index
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    period: Mapped[str] = mapped_column(String(32))  # the check-in period it follows
    number: Mapped[int] = mapped_column(Integer)  # that check-in round's number in the pair
    since: Mapped[datetime] = mapped_column(UTCDateTime())  # the feedback period's start
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[RoundState] = mapped_column(EnumText(RoundState), default=RoundState.OPEN)


class FeedbackNudge(Base):
    """One person's nudge (and reminder) in a round, claimed by the sweep when due."""

    __tablename__ = "feedback_nudges"
    __table_args__ = (
        UniqueConstraint("round_id", "member_id"),
        Index(None, "state", "due_at"),
        Index(None, "state", "remind_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("feedback_rounds.id"))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    role: Mapped[Role] = mapped_column(EnumText(Role))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    state: Mapped[NudgeState] = mapped_column(EnumText(NudgeState), default=NudgeState.PLANNED)
    reason: Mapped[str | None] = mapped_column(String(64))  # why it was skipped


class GoalAssessment(Base):
    """The mentee's own view of a goal in one month: a percent and a private note."""

    __tablename__ = "goal_assessments"
    __table_args__ = (UniqueConstraint("goal_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"))
    month: Mapped[str] = mapped_column(String(7))  # e.g. 2027-02, in the mentee's time zone
    progress: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime())
