"""The `tandem` command line, called in-process (as batch tools do) and as a subprocess."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.sandbox import FakeSlack


def _env(database_url: str, fake: FakeSlack | None = None) -> dict[str, str]:
    env = {"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-test-token"}
    if fake is not None:
        env["SLACK_API_URL"] = fake.api_url
    return env


def test_tick_on_an_empty_database(
    database_url: str, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"], env=_env(database_url)) == 0
    assert main(["tick", "--now", "2027-01-04T09:00:00Z"], env=_env(database_url, fake_slack)) == 0
    out = capsys.readouterr().out
    assert "tick at 2027-01-04T09:00:00Z" in out
    assert "deliveries: 0 sent, 0 failed, 0 to retry, 0 missed" in out
    # main() can be called again in the same interpreter
    assert main(["tick", "--now", "2027-01-04T09:01:00Z"], env=_env(database_url, fake_slack)) == 0


def test_migrate_twice_says_it_is_up_to_date(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"], env=_env(database_url)) == 0
    assert "migrated from empty to" in capsys.readouterr().out
    assert main(["migrate"], env=_env(database_url)) == 0
    assert "already at the newest revision" in capsys.readouterr().out


def test_bad_now_is_one_clear_line(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tick", "--now", "next tuesday"], env=_env(database_url)) == 2
    err = capsys.readouterr().err
    assert err.startswith("tandem: --now 'next tuesday' is not an ISO-8601 instant")
    assert err.count("\n") == 1


def test_missing_token_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["tick"], env={"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("tandem: SLACK_BOT_TOKEN is not set")
    assert "Traceback" not in err


def test_unreachable_database_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    env = {
        "DATABASE_URL": "postgresql://nobody:secret-pw@127.0.0.1:1/none?connect_timeout=2",
        "SLACK_BOT_TOKEN": "xoxb-test-token",
    }
    assert main(["tick"], env=env) == 2
    err = capsys.readouterr().err
    assert err.startswith("tandem: Cannot reach the database at postgresql+psycopg://nobody:***@")
    assert "secret-pw" not in err
    assert err.count("\n") == 1


def test_serve_without_signing_secret_names_it(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve"], env=_env(database_url)) == 2
    assert capsys.readouterr().err.startswith("tandem: SLACK_SIGNING_SECRET is not set")


def test_socket_without_app_token_names_it(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["socket"], env=_env(database_url)) == 2
    assert capsys.readouterr().err.startswith("tandem: SLACK_APP_TOKEN is not set")


def test_rejected_token_is_one_clear_line(
    database_url: str, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"], env=_env(database_url)) == 0
    env = {
        **_env(database_url, fake_slack),
        "SLACK_BOT_TOKEN": "xoxb-wrong",
        "SLACK_SIGNING_SECRET": "s",
    }
    assert main(["scheduler"], env=env) == 2
    err = capsys.readouterr().err
    assert err.startswith("tandem: Slack refused SLACK_BOT_TOKEN (invalid_auth)")
    assert "xoxb-wrong" not in err


def test_console_script_and_module_are_the_same_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0
    for command in ("serve", "socket", "scheduler", "tick", "migrate"):
        assert command in result.stdout


def test_socket_with_a_rejected_app_token_is_one_clear_line(
    database_url: str, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"], env=_env(database_url)) == 0
    # No SLACK_SIGNING_SECRET: Socket Mode does not need one.
    env = {**_env(database_url, fake_slack), "SLACK_APP_TOKEN": "xapp-1-wrong"}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert main(["socket", "--no-scheduler"], env=env) == 2
    # Blocking SIGTERM while it ran was undone: processes started later can still be stopped.
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == mask
    err = capsys.readouterr().err
    assert err.startswith("tandem: Slack refused SLACK_APP_TOKEN (invalid_auth)")
    assert "xapp-1-wrong" not in err
    assert fake_slack.calls_to("apps.connections.open")
