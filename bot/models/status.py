"""The latest figures of a program's check-in rounds, kept so `/mentor status` answers at once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime


class StatusSnapshot(Base):
    """One workspace's response rate and pulse trends and its attention list, as computed at
    `computed_at` (by the status sweep, or by a `/mentor status` that found none fresh)."""

    __tablename__ = "status_snapshots"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
