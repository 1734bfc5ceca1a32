from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings, normalize_database_url


def test_defaults_use_sqlite_in_the_working_directory(tmp_path: Path) -> None:
    settings = load_settings({}, cwd=tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path.as_posix()}/tandem.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.timezone == "UTC"
    assert settings.owners == ()


@pytest.mark.parametrize(
    "url",
    [
        "postgres://u:p@db:5432/x",
        "postgresql://u:p@db:5432/x",
        "postgresql+psycopg://u:p@db:5432/x",
    ],
)
def test_postgres_urls_are_all_accepted(url: str) -> None:
    assert normalize_database_url(url) == "postgresql+psycopg://u:p@db:5432/x"


def test_values_are_read_and_normalised() -> None:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_API_URL": "http://127.0.0.1:9/api",
            "TANDEM_OWNERS": "U1AAA, W2BBB",
            "TANDEM_TIMEZONE": "Europe/Berlin",
        }
    )
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.owners == ("U1AAA", "W2BBB")
    assert settings.timezone == "Europe/Berlin"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN"),
        ({"DATABASE_URL": "mysql://db/x"}, "DATABASE_URL"),
        ({"TANDEM_OWNERS": "U1AAA,@olive"}, "TANDEM_OWNERS"),
        ({"TANDEM_TIMEZONE": "Mars/Olympus"}, "TANDEM_TIMEZONE"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
    ],
)
def test_malformed_settings_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(env)
    assert str(error.value).startswith(variable)
    assert "\n" not in str(error.value)


def test_missing_tokens_say_where_to_find_them() -> None:
    settings = load_settings({})
    with pytest.raises(ConfigError, match=r"^SLACK_BOT_TOKEN is not set.*OAuth"):
        settings.require_bot_token()
    with pytest.raises(ConfigError, match=r"^SLACK_SIGNING_SECRET is not set"):
        settings.require_signing_secret()
    with pytest.raises(ConfigError, match=r"^SLACK_APP_TOKEN is not set"):
        settings.require_app_token()


def test_outbox_pace_and_threads() -> None:
    settings = load_settings(
        {"TANDEM_DELIVERY_THREADS": "4", "TANDEM_SLACK_POSTS_PER_SECOND": "2.5"}
    )
    assert (settings.delivery_threads, settings.slack_posts_per_second) == (4, 2.5)
    assert load_settings({}).slack_posts_per_second == 5.0
    assert load_settings({}).slack_history_per_minute == 50.0
    assert load_settings({"TANDEM_SLACK_HISTORY_PER_MINUTE": "1"}).slack_history_per_minute == 1
    for env in (
        {"TANDEM_DELIVERY_THREADS": "2.5"},
        {"TANDEM_SLACK_POSTS_PER_SECOND": "fast"},
        {"TANDEM_SLACK_HISTORY_PER_MINUTE": "0"},
    ):
        with pytest.raises(ConfigError) as error:
            load_settings(env)
        assert str(error.value).startswith(next(iter(env)))


OAUTH = {
    "SLACK_CLIENT_ID": "1111.2222",
    "SLACK_CLIENT_SECRET": "secret",
    "SLACK_STATE_SECRET": "a-long-random-state-secret",
}


def test_oauth_needs_all_three_settings_and_no_bot_token() -> None:
    settings = load_settings(OAUTH)
    assert settings.oauth and settings.slack_bot_token is None
    with pytest.raises(ConfigError, match="SLACK_STATE_SECRET not set"):
        load_settings({k: v for k, v in OAUTH.items() if k != "SLACK_STATE_SECRET"})
    with pytest.raises(ConfigError, match="not both"):
        load_settings({**OAUTH, "SLACK_BOT_TOKEN": "xoxb-1"})
    with pytest.raises(ConfigError, match="SLACK_CLIENT_ID"):
        settings.require_bot_token()  # e.g. `tandem socket`, which serves one workspace


def test_log_format_and_prompts_folder(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    settings = load_settings({"LOG_FORMAT": "JSON", "TANDEM_PROMPTS_DIR": "mine"}, cwd=tmp_path)
    assert (settings.log_format, settings.prompts_dir) == ("json", tmp_path / "mine")
    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        load_settings({"LOG_FORMAT": "xml"})
    with pytest.raises(ConfigError, match="TANDEM_PROMPTS_DIR"):
        load_settings({"TANDEM_PROMPTS_DIR": "missing"}, cwd=tmp_path)
