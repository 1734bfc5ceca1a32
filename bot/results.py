"""What a command, a click or a modal submission answers: one shape for every service.

Listeners turn a Result into Slack's answer: an ephemeral reply, a modal opened, errors
under a submitted modal's fields, a modal replaced, or nothing. A view_submission must be
answered within three seconds, so slow work (posting to channels, asking Slack about
people) goes in `then`, which the listener runs after the ack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

COULD_NOT_OPEN = "Sorry, I could not open that."


@dataclass(frozen=True)
class Result:
    text: str | None = None  # an ephemeral reply to the person
    blocks: list[dict[str, Any]] | None = None  # ... with these blocks
    modal: dict[str, Any] | None = None  # a modal to open, or (submissions) to show instead
    errors: Mapping[str, str] | None = None  # submissions: block_id -> message under it
    then: Callable[[], None] | None = None  # slow work, run after the ack
    replace: bool = False  # the reply replaces the message that was clicked
    fallback: str = COULD_NOT_OPEN  # shown if the modal could not be opened


def reply(text: str, blocks: list[dict[str, Any]] | None = None) -> Result:
    """Tell the person something (ephemeral)."""
    return Result(text=text, blocks=blocks)


def open_modal(view: dict[str, Any], fallback: str = COULD_NOT_OPEN) -> Result:
    """Open a modal (from a command or a click)."""
    return Result(modal=view, fallback=fallback)


def field_errors(errors: Mapping[str, str]) -> Result:
    """Refuse a modal submission: a message under each field; the modal stays open."""
    return Result(errors=dict(errors))


def replace_modal(view: dict[str, Any], then: Callable[[], None] | None = None) -> Result:
    """Accept a modal submission and show this view in its place."""
    return Result(modal=view, then=then)


def done(then: Callable[[], None] | None = None) -> Result:
    """Accept a modal submission and close it; run `then` after the ack."""
    return Result(then=then)
