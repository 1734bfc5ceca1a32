"""Waiting on conditions, never on durations (shared with the sandbox Slack)."""

from bot.sandbox.waiting import PATIENCE, wait_until

__all__ = ["PATIENCE", "wait_until"]
