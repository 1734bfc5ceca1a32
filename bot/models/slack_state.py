"""What Tandem remembers of Slack itself: events already handled, and each workspace's token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime


class HandledEvent(Base):
    """An event (or a DM message) Tandem has acted on; Slack's retries of it are ignored.

    `key` is `event:<event_id>` or `message:<channel>:<ts>`; the unique key makes two
    deliveries of the same event race safely: only one insert wins.
    """

    __tablename__ = "handled_events"
    __table_args__ = (Index(None, "received_at"),)

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ref: Mapped[str | None] = mapped_column(String(64))  # what it was kept as, e.g. checkin:7


class WorkspaceHealth(Base):
    """The last token-level refusal from Slack in a workspace (a revoked or invalid token),
    until a call with the token works again. /healthz reports it."""

    __tablename__ = "workspace_health"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    token_error: Mapped[str | None] = mapped_column(String(64))
    token_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    detail: Mapped[str | None] = mapped_column(Text)
    working_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
