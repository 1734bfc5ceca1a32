"""Slack payloads from tests/data/payloads/, with their ${NAME} placeholders filled in.

Each file is a payload in the shape Slack documents (see tests/data/payloads/README.md);
IDs that must point at a test's own rows (the user, the DM, the check-in, the pair...) are
placeholders, so one file serves every test. A placeholder that is the whole string is
replaced by the value's text (Slack's IDs, ts and button values are all strings); inside a
longer string likewise.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from pathlib import Path
from typing import Any

from bot.sandbox import BOT_ID, BOT_USER, TEAM

FOLDER = Path(__file__).resolve().parents[1] / "data" / "payloads"
ENTERPRISE = "E0SAMPLE01"  # an Enterprise Grid organization
EXTERNAL_TEAM = "T0PARTNER1"  # a workspace of another organization (Slack Connect)
PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")
_events = itertools.count(1)


def names() -> list[str]:
    return sorted(path.stem for path in FOLDER.glob("*.json"))


def defaults() -> dict[str, Any]:
    """Values every payload may use; a test passes the rest (and may override these)."""
    now = f"{time.time():.6f}"
    return {
        "TEAM": TEAM,
        "BOT": BOT_USER,
        "BOT_ID": BOT_ID,
        "ENTERPRISE": ENTERPRISE,
        "EXTERNAL_TEAM": EXTERNAL_TEAM,
        "ACTION_TS": now,
        "EVENT_ID": f"Ev0PAYLOAD{next(_events):04d}",
    }


def fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    if not isinstance(value, str):
        return value
    return PLACEHOLDER.sub(lambda match: str(ids[match.group(1)]), value)


def load(name: str, **ids: Any) -> dict[str, Any]:
    """The payload `name` with its placeholders filled from `ids` (KeyError for one missing)."""
    raw = json.loads((FOLDER / f"{name}.json").read_text())
    return dict(fill(raw, {**defaults(), **ids}))
