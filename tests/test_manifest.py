"""manifest.yml validates against Slack's published app-manifest schema (v1), asks for what
the code uses and nothing more, and `tandem manifest --url` adapts it for HTTP mode."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.cli import main
from bot.ids import ShortcutId
from bot.listeners.registry import listened
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


def test_every_event_a_listener_handles_is_subscribed() -> None:
    manifest = _manifest()
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    listened_to = listened()
    assert {"app_home_opened", "message", "app_uninstalled", "tokens_revoked"} <= listened_to.events
    # "message" is heard through its per-conversation-type subscriptions (message.im).
    unsubscribed = {
        e
        for e in listened_to.events
        if e not in subscribed and not any(s.startswith(e + ".") for s in subscribed)
    }
    assert unsubscribed == set()
    heard = {
        s for s in subscribed if s in listened_to.events or s.split(".")[0] in listened_to.events
    }
    assert heard == subscribed, "subscribed to events no listener handles"
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == listened_to.commands


def test_the_shipped_manifest_is_for_socket_mode() -> None:
    manifest = _manifest()
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert "url" not in manifest["features"]["slash_commands"][0]


def test_tandem_manifest_url_prints_the_http_mode_manifest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["manifest", "--url", "https://tandem.example.org/team-a/"], env={}) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    jsonschema.validate(printed, SCHEMA)
    events = "https://tandem.example.org/team-a/slack/events"
    assert printed["settings"]["socket_mode_enabled"] is False
    assert printed["settings"]["event_subscriptions"]["request_url"] == events
    assert printed["settings"]["interactivity"]["request_url"] == events
    assert printed["features"]["slash_commands"][0]["url"] == events
    assert printed["oauth_config"]["redirect_urls"] == [
        "https://tandem.example.org/team-a/slack/oauth_redirect"
    ]
    shipped = _manifest()
    assert printed["oauth_config"]["scopes"] == shipped["oauth_config"]["scopes"]
    assert (
        printed["settings"]["event_subscriptions"]["bot_events"]
        == shipped["settings"]["event_subscriptions"]["bot_events"]
    )


def test_tandem_manifest_refuses_a_url_slack_cannot_call(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["manifest", "--url", "http://tandem.example.org"], env={}) == 2
    assert "https://" in capsys.readouterr().err


def test_every_shortcut_is_in_the_manifest_and_has_a_callback_id_of_ours() -> None:
    shortcuts = _manifest()["features"]["shortcuts"]
    assert {s["callback_id"] for s in shortcuts} == {s.value for s in ShortcutId}
    assert all(s["type"] == "message" for s in shortcuts)
