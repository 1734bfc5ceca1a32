"""Scenario 6: `/mentor status` through `tandem serve` on a program a season in, and the
status and report of that program rendered for reading:

    python -m bench --scenarios status --show /tmp/tandem-status

prints the table row, the status text an owner sees, and writes the report's CSV and PNG
into the --show directory.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from bench.infra import Fake, tandem, wait_until
from bench.latency import Latency, _Driver, _free_port, _listening, _timed
from bench.seed import OWNER, TEAM
from bot.bootstrap import build_tandem
from bot.clock import FixedClock
from bot.db.engine import make_engine
from bot.services.status import snapshot
from bot.services.status.export import report_files
from bot.services.status.report import program_report
from bot.settings import load_settings
from bot.slack.views.status_report import program_texts


def measure_status(env: dict[str, str], fake: Fake, rounds: int) -> Latency:
    """The time from sending `/mentor status` until its reply reached the response_url."""
    port = _free_port()
    served = tandem(env, "serve", "--port", str(port), "--no-scheduler")
    try:
        wait_until(lambda: _listening(port), 60)
        driver = _Driver(f"http://127.0.0.1:{port}", env["SLACK_SIGNING_SECRET"], fake)  # type: ignore[arg-type]
        for _ in range(5):  # warm up: imports, connections, caches, the first snapshot
            _timed(lambda: driver.command(OWNER, "status"))
            path = driver.last_path
            wait_until(lambda path=path: path in fake.admin("stats")["replies"], 120, 0.5)
        fake.admin("reset")
        sent_at: dict[str, float] = {}
        for _ in range(rounds):
            before = time.time()
            _timed(lambda: driver.command(OWNER, "status"))
            sent_at[driver.last_path] = before
        time.sleep(2)  # the last replies
        replies = fake.admin("stats")["replies"]
    finally:
        served.terminate()
        served.wait(timeout=30)
    samples = [replies[p] - at for p, at in sent_at.items() if p in replies]
    return Latency(f"/mentor status, reply ({len(samples)} of {rounds} arrived)", samples)


def measure_snapshot(env: dict[str, str], now: datetime, times: int = 3) -> list[float]:
    """Seconds to compute the round figures afresh (what the status_snapshots sweep does
    every five minutes, and a `/mentor status` that finds no fresh snapshot)."""
    settings = load_settings(env)
    engine = make_engine(settings.database_url)
    sessions = build_tandem(settings, engine=engine, clock=FixedClock(now)).sessions
    samples = []
    for _ in range(times):
        with sessions() as session:
            started = time.perf_counter()
            snapshot.compute(session, TEAM, now)
            samples.append(time.perf_counter() - started)
    engine.dispose()
    return samples


def render(env: dict[str, str], now: datetime, out: Path) -> list[str]:
    """The owner's status as text, and the report's files written to `out`."""
    settings = load_settings(env)
    engine = make_engine(settings.database_url)
    tandem_ = build_tandem(settings, engine=engine, clock=FixedClock(now))
    with tandem_.sessions.begin() as session:
        report = program_report(session, TEAM, now, settings.timezone)
        texts = program_texts(tandem_.composer, report)
        files = report_files(tandem_.composer, session, TEAM, now, settings.timezone)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file in files:
        (out / file.filename).write_bytes(file.content)
        written.append(str(out / file.filename))
    engine.dispose()
    return ["\n\n".join(texts), *written]
