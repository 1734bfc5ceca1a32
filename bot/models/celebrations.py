"""Kudos between partners, shoutout opt-outs and shoutout channels found broken."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.domain.states import ShoutoutState
from bot.models.base import Base, EnumText, UTCDateTime


class Kudos(Base):
    """A thank-you from one member of a pair to the other, posted in their pair channel and,
    unless the recipient opted out, in the shoutout channel (`shoutout_state`)."""

    __tablename__ = "kudos"
    __table_args__ = (Index(None, "team_id", "created_at"), Index(None, "shoutout_state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"), index=True)
    giver_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    text: Mapped[str] = mapped_column(Text)  # as typed; escaped whenever it is shown
    channel_ts: Mapped[str | None] = mapped_column(String(32))  # the post in the pair channel
    shoutout_state: Mapped[ShoutoutState | None] = mapped_column(EnumText(ShoutoutState))
    shoutout_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ShoutoutOptOut(Base):
    """A person who asked (`/mentor shoutouts off`) not to be named in the shoutout channel,
    in any of their pairs; `/mentor shoutouts on` deletes the row."""

    __tablename__ = "shoutout_optouts"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ShoutoutBreak(Base):
    """The shoutout channel of one saved setting that Slack refused (archived, missing, or
    Tandem not in it). While the setting is unchanged, shoutouts wait; saving the settings
    again makes a new `setting` and they are tried again. One row, and one owner notice,
    per breakage."""

    __tablename__ = "shoutout_breaks"
    __table_args__ = (UniqueConstraint("team_id", "setting"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    setting: Mapped[str] = mapped_column(String(100))  # "<channel>@<settings saved at>"
    channel_id: Mapped[str] = mapped_column(String(32))
    error: Mapped[str] = mapped_column(String(64))
    found_at: Mapped[datetime] = mapped_column(UTCDateTime())
