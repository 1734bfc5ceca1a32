"""Configuration read from the environment (the CLI loads `.env` first)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it and says what to do."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    slack_api_url: str = DEFAULT_SLACK_API_URL
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    owners: tuple[str, ...] = ()
    timezone: str = "UTC"
    # The outbox: how many Slack requests it keeps in flight, and the workspace-wide pace of
    # chat.postMessage it keeps below (Slack allows "several hundred messages a minute").
    delivery_threads: int = 8
    slack_posts_per_second: float = 5.0
    # conversations.history calls a minute (the outbox's look-ups of messages in doubt):
    # Tier 3 (50) for most apps, 1 for commercially distributed non-Marketplace apps.
    slack_history_per_minute: float = 50.0
    log_format: str = "plain"  # or "json": one JSON object per line
    prompts_dir: Path | None = None  # an owner's prompts, overriding the shipped ones by file
    # Installs in many workspaces (OAuth) instead of SLACK_BOT_TOKEN: all three, or none.
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_state_secret: str | None = None

    @property
    def oauth(self) -> bool:
        """Installed by OAuth in any number of workspaces, tokens kept in the database."""
        return self.slack_client_id is not None

    def require_bot_token(self) -> str:
        if not self.slack_bot_token:
            if self.oauth:
                raise ConfigError(
                    "This command needs SLACK_BOT_TOKEN; with SLACK_CLIENT_ID set, Tandem finds "
                    "each workspace's token in the database instead."
                )
            raise ConfigError(
                "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your "
                "Slack app's 'OAuth & Permissions' page into .env or the environment."
            )
        return self.slack_bot_token

    def require_signing_secret(self) -> str:
        if not self.slack_signing_secret:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is not set: copy the Signing Secret from your Slack app's "
                "'Basic Information' page into .env or the environment."
            )
        return self.slack_signing_secret

    def require_app_token(self) -> str:
        if not self.slack_app_token:
            raise ConfigError(
                "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-...) with "
                "the connections:write scope, from your Slack app's 'Basic Information' page."
            )
        return self.slack_app_token


def normalize_database_url(url: str) -> str:
    """Accept postgres://, postgresql:// and postgresql+psycopg:// and use psycopg 3."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith(("postgresql+psycopg://", "sqlite://")):
        return url
    raise ConfigError(
        f"DATABASE_URL is not a supported database URL ({url.split('://')[0]}://...): use "
        "sqlite:///path/to/tandem.db or postgresql://user:password@host:5432/dbname."
    )


def load_settings(env: Mapping[str, str], cwd: Path | None = None) -> Settings:
    """Build Settings from an environment mapping, validating every value."""

    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    base = cwd or Path.cwd()
    database_url = normalize_database_url(
        get("DATABASE_URL") or f"sqlite:///{(base / 'tandem.db').as_posix()}"
    )

    bot_token = get("SLACK_BOT_TOKEN")
    if bot_token and not bot_token.startswith("xoxb-"):
        raise ConfigError(
            "SLACK_BOT_TOKEN does not look like a bot token: it should start with 'xoxb-' "
            "(find it on your Slack app's 'OAuth & Permissions' page)."
        )
    app_token = get("SLACK_APP_TOKEN")
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN does not look like an app-level token: it should start with 'xapp-' "
            "(create one with the connections:write scope on 'Basic Information')."
        )

    api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_SLACK_API_URL}; "
            f"got {api_url!r}."
        )
    if not api_url.endswith("/"):
        api_url += "/"

    owners = tuple(o.strip() for o in (get("TANDEM_OWNERS") or "").split(",") if o.strip())
    bad = [o for o in owners if not _USER_ID.match(o)]
    if bad:
        raise ConfigError(
            f"TANDEM_OWNERS has entries that are not Slack user IDs: {', '.join(bad)}. "
            "Use comma-separated IDs such as U012ABCDEF,U034GHIJKL (Profile > Copy member ID)."
        )

    timezone = get("TANDEM_TIMEZONE") or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"TANDEM_TIMEZONE {timezone!r} is not a known IANA time zone: use a name such as "
            "Europe/Berlin or America/New_York."
        ) from None

    threads = _number(get, "TANDEM_DELIVERY_THREADS", "8", 1, 64, whole=True)
    posts = _number(get, "TANDEM_SLACK_POSTS_PER_SECOND", "5", 0.1, 10000)
    history = _number(get, "TANDEM_SLACK_HISTORY_PER_MINUTE", "50", 1, 1000)

    client_id, client_secret, state_secret = (
        get("SLACK_CLIENT_ID"),
        get("SLACK_CLIENT_SECRET"),
        get("SLACK_STATE_SECRET"),
    )
    oauth = {"SLACK_CLIENT_ID": client_id, "SLACK_CLIENT_SECRET": client_secret}
    oauth["SLACK_STATE_SECRET"] = state_secret
    missing = [name for name, value in oauth.items() if not value]
    if len(missing) not in (0, 3):
        raise ConfigError(
            f"{', '.join(missing)} not set: installing Tandem in many workspaces needs "
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (your Slack app's 'Basic Information') "
            "and SLACK_STATE_SECRET (any long random string)."
        )
    if client_id and bot_token:
        raise ConfigError(
            "Both SLACK_BOT_TOKEN and SLACK_CLIENT_ID are set: use SLACK_BOT_TOKEN for one "
            "workspace, or the SLACK_CLIENT_* settings to install Tandem in many, not both."
        )
    if state_secret and len(state_secret) < 16:
        raise ConfigError("SLACK_STATE_SECRET is too short: use at least 16 random characters.")

    prompts = get("TANDEM_PROMPTS_DIR")
    prompts_dir = (base / prompts).resolve() if prompts else None
    if prompts_dir is not None and not prompts_dir.is_dir():
        raise ConfigError(
            f"TANDEM_PROMPTS_DIR {prompts!r} is not a folder: point it at a folder holding "
            "your own copies of the prompts you changed (same names as in prompts/)."
        )

    log_format = (get("LOG_FORMAT") or "plain").lower()
    if log_format not in ("plain", "json"):
        raise ConfigError(f"LOG_FORMAT must be plain or json; got {log_format!r}.")

    return Settings(
        database_url=database_url,
        log_format=log_format,
        prompts_dir=prompts_dir,
        slack_client_id=client_id,
        slack_client_secret=client_secret,
        slack_state_secret=state_secret,
        slack_api_url=api_url,
        slack_bot_token=bot_token,
        slack_signing_secret=get("SLACK_SIGNING_SECRET"),
        slack_app_token=app_token,
        owners=owners,
        timezone=timezone,
        delivery_threads=int(threads),
        slack_posts_per_second=posts,
        slack_history_per_minute=history,
    )


def _number(
    get: Callable[[str], str | None],
    name: str,
    default: str,
    low: float,
    high: float,
    *,
    whole: bool = False,
) -> float:
    value = get(name) or default
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    # The comparison is also False for NaN.
    if not low <= number <= high or (whole and not number.is_integer()):
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f"{name} must be {kind} from {low:g} to {high:g}; got {value!r}.")
    return number
