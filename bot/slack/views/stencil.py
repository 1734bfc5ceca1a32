"""Messages built once per shape, then filled in for each person.

Building a message renders its templates and turns Block Kit objects into dicts, which
validates every element: about a millisecond a message, most of the time a fan-out of 20,000
prompts spends planning. The prompts of one fan-out come in a few shapes (a role, a
question, how many goals and how far along), and differ only in a few values: the row's
ID, the partner, the week. So a message is built once for its shape, with holes where those
values go, and each person's copy is that JSON with the holes filled in.

The holes are safe to fill in as text because every value a template shows passes through
the same escape (bot/formatting.escape, the composer's finalize; mentions escape their ID
the same way). A value that could tell a hole from text (one holding the hole's marks, or
whitespace at either end, which a template's strip would drop) is built the slow way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from bot.formatting import escape

C = TypeVar("C")

_OPEN, _CLOSE = "\ue000", "\ue001"  # Unicode private use: never in a template
_NUMBER_BASE = 9_000_000_000_000_000_000  # far above any row ID
_HOLE = re.compile(f"{_OPEN}[a-z0-9_]+{_CLOSE}|{_NUMBER_BASE // 10**6}\\d{{6}}")


def text_hole(name: str) -> str:
    """A stand-in for a text value (lowercase letters, digits and _ in `name`)."""
    return f"{_OPEN}{name}{_CLOSE}"


def number_hole(n: int) -> int:
    """A stand-in for a row ID (0 <= n < 1,000,000)."""
    return _NUMBER_BASE + n


Holes = dict[str | int, str | int]  # a hole -> the value that goes in it


def _fits(value: str) -> bool:
    return _OPEN not in value and _CLOSE not in value and value == value.strip()


class Stencil(Generic[C]):
    """`build(card)` made once per shape. `split(card)` gives the card with holes in place
    of its own values, and what goes in each hole; None builds that card as it is."""

    def __init__(
        self, build: Callable[[C], Any], split: Callable[[C], tuple[C, Holes] | None]
    ) -> None:
        self.build, self.split = build, split
        self.shapes: dict[str, str] = {}  # repr of a shape -> its message as JSON

    def __call__(self, card: C) -> Any:
        parts = self.split(card)
        if parts is None:
            return self._alone(card)
        shape, holes = parts
        fill: dict[str, str] = {}
        for hole, value in holes.items():
            if isinstance(value, str):
                if not _fits(value):
                    return self._alone(card)
                fill[str(hole)] = json.dumps(escape(value), ensure_ascii=False)[1:-1]
            else:
                fill[str(hole)] = str(value)
        key = repr(shape)
        made = self.shapes.get(key)
        if made is None:
            made = self.shapes[key] = json.dumps(self.build(shape), ensure_ascii=False)
        return json.loads(_HOLE.sub(lambda m: fill[m.group(0)], made))

    def _alone(self, card: C) -> Any:
        """Built as it is, in the same plain JSON form as a filled-in shape."""
        return json.loads(json.dumps(self.build(card), ensure_ascii=False))
