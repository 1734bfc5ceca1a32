"""manifest.yml validates against Slack's published app-manifest schema (v1)."""

import json
from pathlib import Path

import jsonschema
import yaml

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


def test_procfile_has_release_web_and_worker() -> None:
    lines = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert lines["release"].strip() == "tandem migrate"
    assert lines["web"].strip().startswith("tandem serve")
    assert lines["worker"].strip() == "tandem scheduler"
