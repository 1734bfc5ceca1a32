"""Tandem: a Slack bot that coaches mentorship pairs."""

__version__ = "0.1.0"
