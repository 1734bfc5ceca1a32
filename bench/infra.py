"""What every scenario needs: a PostgreSQL database of its own, the fake Slack process,
and `tandem` processes with their peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from bench.fake_server import TOKEN
from bot.db import schema
from bot.db.engine import make_engine
from bot.settings import normalize_database_url

ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
DATABASE = os.environ.get("BENCH_DATABASE_NAME", "tandem_bench")


@contextmanager
def bench_database() -> Iterator[str]:
    """A fresh, migrated database next to the admin one, dropped afterwards."""
    admin_url = normalize_database_url(ADMIN_URL)
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    _drop(admin)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + DATABASE
    engine = make_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        _drop(admin)
        admin.dispose()


def _drop(admin: Engine) -> None:
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": DATABASE},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}"'))


class Fake:
    """The fake Slack server process (bench/fake_server.py)."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.fake_server", *args],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().split()
        if not line or line[0] != "ready":
            raise RuntimeError("the fake Slack did not start")
        self.api_url = line[1]
        self.ceiling = args[args.index("--ceiling") + 1] if "--ceiling" in args else "200"
        self.url = self.api_url.removesuffix("/api/")

    def admin(self, operation: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.url}/_fake/{operation}",
            data=json.dumps(body or {}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())

    def issue_trigger(self) -> str:
        """A trigger_id the fake will take once, for a command or click the driver sends."""
        return str(self.admin("trigger")["trigger_id"])

    def response_url_for(self, channel: str, message_ts: str) -> str:
        """The response_url of a click on this message; a reply replacing it updates it."""
        return str(self.admin("response_url", {"channel": channel, "ts": message_ts})["url"])

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def log(message: str) -> None:
    """A line of progress on stderr (the table alone goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def tandem_env(database_url: str, fake: Fake, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": "bench-signing-secret",
        "SLACK_API_URL": fake.api_url,
        "TANDEM_OWNERS": "UOWNER0001",
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),  # INFO: each attempt
        "TANDEM_SLACK_POSTS_PER_SECOND": fake.ceiling,
        **extra,
    }


LOGS = Path(tempfile.gettempdir()) / "tandem-bench-logs"


def tandem(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    """Start `tandem <args>`; its output goes to a file in LOGS (named by its pid)."""
    LOGS.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "wb", dir=LOGS, prefix=f"{args[0]}-", suffix=".log", delete=False
    ) as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", *args], env=env, stdout=log, stderr=subprocess.STDOUT
        )


def stop_all(processes: list[subprocess.Popen[bytes]], grace: float = 10.0) -> None:
    """SIGTERM every process at once; kill what has not exited after `grace` seconds (a
    worker finishing its pass: what it leaves, the next fan-out sets aside)."""
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def wait_until(predicate: Any, timeout: float, step: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the benchmark did not finish in time")
        time.sleep(step)


def tree_peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a process and its children (gunicorn's master and worker):
    the sum of each one's peak, an upper bound of the whole's."""
    children: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as found:
                children += [int(child) for child in found.read().split()]
    except OSError:
        pass
    return peak_rss_mb(pid) + sum(peak_rss_mb(child) for child in children)
