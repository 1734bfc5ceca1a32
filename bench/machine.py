"""The machine a benchmark ran on, in one line."""

from __future__ import annotations

import os
import platform

from sqlalchemy import text

from bench.infra import ADMIN_URL
from bot.db.engine import make_engine
from bot.settings import normalize_database_url


def describe() -> str:
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    engine = make_engine(normalize_database_url(ADMIN_URL))
    with engine.connect() as conn:
        postgres = conn.scalar(text("SHOW server_version"))
    engine.dispose()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, {kb / 1024 / 1024:.1f} GB RAM, Python "
        f"{platform.python_version()}, PostgreSQL {str(postgres).split()[0]}, "
        f"load average at start {load}"
    )
