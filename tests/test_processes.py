"""The long-running commands as real processes: the scheduler loop sends what is due."""

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from bot.db.engine import make_sessions
from bot.delivery.outbox import plan
from bot.sandbox import FakeSlack
from tests.support.constants import OWNER
from tests.support.runner import free_port, start_serve


def _plan_note(engine: Engine, key: str) -> None:
    now = datetime.now(UTC)
    with make_sessions(engine).begin() as session:
        plan(
            session,
            key=key,
            team_id="T0001",
            kind="note",
            recipient=OWNER,
            due_at=now - timedelta(minutes=1),
            now=now,
            payload={"text": f"note {key}"},
        )


def _env(database_url: str, fake: FakeSlack) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": "process-secret",
        "SLACK_API_URL": fake.api_url,
    }


def test_scheduler_process_sends_due_deliveries_and_stops_on_sigterm(
    engine: Engine, database_url: str, fake_slack: FakeSlack
) -> None:
    _plan_note(engine, "note:worker")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "scheduler"],
        env={**os.environ, **_env(database_url, fake_slack)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        [call] = fake_slack.wait_for("chat.postMessage")
        assert call.args["text"] == "note note:worker"
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "deliveries: 1 sent" in output


def test_serve_runs_the_scheduler_in_process(
    engine: Engine, database_url: str, fake_slack: FakeSlack
) -> None:
    _plan_note(engine, "note:serve")
    process = start_serve(_env(database_url, fake_slack), free_port())
    try:
        [call] = fake_slack.wait_for("chat.postMessage")
        assert call.args["text"] == "note note:serve"
    finally:
        process.terminate()
        process.communicate(timeout=60)


def test_dotenv_in_the_working_directory_is_read(tmp_path: Path, fake_slack: FakeSlack) -> None:
    (tmp_path / ".env").write_text(
        f"SLACK_BOT_TOKEN=xoxb-test-token\nSLACK_API_URL={fake_slack.api_url}\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "tick", "--now", "2027-01-04T09:00:00Z"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "tick at 2027-01-04T09:00:00Z" in result.stdout
    assert (tmp_path / "tandem.db").exists()  # the default SQLite database, migrated on start
