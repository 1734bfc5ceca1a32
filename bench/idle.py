"""An idle pass: what `tandem tick` costs the database when nothing is due."""

from __future__ import annotations

import statistics
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event

from bench.infra import log
from bot.bootstrap import build_tandem
from bot.clock import FixedClock
from bot.scheduler.tick import run_pass
from bot.settings import load_settings


@dataclass
class Idle:
    database_ms: float  # median over the passes: time inside SQL statements
    statements: int
    pass_ms: float  # median wall time of the whole pass (statements, commits and Python)


def measure_idle(env: dict[str, str], now: datetime, passes: int = 7) -> Idle:
    tandem = build_tandem(load_settings(env), clock=FixedClock(now))
    spent = [0.0]
    statements = [0]
    seen: Counter[str] = Counter()
    started: dict[int, float] = {}

    def before(conn: Any, *_args: Any) -> None:
        started[id(conn)] = time.perf_counter()

    def after(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        spent[0] += time.perf_counter() - started.pop(id(conn), time.perf_counter())
        statements[0] += 1
        seen[" ".join(statement.split())[:90]] += 1

    event.listen(tandem.engine, "before_cursor_execute", before)
    event.listen(tandem.engine, "after_cursor_execute", after)
    run_pass(tandem, now)  # the first pass may run daily sweeps; it is not counted
    seen.clear()
    db, walls, counts = [], [], []
    for _ in range(passes):
        spent[0], statements[0] = 0.0, 0
        start = time.perf_counter()
        lines = run_pass(tandem, now)
        walls.append(time.perf_counter() - start)
        db.append(spent[0])
        counts.append(statements[0])
        assert any(line.startswith("deliveries: 0 sent") for line in lines), lines
    tandem.engine.dispose()
    for statement, count in seen.most_common(4):  # what a pass spends its statements on
        log(f"  idle pass: {count // passes} x {statement}")
    return Idle(
        database_ms=statistics.median(db) * 1000,
        statements=int(statistics.median(counts)),
        pass_ms=statistics.median(walls) * 1000,
    )
