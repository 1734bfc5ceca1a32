"""Members of a workspace, program owners, program settings and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime


class Member(Base):
    """A Slack user known to Tandem in one workspace."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))
    tz: Mapped[str] = mapped_column(String(64), default="UTC")  # IANA name
    tz_refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    role: Mapped[str | None] = mapped_column(String(16))  # mentor / mentee / both
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    dm_channel_id: Mapped[str | None] = mapped_column(String(32))
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When they asked Tandem to forget them (`/mentor forget-me`): their name, email and
    # time zone were erased and the daily refresh leaves them so. Cleared if paired again.
    forgotten_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Owner(Base):
    """A program owner added by command (owners from TANDEM_OWNERS are not stored)."""

    __tablename__ = "owners"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    added_by: Mapped[str | None] = mapped_column(String(32))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProgramSettings(Base):
    """Per-workspace program settings, edited with `/mentor settings`."""

    __tablename__ = "program_settings"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    shoutout_channel_id: Mapped[str | None] = mapped_column(String(32))
    cadence: Mapped[str] = mapped_column(String(16), default="weekly")
    cadence_weekday: Mapped[int] = mapped_column(Integer, default=1)  # Monday=0
    cadence_time: Mapped[str] = mapped_column(String(5), default="10:00")  # local HH:MM
    tips_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    tips_every_days: Mapped[int] = mapped_column(Integer, default=7)
    # The owners' weekly status digest (Monday morning, by DM).
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Every this many check-in rounds, a feedback round (0: no feedback nudges).
    feedback_every_rounds: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    tips_weekday: Mapped[int] = mapped_column(Integer, default=3, server_default="3")  # Thursday
    tips_time: Mapped[str] = mapped_column(String(5), default="10:00", server_default="10:00")
    # Days a reflection text is kept after it was written (None: for as long as the program
    # runs); the daily `retention` sweep clears older ones.
    reflections_kept_days: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    """Who did what, when: every owner action is written here."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    actor_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    summary: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
