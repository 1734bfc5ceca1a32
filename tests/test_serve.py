"""`tandem serve` as a subprocess: health, a signed `/mentor help`, and an unsigned request."""

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.sandbox import FakeSlack
from tests.support.constants import OWNER
from tests.support.driver import SlackDriver
from tests.support.runner import free_port, start_serve

SECRET = "serve-test-secret"


def _env(database_url: str, fake_slack: FakeSlack, **extra: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "TANDEM_OWNERS": OWNER,
        "LOG_LEVEL": "DEBUG",
        **extra,
    }


@pytest.fixture
def served(database_url: str, fake_slack: FakeSlack, tmp_path: Path) -> Iterator[str]:
    env = _env(database_url, fake_slack)
    assert main(["migrate"], env={"DATABASE_URL": database_url}) == 0
    port = free_port()
    process = start_serve(env, port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    output, _ = process.communicate(timeout=60)
    # Nothing secret is ever logged, even at DEBUG.
    assert "xoxb-test-token" not in output
    assert SECRET not in output


def test_serve_answers_health_and_help(served: str, fake_slack: FakeSlack) -> None:
    with urllib.request.urlopen(served + "/healthz") as response:
        assert json.loads(response.read())["ok"] is True

    driver = SlackDriver(served, SECRET, fake_slack)
    assert driver.command("UMEMBER01", "help").status == 200
    reply = fake_slack.wait_for("response_url")[0].args
    assert reply["response_type"] == "ephemeral"
    assert "`/mentor help`" in reply["text"]

    unsigned = SlackDriver(served, "not-the-secret", fake_slack).command("UMEMBER01", "help")
    assert unsigned.status == 401
    assert len(fake_slack.calls_to("response_url")) == 1


def test_json_logs_are_one_object_per_line_without_tokens_or_private_words(
    database_url: str, fake_slack: FakeSlack
) -> None:
    private = "my private words about trust"
    env = _env(database_url, fake_slack, LOG_FORMAT="json")
    assert main(["migrate"], env={"DATABASE_URL": database_url}) == 0
    port = free_port()
    process = start_serve(env, port, "--no-scheduler")
    driver = SlackDriver(f"http://127.0.0.1:{port}", SECRET, fake_slack)
    fake_slack.add_user("UMEMBER01", "mia")
    assert driver.command("UMEMBER01", "help").status == 200
    assert driver.direct_message("UMEMBER01", private)[0].status == 200
    fake_slack.wait_for("response_url")
    process.terminate()
    output, _ = process.communicate(timeout=60)

    lines = [line for line in output.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(e) for e in entries)
    assert any(e["logger"] == "gunicorn.access" for e in entries)
    assert any("serving Slack requests" in e["message"] for e in entries)
    assert "xoxb-test-token" not in output and SECRET not in output
    assert private not in output
