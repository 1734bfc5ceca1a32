"""Splitting a long list into pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int  # 1-based, clamped to the pages there are
    count: int  # how many pages in all (at least 1)
    total: int

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_of(items: Sequence[T], number: int, size: int) -> Page[T]:
    count = max(1, -(-len(items) // size))
    number = min(max(1, number), count)
    start = (number - 1) * size
    return Page(items=items[start : start + size], number=number, count=count, total=len(items))
