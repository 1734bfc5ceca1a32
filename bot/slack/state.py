"""Turning a submitted view's state into plain values: {block_id: value}.

Each value is a string, a list of strings, or None: anything else Slack would never send
(a forged payload) reads as empty, so the field's own checks refuse it kindly.
"""

from __future__ import annotations

from typing import Any


def _value(element: dict[str, Any]) -> Any:
    kind = element.get("type")
    if kind in ("checkboxes", "multi_static_select"):
        options = element.get("selected_options")
        return [
            option["value"]
            for option in (options if isinstance(options, list) else [])
            if isinstance(option, dict) and isinstance(option.get("value"), str)
        ]
    if kind in ("static_select", "radio_buttons"):
        option = element.get("selected_option")
        value = option.get("value") if isinstance(option, dict) else None
        return value if isinstance(value, str) else None
    key = {
        "timepicker": "selected_time",
        "channels_select": "selected_channel",
        "conversations_select": "selected_conversation",
        "users_select": "selected_user",
    }.get(str(kind), "value")
    value = element.get(key)
    return value if isinstance(value, str) else None  # wrong-typed state reads as empty


def plain_values(view: dict[str, Any]) -> dict[str, Any]:
    """Each input block's value, keyed by block_id (one element per input block)."""
    values: dict[str, Any] = {}
    state = view.get("state")
    blocks = state.get("values") if isinstance(state, dict) else None
    for block_id, elements in (blocks if isinstance(blocks, dict) else {}).items():
        for element in elements.values() if isinstance(elements, dict) else ():
            if isinstance(element, dict):
                values[block_id] = _value(element)
    return values
