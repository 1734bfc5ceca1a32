"""The two sweeps of celebrations, as bot/features.py lists them.

`milestones_hourly` finds feedback and anniversary milestones; `celebrations`, on every
pass after it, finds check-in milestones and then batches what waits for the shoutout
channel, so everything recorded before it in the pass (also by a click) goes out in this
pass's batch. A quiet pass costs `celebrations` two reads in one transaction.
"""

from __future__ import annotations

from datetime import datetime

from bot.context import Tandem
from bot.services.celebrations.detection import (
    answered_lately,
    checkin_milestones_of,
    feedback_and_anniversaries,
)
from bot.services.celebrations.shoutouts import batch_shoutouts, pending_teams


def hourly(tandem: Tandem, now: datetime) -> list[str]:
    """The `milestones_hourly` sweep."""
    with tandem.sessions.begin() as session:
        feedback, months = feedback_and_anniversaries(tandem, session, now)
    return [f"milestones: {feedback} for feedback, {months} anniversaries recorded"]


def celebrate(tandem: Tandem, now: datetime) -> list[str]:
    """The `celebrations` sweep: check-in milestones, then the shoutout batches."""
    with tandem.sessions.begin() as session:
        answered = answered_lately(session, now)
        found = checkin_milestones_of(tandem, session, answered, now) if answered else 0
        teams = pending_teams(session)
        counts = batch_shoutouts(tandem, session, teams, now) if teams else {}
    shouted = ", ".join(f"{n} {what}" for what, n in counts.items()) or "none waiting"
    return [f"milestones: {found} recorded", f"shoutouts: {shouted}"]
