"""Run every benchmark and print one table:  python -m bench

Needs PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test;
a database `tandem_bench` is created next to it and dropped afterwards). The fake Slack runs
as its own process with Slack's limits (1 post/s per conversation with bursts of 4, a
workspace ceiling for chat.postMessage, Tier 3/4 for conversations.open, .history and
users.info) and random faults (5% of calls answered 500, 0.2% answered 429).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.fanout import Fanout, run_fanout
from bench.idle import measure_idle
from bench.infra import Fake, bench_database, tandem_env
from bench.latency import measure
from bench.machine import describe
from bench.program import Program
from bench.season import seed_season
from bench.status_latency import measure_snapshot, measure_status, render
from bench.table import Table
from bot.db.engine import make_engine


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--pairs", type=int, default=10_000, help="pairs in the program")
    parser.add_argument(
        "--pairs-multi", type=int, default=5_000, help="pairs for scenarios 2 and 3"
    )
    parser.add_argument("--ceiling", type=float, default=200.0, help="workspace posts/second")
    parser.add_argument("--threads", type=int, default=8, help="sending threads per worker")
    parser.add_argument("--rounds", type=int, default=200, help="requests per latency series")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--scenarios",
        choices=("all", "delivery", "status"),
        default="all",
        help="delivery: scenarios 1-5; status: scenario 6 alone",
    )
    parser.add_argument(
        "--season-pairs", type=int, default=10_000, help="pairs of scenario 6's program"
    )
    parser.add_argument(
        "--show", type=Path, help="scenario 6: print the status and write the report here"
    )
    args = parser.parse_args()

    started = time.monotonic()
    table = Table(describe())
    fake = Fake("--ceiling", str(args.ceiling), "--seed", str(args.seed))
    try:
        if args.scenarios in ("all", "delivery"):
            _delivery(args, table, fake)
        if args.scenarios in ("all", "status"):
            _status(args, table, fake)
    finally:
        fake.stop()
    table.print(time.monotonic() - started)


def _status(args: argparse.Namespace, table: Table, fake: Fake) -> None:
    with bench_database() as url:
        now = datetime.now(UTC)
        _log(f"seeding a season of {args.season_pairs} pairs")
        engine = make_engine(url)
        counts = seed_season(engine, args.season_pairs, now)
        engine.dispose()
        _log("status latency")
        env = tandem_env(url, fake)
        latency = measure_status(env, fake, args.rounds)
        _log("computing the round figures afresh")
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
        _log(f"seeding {args.pairs} pairs")
        program.seed()

        def fanout(label: str, pairs: int, workers: int, kill_at: float | None) -> Fanout:
            keys = program.due(pairs)
            _log(f"{label}: {len(keys)} prompts, {workers} worker(s)")
            result = run_fanout(
                url,
                fake,
                expected_keys=keys,
                kind=program.kind,
                since=program.since,
                workers=workers,
                pace=args.ceiling,
                threads=args.threads,
                kill_at=kill_at,
            )
            return result

        one = fanout("fan-out", args.pairs, 1, None)
        table.fanout(one, args.pairs, args.ceiling)
        _log("idle pass")
        table.idle(args.pairs, measure_idle(env, program.after()))
        _log("latency")
        table.latency(args.pairs, measure(env, fake, program.owner, program.click, args.rounds))
        for workers in (2, 4):
            result = fanout(f"{workers} workers", args.pairs_multi, workers, None)
            table.workers(result, args.pairs_multi, workers)
        crashed = fanout("kill -9", args.pairs_multi, 1, 0.4)
        table.crash(crashed, args.pairs_multi)


if __name__ == "__main__":
    main()
