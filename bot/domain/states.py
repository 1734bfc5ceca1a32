"""The states of Tandem's records, as enums the models, the queries and the code share.

Each is a StrEnum, so a value is stored as the same plain string it always was.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"

    @property
    def other(self) -> Role:
        return Role.MENTEE if self is Role.MENTOR else Role.MENTOR


class PairStatus(StrEnum):
    """active <-> paused -> ended, or completed (an owner closed it as a finished program)."""

    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"
    COMPLETED = "completed"


LIVE = (PairStatus.ACTIVE, PairStatus.PAUSED)  # a pair that may still get prompts
FINISHED = (PairStatus.ENDED, PairStatus.COMPLETED)  # closed for good; its history is kept


class SetupState(StrEnum):
    """A pair's channel: set up (ready), still to do in the background (pending), given up."""

    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"


class CheckInState(StrEnum):
    """planned (the member's next check-in) -> queued (its delivery is in the outbox) -> open
    (sent) -> answered / skipped / superseded (the next one was sent); or missed / failed."""

    PLANNED = "planned"
    QUEUED = "queued"
    OPEN = "open"
    ANSWERED = "answered"
    SKIPPED = "skipped"
    SUPERSEDED = "superseded"
    MISSED = "missed"
    FAILED = "failed"


ANSWERABLE = (CheckInState.OPEN, CheckInState.ANSWERED, CheckInState.SKIPPED)
WENT_OUT = (*ANSWERABLE, CheckInState.SUPERSEDED)  # check-ins that reached the person


class DeliveryState(StrEnum):
    """planned -> claimed -> sent | failed | skipped (with a reason) | missed."""

    PLANNED = "planned"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    MISSED = "missed"


class ImportState(StrEnum):
    """checking -> checked (problems found, waiting for the owner) -> running (pairs saved,
    channels being set up through the outbox) -> done; or cancelled."""

    CHECKING = "checking"
    CHECKED = "checked"
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"


class ShoutoutState(StrEnum):
    """A milestone or kudos for the shoutout channel: pending (waits for the next pass's
    batch) -> planned (in a batch in the outbox; back to pending if the channel is broken)
    or skipped (a member opted out, or no channel is set)."""

    PENDING = "pending"
    PLANNED = "planned"
    SKIPPED = "skipped"


class FeedbackState(StrEnum):
    """held (in an open round, waiting for the partner's) -> queued (its DM is in the outbox)
    -> delivered (in the partner's DM). Outside a round it is queued at once."""

    HELD = "held"
    QUEUED = "queued"
    DELIVERED = "delivered"


class RoundState(StrEnum):
    """A feedback round: open (nudges out, feedback joins it) -> closed (both in, or 7 days)."""

    OPEN = "open"
    CLOSED = "closed"


class NudgeState(StrEnum):
    """One person's nudge in a round: planned -> nudged -> reminded; or done (they gave
    feedback) or skipped (paused, ended, or they gave feedback in the period)."""

    PLANNED = "planned"
    NUDGED = "nudged"
    REMINDED = "reminded"
    DONE = "done"
    SKIPPED = "skipped"


class ReadinessState(StrEnum):
    """A monthly readiness round: open for ratings, revealed to both once both are in, or
    closed after 14 days without both."""

    OPEN = "open"
    REVEALED = "revealed"
    CLOSED = "closed"
