"""Check-ins: one reflection prompt per person per period, and its answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.domain.states import CheckInState, Role
from bot.models.base import Base, EnumText, UTCDateTime


class CheckIn(Base):
    """A prompt to one member of a pair for one period; private unless shared."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("pair_id", "member_id", "period"),
        Index(None, "member_id", "state"),
        Index(None, "state", "due_at"),  # the planner finds what is due by this index
        Index(None, "answered_at"),  # the milestone sweep finds what was answered lately
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    role: Mapped[Role] = mapped_column(EnumText(Role))
    period: Mapped[str] = mapped_column(String(32))  # e.g. 2027-01-05 (local slot date)
    question_id: Mapped[str] = mapped_column(String(64))
    question_round: Mapped[int] = mapped_column(Integer, default=0)  # rotation round
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The cadence and time zone due_at was computed with (see bot/domain/schedule.py).
    schedule: Mapped[str] = mapped_column(String(100), default="")
    state: Mapped[CheckInState] = mapped_column(
        EnumText(CheckInState), default=CheckInState.PLANNED
    )
    channel_id: Mapped[str | None] = mapped_column(String(32))  # the DM channel
    message_ts: Mapped[str | None] = mapped_column(String(32))
    pulse: Mapped[int | None] = mapped_column(Integer)
    reflection: Mapped[str | None] = mapped_column(Text)
    goal_progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_ts: Mapped[str | None] = mapped_column(String(32))
    # How many times the DM was updated (chat.update): part of its controls' block_id, so
    # that Slack shows the saved state instead of what was clicked (wire.controls_block).
    dm_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the pulse was last given or changed: the coaching sweep looks at new ones by it.
    pulse_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
