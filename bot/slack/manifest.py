"""manifest.yml, the Slack app Tandem needs, and its HTTP-mode variant.

manifest.yml is written for Socket Mode (no public URL needed). `tandem manifest --url`
prints the same app for HTTP mode: every request URL pointing at `tandem serve`, the OAuth
redirect URL for installs in many workspaces, and Socket Mode off.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.paths import project_dir

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


class ManifestUrlError(ValueError):
    """The URL given for HTTP mode cannot be a Slack request URL."""


def load_manifest() -> dict[str, Any]:
    text = (project_dir() / "manifest.yml").read_text(encoding="utf-8")
    manifest: dict[str, Any] = yaml.safe_load(text)
    return manifest


def bot_scopes(manifest: dict[str, Any] | None = None) -> list[str]:
    """The bot scopes the app asks for (an OAuth install asks for the same)."""
    return list((manifest or load_manifest())["oauth_config"]["scopes"]["bot"])


def public_base(url: str) -> str:
    """`https://host[/prefix]` without a trailing slash; Slack only calls HTTPS URLs."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.netloc:
        raise ManifestUrlError(
            f"--url {url!r} is not an https:// URL: Slack sends requests only to HTTPS, "
            "e.g. --url https://tandem.example.com"
        )
    if parts.query or parts.fragment:
        raise ManifestUrlError(f"--url {url!r} has a query or fragment; give only the base URL.")
    return f"https://{parts.netloc}{parts.path.rstrip('/')}"


def http_manifest(manifest: dict[str, Any], url: str) -> dict[str, Any]:
    """The manifest for HTTP mode at `url`: request URLs filled in, Socket Mode off."""
    base = public_base(url)
    events = base + EVENTS_PATH
    adapted = copy.deepcopy(manifest)
    for command in adapted["features"]["slash_commands"]:
        command["url"] = events
    settings = adapted["settings"]
    settings["event_subscriptions"]["request_url"] = events
    settings["interactivity"]["request_url"] = events
    settings["socket_mode_enabled"] = False
    adapted["oauth_config"]["redirect_urls"] = [base + REDIRECT_PATH]
    return adapted


def dump(manifest: dict[str, Any]) -> str:
    return yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=88)
