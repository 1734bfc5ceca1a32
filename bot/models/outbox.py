"""The outbox: every scheduled delivery, one row per logical message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.domain.states import DeliveryState
from bot.models.base import Base, EnumText, UTCDateTime


class Delivery(Base):
    """A scheduled delivery.

    state: planned -> claimed -> sent | failed | skipped (with a reason) | missed.
    `key` is unique per logical delivery, so planning the same thing twice is a no-op.
    `claimed_by` names the claiming pass (host:pid/start/run, see bot/delivery/claims.py).
    `uncertain` marks a row whose message may already be in Slack (its worker died while
    sending, or a request timed out): it is looked up in the conversation before any resend.
    """

    __tablename__ = "deliveries"
    __table_args__ = (Index(None, "state", "due_at"), Index(None, "recipient", "state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    team_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(32))  # user ID (DM) or channel ID
    channel_id: Mapped[str | None] = mapped_column(String(32))  # DM channel once known
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[DeliveryState] = mapped_column(
        EnumText(DeliveryState), default=DeliveryState.PLANNED
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class JobRun(Base):
    """When a periodic job (such as the daily time-zone refresh) last ran."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_run_at: Mapped[datetime] = mapped_column(UTCDateTime())
