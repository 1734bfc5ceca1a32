"""A program of N pairs a season in: 12 weekly rounds of check-ins sent, feedback and
milestones, written with COPY so that 10,000 pairs take seconds. Some pairs are made to
need attention for each reason; the rest answer most check-ins."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from bench.seed import OWNER, TEAM

WEEKS = 12
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "America/Sao_Paulo")


def _status(n: int) -> str:
    return (
        "paused"
        if n % 50 == 7
        else "ended"
        if n % 60 == 8
        else ("completed" if n % 70 == 9 else "active")
    )


def _answer(n: int, role: int, week: int) -> int | None:
    """The pulse given (None: not answered) by member `role` of pair n in round `week`."""
    late = week > WEEKS - 3  # the last 3 rounds (the last may still be open)
    if n % 10 == 0 and late:
        return None  # the pair has gone silent
    if n % 13 == 2 and late and role == 1:
        return None  # the mentee has gone silent
    if n % 17 == 1 and role == 1 and week > WEEKS - 3:
        return 5 - (week - (WEEKS - 2))  # 5, 4, 3: the mentee's pulse falls
    if n % 19 == 3:
        return 5 if role == 0 else 2  # they see it differently
    if (n * 7 + week * 3 + role) % 9 == 0:
        return None  # an ordinary missed week
    return 4 + (n + week + role) % 2


def _rows(pairs: int, now: datetime) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    started = now - timedelta(weeks=WEEKS, days=2)
    yield (
        "members (team_id, user_id, display_name, tz, is_bot, deleted, created_at)",
        [
            (TEAM, f"U{n:08d}", f"person {n}", ZONES[n % len(ZONES)], False, False, started)
            for n in range(2 * pairs)
        ],
    )
    yield (
        "pairs (team_id, mentor_id, mentee_id, status, setup_state, agreement_ts, started_at,"
        " created_by, created_at, checkins_planned_at)",
        [
            (
                TEAM,
                n + 1,
                pairs + n + 1,
                _status(n),
                "ready",
                None if n % 23 == 5 else "1800000000.000100",
                started,
                OWNER,
                started,
                started,
            )
            for n in range(pairs)
        ],
    )
    checkins = []
    for n in range(pairs):
        for role, member in ((0, n + 1), (1, pairs + n + 1)):
            for week in range(1, WEEKS + 1):
                due = started + timedelta(weeks=week)
                pulse = _answer(n, role, week)
                is_open = week == WEEKS and pulse is None
                state = "answered" if pulse else ("open" if is_open else "superseded")
                checkins.append(
                    (
                        TEAM,
                        n + 1,
                        member,
                        ("mentor", "mentee")[role],
                        f"{due:%Y-%m-%d}",
                        "q",
                        0,
                        due,
                        "",
                        state,
                        "{}",
                        False,
                        0,
                        pulse,
                        "private words" if pulse and week % 2 else None,
                        due,
                        due + timedelta(hours=3) if pulse else None,
                    )
                )
    yield (
        "checkins (team_id, pair_id, member_id, role, period, question_id, question_round,"
        " due_at, schedule, state, goal_progress, shared, dm_revision, pulse, reflection,"
        " sent_at, answered_at)",
        checkins,
    )
    feedback = [
        (
            TEAM,
            n + 1,
            member,
            other,
            "private",
            "private",
            "private",
            True,
            now - timedelta(days=3 + (n * 5 + k * 11) % 38),
        )
        for n in range(pairs)
        if n % 11 != 4
        for k, (member, other) in enumerate(((n + 1, pairs + n + 1), (pairs + n + 1, n + 1)))
    ]
    yield (
        "feedback (team_id, pair_id, from_member_id, to_member_id, situation, behaviour,"
        " impact, delivered, created_at)",
        feedback,
    )
    kinds = ("agreement_set", "first_checkin", "streak_4")
    yield (
        "milestones (team_id, pair_id, kind, ref, title, achieved_at)",
        [
            (
                TEAM,
                n + 1,
                kind,
                "",
                kind.replace("_", " "),
                started + timedelta(weeks=1 + 4 * k, hours=n % 500),
            )
            for n in range(pairs)
            for k, kind in enumerate(kinds)
        ],
    )
    yield (
        "goals (pair_id, position, text, progress, created_at)",
        [
            (n + 1, p, f"goal {p}", (n * 13 + p * 29) % 101, started)
            for n in range(pairs)
            for p in (1, 2)
        ],
    )


def seed_season(engine: Engine, pairs: int, now: datetime) -> dict[str, int]:
    """COPY the season into an empty, migrated PostgreSQL database; rows per table."""
    counts: dict[str, int] = {}
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for target, rows in _rows(pairs, now):
            with cursor.copy(f"COPY {target} FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
            counts[target.split()[0]] = len(rows)
        cursor.execute(
            "INSERT INTO program_settings (team_id, cadence, cadence_weekday, "
            "cadence_time, tips_enabled, tips_every_days, digest_enabled) "
            "VALUES (%s, 'weekly', 1, '10:00', true, 7, true)",
            (TEAM,),
        )
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    return counts
