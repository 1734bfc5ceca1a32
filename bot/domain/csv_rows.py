"""Checking a CSV of pairs row by row before anything is added.

The first line names the columns: `mentor_email,mentee_email` or `mentor_id,mentee_id`.
`read_csv` checks the shape of every row; `check_people` then checks each row against the
people Slack knows and the pairs that already exist. Both report problems per line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

HEADERS: dict[tuple[str, ...], str] = {
    ("mentor_email", "mentee_email"): "email",
    ("mentor_id", "mentee_id"): "id",
}
MAX_ROWS = 2000
_EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class FileProblem(StrEnum):
    EMPTY = "empty"
    HEADER = "header"
    NO_ROWS = "no_rows"
    TOO_MANY = "too_many"


class RowProblem(StrEnum):
    COLUMNS = "columns"  # detail: how many values
    BAD_EMAIL = "bad_email"  # detail: the value
    BAD_ID = "bad_id"
    SAME_PERSON = "same_person"
    REPEATED = "repeated"  # detail: the earlier line
    UNKNOWN = "unknown"  # detail: the value Slack does not know
    BOT = "bot"
    DEACTIVATED = "deactivated"
    EXISTS = "exists"  # the pair is already active or paused


@dataclass(frozen=True)
class Row:
    line: int
    mentor: str  # an email (lower-cased) or a user ID, as the header says
    mentee: str


@dataclass(frozen=True)
class Problem:
    line: int
    problem: RowProblem
    detail: str = ""


@dataclass(frozen=True)
class CsvRows:
    kind: str  # "email" or "id"
    rows: list[Row]
    problems: list[Problem]

    @property
    def total(self) -> int:
        return len(self.rows) + len({p.line for p in self.problems})


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    tz: str | None
    is_bot: bool
    deleted: bool
    email: str | None = None


@dataclass(frozen=True)
class ValidRow:
    line: int
    mentor: Person
    mentee: Person


def read_csv(text: str) -> CsvRows | FileProblem:
    """Parse the text; shape problems are per row, a bad header or no rows fail the file."""
    lines = [row for row in _records(text.lstrip("\ufeff")) if any(v.strip() for v in row[1])]
    if not lines:
        return FileProblem.EMPTY
    header = tuple(v.strip().lower() for v in lines[0][1])
    kind = HEADERS.get(header)
    if kind is None:
        return FileProblem.HEADER
    body = lines[1:]
    if not body:
        return FileProblem.NO_ROWS
    if len(body) > MAX_ROWS:
        return FileProblem.TOO_MANY
    rows: list[Row] = []
    problems: list[Problem] = []
    for line, values in body:
        row_or_problem = _row(kind, line, [v.strip() for v in values])
        if isinstance(row_or_problem, Problem):
            problems.append(row_or_problem)
        else:
            rows.append(row_or_problem)
    return CsvRows(kind=kind, rows=rows, problems=problems)


def _records(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text))
    records = []
    for values in reader:
        records.append((reader.line_num, values))
    return records


def _row(kind: str, line: int, values: list[str]) -> Row | Problem:
    while len(values) > 2 and not values[-1]:
        values.pop()  # a trailing comma is harmless
    if len(values) != 2:
        return Problem(line, RowProblem.COLUMNS, str(len(values)))
    if kind == "email":
        mentor, mentee = (v.lower() for v in values)
        for value in (mentor, mentee):
            if not _EMAIL.match(value):
                return Problem(line, RowProblem.BAD_EMAIL, value)
    else:
        mentor, mentee = (v.upper() for v in values)
        for value in (mentor, mentee):
            if not _USER_ID.match(value):
                return Problem(line, RowProblem.BAD_ID, value)
    if mentor == mentee:
        return Problem(line, RowProblem.SAME_PERSON, mentor)
    return Row(line=line, mentor=mentor, mentee=mentee)


def check_people(
    rows: list[Row],
    people: Mapping[str, Person | None],
    existing: set[tuple[str, str]],
) -> tuple[list[ValidRow], list[Problem]]:
    """Resolve each row's people; refuse unknown people, bots, repeats and existing pairs.

    `people` maps each email or ID in the rows to the Slack user (None: Slack does not know
    it); `existing` holds (mentor ID, mentee ID) of pairs that are active or paused.
    """
    valid: list[ValidRow] = []
    problems: list[Problem] = []
    first_line: dict[tuple[str, str], int] = {}
    for row in rows:
        found = [people.get(row.mentor), people.get(row.mentee)]
        problem = _person_problem(row, found)
        if problem is not None:
            problems.append(problem)
            continue
        mentor, mentee = found
        assert mentor is not None and mentee is not None
        key = (mentor.user_id, mentee.user_id)
        if mentor.user_id == mentee.user_id:
            problems.append(Problem(row.line, RowProblem.SAME_PERSON, row.mentor))
        elif key in first_line:
            problems.append(Problem(row.line, RowProblem.REPEATED, str(first_line[key])))
        elif key in existing:
            problems.append(Problem(row.line, RowProblem.EXISTS))
        else:
            first_line[key] = row.line
            valid.append(ValidRow(line=row.line, mentor=mentor, mentee=mentee))
    return valid, problems


def _person_problem(row: Row, found: list[Person | None]) -> Problem | None:
    for value, person in zip((row.mentor, row.mentee), found, strict=True):
        if person is None:
            return Problem(row.line, RowProblem.UNKNOWN, value)
        if person.is_bot:
            return Problem(row.line, RowProblem.BOT, value)
        if person.deleted:
            return Problem(row.line, RowProblem.DEACTIVATED, value)
    return None
