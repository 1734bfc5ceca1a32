"""Outbox kinds and keys of the feedback feature: each message once per person and period."""

from __future__ import annotations

NUDGE_KIND = "feedback_nudge"
REMINDER_KIND = "feedback_reminder"
DELIVERY_KIND = "feedback_delivery"
RECEIVED_KIND = "feedback_received"  # the giver told how their feedback landed
ASSESSMENT_KIND = "self_assessment"


def nudge_key(pair_id: int, member_id: int, period: str) -> str:
    return f"{NUDGE_KIND}:{pair_id}:{member_id}:{period}"


def reminder_key(pair_id: int, member_id: int, period: str) -> str:
    return f"{REMINDER_KIND}:{pair_id}:{member_id}:{period}"


def delivery_key(feedback_id: int) -> str:
    return f"{DELIVERY_KIND}:{feedback_id}"


def received_key(feedback_id: int) -> str:
    return f"{RECEIVED_KIND}:{feedback_id}"


def assessment_key(pair_id: int, month: str) -> str:
    return f"{ASSESSMENT_KIND}:{pair_id}:{month}"
