"""What each feature stores about a person, and how it is exported and erased.

A feature that keeps rows about people names them in its `Feature(personal=...)` hook
(bot/features.py): the tables it answers for, an `export` that returns its part of
`/mentor my-data` (plain JSON values, only what the person may see: never a partner's
private words), and an `erase` that carries out its part of `/mentor forget-me` in the
caller's transaction. tests/test_personal_data.py fails when a table with a person's user ID
or member ID is not named by any feature, so a new table cannot be forgotten here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bot.models import Pair


@dataclass(frozen=True)
class Person:
    """Someone asking for their data in one workspace; `member_id` None: never stored."""

    team_id: str
    user_id: str
    member_id: int | None


Export = Callable[[Session, Person], Mapping[str, Any]]
Erase = Callable[[Session, Person, datetime], None]


@dataclass(frozen=True)
class PersonalData:
    # table name -> what is kept or erased of it, in a few words (read by the coverage test)
    tables: Mapping[str, str]
    export: Export
    erase: Erase


def plain(value: Any) -> Any:
    """A stored value as JSON takes it: instants in ISO 8601 UTC, enums as their text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def row_values(row: Any, *columns: str) -> dict[str, Any]:
    """These columns of an ORM row, as plain JSON values."""
    return {name: plain(getattr(row, name)) for name in columns}


def pair_ids(person: Person, *, as_mentee: bool = False) -> Select[Any]:
    """A subquery of the person's pairs in their workspace (only those where they are the
    mentee, whose goals and plans are theirs, if `as_mentee`)."""
    if as_mentee:
        theirs = Pair.mentee_id == person.member_id
    else:
        theirs = (Pair.mentor_id == person.member_id) | (Pair.mentee_id == person.member_id)
    return select(Pair.id).where(Pair.team_id == person.team_id, theirs)
