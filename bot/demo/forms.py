"""Filling a modal as a person would: each input block answered from what the person knows,
and left as Tandem offered it (its initial value) where they have nothing to say.

`answers` maps a block_id (or the part of it before ':') to a text, a list of option values
or option texts (checkboxes: ticked besides those ticked already; a multi-select: the whole
choice), an option value (selects), a channel name or a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.formatting import unescape

State = dict[str, dict[str, dict[str, Any]]]


def _answer(answers: Mapping[str, Any], block_id: str) -> Any:
    return answers.get(block_id, answers.get(block_id.split(":")[0]))


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def _matches(option: dict[str, Any], wanted: Any) -> bool:
    wanted = wanted if isinstance(wanted, list | tuple | set) else [wanted]
    text = unescape(str((option.get("text") or {}).get("text", "")))
    return option.get("value") in wanted or text in wanted


def _value(element: dict[str, Any], answer: Any, channels: Mapping[str, str]) -> dict[str, Any]:
    kind = str(element.get("type"))
    value: dict[str, Any] = {"type": kind}
    if kind == "plain_text_input":
        value["value"] = answer if answer is not None else element.get("initial_value", "")
    elif kind in ("static_select", "radio_buttons"):
        found = [o for o in _options(element) if answer is not None and _matches(o, answer)]
        value["selected_option"] = found[0] if found else element.get("initial_option")
    elif kind == "multi_static_select" and answer is not None:
        value["selected_options"] = [o for o in _options(element) if _matches(o, answer)]
    elif kind in ("checkboxes", "multi_static_select"):
        ticked = list(element.get("initial_options") or [])
        if answer is not None:
            ticked += [o for o in _options(element) if _matches(o, answer) and o not in ticked]
        value["selected_options"] = ticked
    elif kind in ("channels_select", "conversations_select"):
        key = "selected_channel" if kind == "channels_select" else "selected_conversation"
        initial = element.get("initial_channel") or element.get("initial_conversation")
        value[key] = channels.get(str(answer), initial) if answer is not None else initial
    elif kind == "timepicker":
        value["selected_time"] = answer or element.get("initial_time")
    elif kind == "users_select":
        value["selected_user"] = answer or element.get("initial_user")
    return value


def fill(view: dict[str, Any], answers: Mapping[str, Any], channels: Mapping[str, str]) -> State:
    """state.values for submitting `view`: block_id -> action_id -> the element's value."""
    values: State = {}
    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            continue
        element = block.get("element") or {}
        block_id = str(block.get("block_id"))
        action_id = str(element.get("action_id") or block_id)
        answer = _answer(answers, block_id)
        values[block_id] = {action_id: _value(element, answer, channels)}
    return values


_INITIAL = {
    "value": "initial_value",
    "selected_option": "initial_option",
    "selected_options": "initial_options",
    "selected_channel": "initial_channel",
    "selected_conversation": "initial_conversation",
    "selected_time": "initial_time",
    "selected_user": "initial_user",
}


def filled(view: dict[str, Any], values: State) -> list[dict[str, Any]]:
    """The modal's blocks as the person left them before submitting (their answers shown
    where the form showed its initial values)."""
    blocks = []
    for block in view.get("blocks") or []:
        state = values.get(str(block.get("block_id")))
        if block.get("type") == "input" and state:
            element = dict(block.get("element") or {})
            for key, value in next(iter(state.values())).items():
                if key in _INITIAL and value is not None:
                    element[_INITIAL[key]] = value
            block = {**block, "element": element}
        blocks.append(block)
    return blocks
