"""Run every benchmark and print one table:  python -m bench

Needs PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test;
a database `tandem_bench` is created next to it and dropped afterwards). The fake Slack runs
as its own process with Slack's limits (1 post/s per conversation with bursts of 4, a
workspace ceiling for chat.postMessage, Tier 3/4 for conversations.open, .history and
users.info) and random faults (4.5% of calls answered 503 service_unavailable, 0.5% 500
internal_error, 0.2% 429).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bench.due import run_due_fanout
from bench.fanout import Fanout, run_fanout
from bench.idle import measure_idle
from bench.infra import Fake, bench_database, log, tandem_env
from bench.latency import measure
from bench.machine import describe
from bench.program import Program
from bench.projection import one_zone, project
from bench.season import seed_season
from bench.status_latency import measure_snapshot, measure_status, render
from bench.table import Table
from bot.db.engine import make_engine
from bot.settings import Settings


@contextmanager
def _scenario(label: str) -> Iterator[None]:
    """Log the scenario's start, and how long it took."""
    log(label)
    started = time.monotonic()
    yield
    log(f"{label}: took {time.monotonic() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--pairs", type=int, default=10_000, help="pairs in the program")
    parser.add_argument(
        "--pairs-multi", type=int, help="pairs for scenarios 2 and 3 (default: --pairs)"
    )
    parser.add_argument("--ceiling", type=float, default=200.0, help="workspace posts/second")
    parser.add_argument(
        "--ceiling-multi",
        type=float,
        default=400.0,
        help="workspace posts/second for scenarios 2 and 3, which count, not time",
    )
    parser.add_argument(
        "--server-errors-multi",
        type=float,
        default=0.001,
        help="share of calls answered 500 (looked up before a resend) in scenarios 2 and 3",
    )
    parser.add_argument("--threads", type=int, default=8, help="sending threads per worker")
    parser.add_argument("--clicks", type=float, default=10.0, help="clicks a second, scenario 1")
    parser.add_argument(
        "--slack-pace",
        type=float,
        default=Settings.slack_posts_per_second,
        help="posts/second of the projection at Slack's pace (the setting's default)",
    )
    parser.add_argument("--rounds", type=int, default=200, help="requests per latency series")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--scenarios",
        choices=("all", "delivery", "status"),
        default="all",
        help="delivery: scenarios 1-5 and 7; status: scenario 6 alone",
    )
    parser.add_argument(
        "--season-pairs", type=int, default=10_000, help="pairs of scenario 6's program"
    )
    parser.add_argument(
        "--show", type=Path, help="scenario 6: print the status and write the report here"
    )
    args = parser.parse_args()
    if args.pairs_multi is None:
        args.pairs_multi = args.pairs

    started = time.monotonic()
    table = Table(describe(), datetime.now(UTC))
    fake = Fake("--ceiling", str(args.ceiling), "--seed", str(args.seed))
    finished = False
    try:
        if args.scenarios in ("all", "delivery"):
            _delivery(args, table, fake)
        if args.scenarios in ("all", "status"):
            _status(args, table, fake)
        finished = True
    finally:
        fake.stop()
        log(f"whole run: {time.monotonic() - started:.1f} s")
        # What was measured, also when a run fails.
        table.print(time.monotonic() - started, whole=finished and args.scenarios == "all")


def _status(args: argparse.Namespace, table: Table, fake: Fake) -> None:
    with bench_database() as url:
        now = datetime.now(UTC)
        with _scenario(f"6. seeding a season of {args.season_pairs} pairs"):
            engine = make_engine(url)
            counts = seed_season(engine, args.season_pairs, now)
            engine.dispose()
        with _scenario("6. status latency and the round figures"):
            env = tandem_env(url, fake)
            latency = measure_status(env, fake, args.rounds)
            table.status(args.season_pairs, counts, latency, measure_snapshot(env, now))
        if args.show is not None:
            text, *files = render(env, now, args.show)
            print(text, end="\n\n")
            for path in files:
                print(f"wrote {path}")
            print()


def _delivery(args: argparse.Namespace, table: Table, fake: Fake) -> None:
    with bench_database() as url:
        now = datetime.now(UTC)
        env = tandem_env(url, fake)
        program = Program(url, fake, args.pairs, now)
        with _scenario(f"seeding {args.pairs} pairs"):
            program.seed()
        with _scenario("7. projection at Slack's pace"):
            prompts = program.first_prompts
            table.projection(
                args.pairs,
                project(prompts, args.slack_pace),
                one_zone(prompts, args.slack_pace),
            )
        with _scenario(f"1. fan-out from its due instant, {args.pairs} pairs"):
            due = run_due_fanout(
                url,
                fake,
                program,
                pairs=args.pairs,
                pace=args.ceiling,
                threads=args.threads,
                clicks_per_second=args.clicks,
            )
            table.fanout(due, args.pairs, args.ceiling)
        with _scenario("4. idle pass"):
            program.settle()
            table.idle(args.pairs, measure_idle(env, program.after()), quiet=False)
            program.vacuum()
            table.idle(args.pairs, measure_idle(env, program.after(quiet=True)), quiet=True)
        with _scenario("5. latency"):
            series = measure(env, fake, program.owner, program.click, args.rounds)
            table.latency(args.pairs, series)
        # Scenarios 2 and 3 count rather than time: their fake answers fewer calls 500, so
        # that they are not held to the look-ups' 50 a minute for two minutes each.
        multi = Fake(
            "--ceiling",
            str(args.ceiling_multi),
            "--seed",
            str(args.seed),
            "--server-errors",
            str(args.server_errors_multi),
        )
        try:
            program.move_to(multi)
            _multi(args, table, url, program, multi)
        finally:
            multi.stop()


def _multi(args: argparse.Namespace, table: Table, url: str, program: Program, fake: Fake) -> None:
    """Scenarios 2 and 3: several workers, and a worker killed; they count, not time."""

    def fanout(workers: int, kill_at: float | None) -> Fanout:
        return run_fanout(
            url,
            fake,
            expected_keys=program.due(args.pairs_multi),
            kind=program.kind,
            since=program.since,
            workers=workers,
            pace=args.ceiling_multi,
            threads=args.threads,
            kill_at=kill_at,
        )

    errors = args.server_errors_multi
    for workers in (2, 4):
        with _scenario(f"2. {workers} workers, {args.pairs_multi} pairs"):
            result = fanout(workers, None)
            table.workers(result, args.pairs_multi, workers, args.ceiling_multi, errors)
    with _scenario(f"3. kill -9, {args.pairs_multi} pairs"):
        table.crash(fanout(1, 0.4), args.pairs_multi, args.ceiling_multi, errors)


if __name__ == "__main__":
    main()
