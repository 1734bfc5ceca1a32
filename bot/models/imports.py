"""CSV imports of pairs: checked row by row, then set up in the background once confirmed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.domain.states import ImportState
from bot.models.base import Base, EnumText, UTCDateTime


class PairImport(Base):
    """One import of many pairs, from `/mentor import` or `tandem pairs import`.

    state: checking -> checked (problems found, waiting for the owner) -> running (pairs saved,
    channels being set up through the outbox) -> done; or cancelled. `rows` holds the valid
    rows with the people resolved; `problems` the rows that cannot be added and why.
    """

    __tablename__ = "pair_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    requested_by: Mapped[str] = mapped_column(String(32))  # a user ID, or "cli"
    source: Mapped[str] = mapped_column(String(16))  # slack / cli
    state: Mapped[ImportState] = mapped_column(EnumText(ImportState), default=ImportState.CHECKING)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    pair_count: Mapped[int] = mapped_column(Integer, default=0)
    notify_user: Mapped[str | None] = mapped_column(String(32))  # who hears about progress
    progress_channel: Mapped[str | None] = mapped_column(String(32))
    progress_ts: Mapped[str | None] = mapped_column(String(32))
    progress_shown: Mapped[int] = mapped_column(Integer, default=0)  # set-ups counted last time
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
