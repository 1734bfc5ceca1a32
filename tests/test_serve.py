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


@pytest.fixture
def served(database_url: str, fake_slack: FakeSlack, tmp_path: Path) -> Iterator[str]:
    env = {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "TANDEM_OWNERS": OWNER,
        "LOG_LEVEL": "DEBUG",
    }
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
