"""manifest.yml validates against Slack's published app-manifest schema (v1)."""

import json
import re
from pathlib import Path

import jsonschema
import yaml

from bot.slack.gateway import UPLOAD_METHODS
from bot.slack.scopes import COMMAND_SCOPE, EVENT_SCOPES, METHOD_SCOPES

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests/data/manifest.schema.1.0.0.json").read_text())


def _manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_schema() -> None:
    jsonschema.validate(_manifest(), SCHEMA)


def test_the_schema_really_rejects_a_broken_manifest() -> None:
    broken = _manifest()
    broken["features"]["slash_commands"][0]["should_escape"] = "yes"
    try:
        jsonschema.validate(broken, SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a string should_escape should not validate")


def test_mentor_command_escapes_and_the_bot_has_what_it_uses() -> None:
    manifest = _manifest()
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/mentor"
    assert command["should_escape"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "users:read", "im:write", "groups:write"} <= scopes
    assert "app_home_opened" in manifest["settings"]["event_subscriptions"]["bot_events"]


def _methods_called() -> set[str]:
    """Every Web API method the bot's code calls through its gateway."""
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        text = path.read_text()
        found |= set(re.findall(r'_call\(\s*"([a-z]+\.[A-Za-z.]+)"', text))
        if "self.client.files_upload_v2" in text:  # the SDK makes the upload's two calls
            found |= set(UPLOAD_METHODS)
    return found


def test_the_manifest_asks_for_exactly_the_scopes_the_code_needs() -> None:
    manifest = _manifest()
    called = _methods_called()
    assert called >= {"chat.postMessage", "views.open", "users.list"}  # the scan works
    unknown = called - METHOD_SCOPES.keys()
    assert unknown == set(), "add these methods and their scopes to bot/slack/scopes.py"
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == set(EVENT_SCOPES)
    needed = {COMMAND_SCOPE}.union(*(METHOD_SCOPES[m] for m in called))
    needed |= set().union(*(EVENT_SCOPES[e] for e in events))
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(needed)


def test_procfile_has_release_web_and_worker() -> None:
    lines = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert lines["release"].strip() == "tandem migrate"
    assert lines["web"].strip().startswith("tandem serve")
    assert lines["worker"].strip() == "tandem scheduler"
