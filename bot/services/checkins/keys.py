"""Outbox keys of check-in prompts and reminders: unique per pair, person and period."""

from __future__ import annotations

from bot.models import CheckIn

CHECKIN_KIND = "checkin"
REMINDER_KIND = "checkin_reminder"


def checkin_key(pair_id: int, member_id: int, period: str) -> str:
    return f"{CHECKIN_KIND}:{pair_id}:{member_id}:{period}"


def parse_checkin_key(key: str) -> tuple[int, int, str] | None:
    """(pair id, member id, period) of a check-in key, or None for any other key."""
    kind, _, rest = key.partition(":")
    pair_id, _, rest = rest.partition(":")
    member_id, _, period = rest.partition(":")
    if kind != CHECKIN_KIND or not pair_id.isdigit() or not member_id.isdigit() or not period:
        return None
    return int(pair_id), int(member_id), period


def reminder_key(checkin: CheckIn) -> str | None:
    """The key of the check-in's pending reminder (one per remind_at), if it has one."""
    if checkin.remind_at is None:
        return None
    stamp = checkin.remind_at.strftime("%Y%m%dT%H%MZ")
    return f"{REMINDER_KIND}:{checkin.pair_id}:{checkin.member_id}:{checkin.period}:{stamp}"
