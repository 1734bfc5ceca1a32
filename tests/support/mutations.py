"""Hypothesis strategies for hostile input: any JSON, and real Slack payloads (from
tests/data/payloads/) with one part deleted or replaced by something of the wrong shape."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

from tests.support import payloads

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
# Text as people and attackers type it: mentions, channel links, mrkdwn, control characters,
# surrogates excluded (they cannot reach us through Slack's UTF-8 JSON or forms).
_PIECES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20) | st.sampled_from(
    ["<@U0ABC12>", "<@U0ABC12|ana>", "<#C0ABC12|x>", "<!channel>", "@here", "*", "`", "\n", " "]
)
TEXT = st.lists(_PIECES, max_size=12).map("".join)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def filled(name: str, **given: str) -> dict[str, Any]:
    """A payload with every placeholder filled by a plausible ID (or the one `given`)."""
    raw = (payloads.FOLDER / f"{name}.json").read_text()
    ids = {key: f"X{index:04d}" for index, key in enumerate(payloads.PLACEHOLDER.findall(raw))}
    ids.update({"CHECKIN": "1", "PAIR": "1", "TS": "1900000001.000100", **given})
    return payloads.load(name, **{k: v for k, v in ids.items() if k not in payloads.defaults()})


@st.composite
def broken_payload(draw: st.DrawFn, **given: str) -> dict[str, Any]:
    """A real payload with one part deleted or replaced by any JSON value."""
    body = copy.deepcopy(filled(draw(st.sampled_from(payloads.names())), **given))
    paths = _paths(body)
    path = draw(st.sampled_from(paths))
    parent: Any = body
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(JSON)
    return body


def as_text(body: dict[str, Any]) -> str:
    return json.dumps(body)
