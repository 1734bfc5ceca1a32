"""The program under test: N pairs whose check-ins the real planner plans and sends.

Seeding plans every pair's first check-ins with the planner's own step. A fan-out makes
the next check-in of each member of the first n pairs due; the workers' passes then queue
the check-in DMs (the planner) and send them (the outbox). The click of the latency
scenario is a real pulse button of a check-in DM that was sent.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, literal_column, select, text, update

from bench.infra import Fake, tandem_env
from bench.projection import Prompt
from bench.seed import OWNER, TEAM, register_users, seed_program
from bot.bootstrap import build_tandem
from bot.clock import FixedClock
from bot.db.engine import make_engine
from bot.features import wiring
from bot.models import CheckIn, Delivery, JobRun, Member
from bot.services.checkins.keys import CHECKIN_KIND, checkin_key
from bot.services.checkins.planner import PlanReport, start_new_pairs
from bot.settings import load_settings
from tests.support.driver import Response, SlackDriver

QUIET = timedelta(minutes=16)


class Program:
    kind = CHECKIN_KIND

    def __init__(self, url: str, fake: Fake, pairs: int, now: datetime) -> None:
        self.url, self.fake, self.pairs, self.now = url, fake, pairs, now
        self.engine = make_engine(url)
        self.owner = OWNER
        self.since = now
        self.due_at = now
        self.due_pairs = 0
        self.first_prompts: list[Prompt] = []  # as the planner planned them, for projecting
        self._buttons: list[dict[str, Any]] = []

    def seed(self) -> None:
        seed_program(self.url, self.fake, self.pairs, self.now)
        with self.engine.begin() as conn:
            # A program that has been running: today's daily sweeps are done.
            daily = [s.name for s in wiring().sweeps if s.every is not None]
            conn.execute(insert(JobRun), [{"name": n, "last_run_at": self.now} for n in daily])
        tandem = build_tandem(
            load_settings(tandem_env(self.url, self.fake)), clock=FixedClock(self.now)
        )
        # Only the planner's first step: a whole pass would also send the few that are due.
        while start_new_pairs(tandem, self.now, PlanReport()):
            pass
        tandem.engine.dispose()
        self.first_prompts = self.prompts()
        with self.engine.begin() as conn:
            # The first check-ins already due (10:00 has passed in some zones) move a week
            # on: the workers start with nothing due, and each fan-out makes its own due.
            conn.execute(
                update(CheckIn)
                .where(CheckIn.state == "planned", CheckIn.due_at <= self.now + timedelta(days=1))
                .values(due_at=literal_column("due_at + interval '7 days'"))
            )

    def move_to(self, fake: Fake) -> None:
        """Go on with another fake Slack: its people are the program's, and the DMs the
        members had with the first one are forgotten (the next posts open new ones)."""
        register_users(fake, self.pairs)
        with self.engine.begin() as conn:
            conn.execute(update(Member).values(dm_channel_id=None))
        self.fake = fake

    def settle(self) -> int:
        """Set aside what the last fan-out left due or half-sent (the self-assessments that
        follow a month's first check-in), so that the next scenario starts with nothing
        due."""
        with self.engine.begin() as conn:
            left = conn.execute(
                update(Delivery)
                .where(Delivery.state.in_(("planned", "claimed")))
                .where(Delivery.due_at <= datetime.now(UTC))
                .values(state="skipped", error="set aside by the benchmark")
            )
        return int(left.rowcount or 0)

    def due(self, pairs: int, at: datetime | None = None) -> set[str]:
        """Make the next check-in of each member of the first `pairs` pairs due at `at`
        (by default a minute ago, so that the next pass finds them); their keys."""
        self.settle()
        self.since = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1)
        self.due_at = at or self.since - timedelta(minutes=1)
        self.due_pairs = pairs
        with self.engine.begin() as conn:
            rows = conn.execute(
                update(CheckIn)
                .where(CheckIn.state == "planned", CheckIn.pair_id <= pairs)
                .values(due_at=self.due_at)
                .returning(CheckIn.pair_id, CheckIn.member_id, CheckIn.period)
            ).all()
        return {checkin_key(p, m, period) for p, m, period in rows}

    def planned_left(self) -> int:
        """How many check-ins of the last fan-out the planner has not queued yet."""
        with self.engine.connect() as conn:
            left = conn.scalar(
                select(func.count()).where(
                    CheckIn.state == "planned",
                    CheckIn.pair_id <= self.due_pairs,
                    CheckIn.due_at == self.due_at,
                )
            )
        return int(left or 0)

    def prompts(self) -> list[Prompt]:
        """Every planned check-in as the planner set it: due at the member's local time."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(CheckIn.due_at, Member.tz, Member.user_id)
                .join(Member, Member.id == CheckIn.member_id)
                .where(CheckIn.state == "planned")
            ).all()
        return [Prompt(due, tz or "UTC", user) for due, tz, user in rows]

    def after(self, *, quiet: bool = False) -> datetime:
        """An instant at which nothing is due (for the idle pass). Now, or with `quiet` once
        the last answers are older than the 15 minutes in which passes look at them again
        (coaching and milestones)."""
        return datetime.now(UTC) + (QUIET if quiet else timedelta(0))

    def vacuum(self) -> None:
        """What autovacuum does within minutes of a fan-out: the dead row versions its
        updates left are removed from the tables and their indexes, and statistics renewed."""
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))  # its writes done, not beside the measured pass

    def click(self, driver: SlackDriver, n: int) -> Response:
        """The n-th click: the fourth pulse button of a check-in DM that was sent."""
        if not self._buttons:
            self._load_buttons()
        return driver.block_action(**self._buttons[n % len(self._buttons)])

    def _load_buttons(self) -> None:
        # Pulse 4: scenario 1's clicks gave 3, so each of these clicks changes the answer.
        self._buttons = [button for _, button in self.sent_buttons(None, 0, 2000, pulse=4)]
        if not self._buttons:
            raise RuntimeError("no check-in DM with a pulse button was sent")

    def sent_buttons(
        self, since: datetime | None, after: int, limit: int, pulse: int = 3
    ) -> list[tuple[int, dict[str, Any]]]:
        """A pulse button of each check-in DM sent (queued since `since`, delivery id above
        `after`), with the delivery's id, oldest first."""
        query = (
            select(Delivery.id, Delivery.payload, Delivery.channel_id, Delivery.ts, Member.user_id)
            .join(Member, Member.user_id == Delivery.recipient)
            .where(Delivery.kind == self.kind, Delivery.state == "sent", Delivery.id > after)
            .where(Member.team_id == TEAM)
            .order_by(Delivery.id)
            .limit(limit)
        )
        if since is not None:
            query = query.where(Delivery.created_at >= since)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        found = []
        for delivery_id, payload, channel, ts, user in rows:
            for block in payload.get("blocks", []):
                for element in block.get("elements", []):
                    if element.get("action_id") == f"checkin_pulse_{pulse}":
                        button = {
                            "user": user,
                            "action_id": element["action_id"],
                            "value": element.get("value"),
                            "block_id": block.get("block_id", "b"),
                            "channel": channel,
                            "message_ts": ts,
                        }
                        found.append((delivery_id, button))
        return found
