"""A program of N pairs (2N members) in the database and in the fake Slack."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert

from bench.infra import Fake
from bot.db.engine import make_engine
from bot.models import Goal, Member, Pair, ProgramSettings

TEAM = "T0001"
OWNER = "UOWNER0001"
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "America/Sao_Paulo")


def user_id(n: int) -> str:
    return f"U{n:08d}"


def seed_program(database_url: str, fake: Fake, pairs: int, now: datetime) -> None:
    engine = make_engine(database_url)
    members = [
        {
            "team_id": TEAM,
            "user_id": user_id(n),
            "display_name": f"person {n}",
            "tz": ZONES[n % len(ZONES)],
            "tz_refreshed_at": now,
            "role": "mentor" if n < pairs else "mentee",
            "is_bot": False,
            "deleted": False,
            "created_at": now - timedelta(days=30),
        }
        for n in range(2 * pairs)
    ]
    with engine.begin() as conn:
        conn.execute(insert(Member), members)
        conn.execute(
            insert(Pair),
            [
                {
                    "team_id": TEAM,
                    "mentor_id": n + 1,
                    "mentee_id": pairs + n + 1,
                    "status": "active",
                    "setup_state": "ready",
                    "started_at": now - timedelta(days=30),
                    "created_by": OWNER,
                    "created_at": now - timedelta(days=30),
                }
                for n in range(pairs)
            ],
        )
        # Two goals per mentee, so check-ins carry goal progress as in a real program.
        conn.execute(
            insert(Goal),
            [
                {
                    "pair_id": n // 2 + 1,
                    "position": n % 2 + 1,
                    "text": ("Lead the quarterly planning" if n % 2 else "Run a design review"),
                    "success": "my team says it was clear and useful",
                    "progress": 10 * (n % 7),
                    "created_at": now - timedelta(days=29),
                }
                for n in range(2 * pairs)
            ],
        )
        conn.execute(insert(ProgramSettings), [{"team_id": TEAM, "updated_at": now}])
    engine.dispose()
    register_users(fake, pairs)


def register_users(fake: Fake, pairs: int) -> None:
    """The program's members (and its owner) as people of the fake Slack's workspace."""
    users = [[user_id(n), f"person{n}", ZONES[n % len(ZONES)]] for n in range(2 * pairs)]
    users.append([OWNER, "owner", "UTC"])
    fake.admin("users", {"users": users})
