"""Turning a submitted view's state into plain values: {block_id: value}."""

from __future__ import annotations

from typing import Any


def _value(element: dict[str, Any]) -> Any:
    kind = element.get("type")
    if kind in ("checkboxes", "multi_static_select"):
        return [option["value"] for option in element.get("selected_options") or []]
    if kind in ("static_select", "radio_buttons"):
        option = element.get("selected_option")
        return option["value"] if option else None
    if kind == "timepicker":
        return element.get("selected_time")
    if kind == "channels_select":
        return element.get("selected_channel")
    if kind == "conversations_select":
        return element.get("selected_conversation")
    if kind == "users_select":
        return element.get("selected_user")
    return element.get("value")


def plain_values(view: dict[str, Any]) -> dict[str, Any]:
    """Each input block's value, keyed by block_id (one element per input block)."""
    values: dict[str, Any] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        for element in elements.values():
            values[block_id] = _value(element)
    return values
