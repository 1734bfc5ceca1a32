"""What Slack refuses in a message or a view: Block Kit, text length and message metadata.

Blocks are first parsed and validated with slack_sdk's own models (`Block.parse(...)` and
`to_dict()`, which runs every model's validators down the tree), then walked for the limits
that Slack's reference states and the models leave unchecked (they keep some parts, such as a
select's options, as plain dicts). Each limit names its page under
https://docs.slack.dev/reference/block-kit/.
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

KIT = "https://docs.slack.dev/reference/block-kit/"

# "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs."
# https://docs.slack.dev/reference/block-kit/blocks
MESSAGE_BLOCKS, VIEW_BLOCKS = 50, 100

# Slack truncates chat.postMessage text past 40,000 characters ("Truncating content",
# https://docs.slack.dev/reference/methods/chat.postMessage; changelog
# https://api.slack.com/changelog/2018-04-truncating-really-long-messages); chat.update and
# chat.postEphemeral list msg_too_long among their errors
# (https://docs.slack.dev/reference/methods/chat.update, .../chat.postEphemeral).
TEXT_LIMIT = 40_000

# (element or block type, field) -> most characters, with the page that says so.
_LENGTHS: dict[tuple[str, str], tuple[int, str]] = {
    ("button", "text"): (75, "block-elements/button-element"),
    ("button", "value"): (2000, "block-elements/button-element"),
    ("option", "text"): (75, "composition-objects/option-object"),
    ("option", "value"): (150, "composition-objects/option-object"),
    ("option", "description"): (75, "composition-objects/option-object"),
    ("*", "action_id"): (255, "block-elements/button-element"),
    ("*", "block_id"): (255, "blocks/section-block"),
    ("*", "placeholder"): (150, "block-elements/select-menu-element"),
    ("section", "text"): (3000, "blocks/section-block"),
    ("section", "field"): (2000, "blocks/section-block"),
    ("header", "text"): (150, "blocks/header-block"),
    ("input", "label"): (2000, "blocks/input-block"),
    ("input", "hint"): (2000, "blocks/input-block"),
    ("plain_text_input", "initial_value"): (3000, "block-elements/plain-text-input-element"),
}
# element type -> most options ("Maximum number of options is 100"; checkboxes and radio
# buttons: "A maximum of 10 options are allowed"; overflow: 5).
_OPTIONS = {
    "static_select": 100,
    "multi_static_select": 100,
    "checkboxes": 10,
    "radio_buttons": 10,
    "overflow": 5,
}
# block type -> most elements (actions: 25, context: 10).
_ELEMENTS = {"actions": 25, "context": 10}
# plain_text_input: "The maximum length of input that the user can provide... up to 3000"
# https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element
INPUT_MAX_LENGTH = 3000


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        text = value.get("text")
        return text if isinstance(text, str) else None
    return value if isinstance(value, str) else None


class _Walk:
    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[str] = []

    def fail(self, message: str, path: str) -> None:
        self.problems.append(f"[ERROR] {message} [json-pointer:{self.where}{path}]")

    def length(self, kind: str, name: str, value: Any, path: str) -> None:
        limit, page = _LENGTHS.get((kind, name)) or _LENGTHS.get(("*", name)) or (0, "")
        text = _text(value)
        if limit and text is not None and len(text) > limit:
            self.fail(f"must be less than {limit + 1} characters ({KIT}{page})", path)

    def text_object(self, value: Any, path: str) -> None:
        # A text object's text is required and at least 1 character
        # (https://docs.slack.dev/reference/block-kit/composition-objects/text-object).
        if isinstance(value, dict) and not _text(value):
            self.fail("text must be at least 1 character", path + "/text")

    def option(self, option: Any, path: str) -> None:
        if not isinstance(option, dict) or "value" not in option:
            self.fail("an option needs text and value", path)
            return
        for name in ("text", "value", "description"):
            self.length("option", name, option.get(name), f"{path}/{name}")
        self.text_object(option.get("text"), path + "/text")

    def element(self, element: Any, path: str) -> None:
        if not isinstance(element, dict):
            return
        kind = str(element.get("type", ""))
        for name in ("action_id", "placeholder", "text", "value", "initial_value"):
            if name in element:
                self.length(kind, name, element[name], f"{path}/{name}")
        if kind == "button":
            self.text_object(element.get("text"), path + "/text")
        options = element.get("options")
        if isinstance(options, list):
            if kind in _OPTIONS and len(options) > _OPTIONS[kind]:
                self.fail(f"must provide at most {_OPTIONS[kind]} items", path + "/options")
            for index, option in enumerate(options):
                self.option(option, f"{path}/options/{index}")
            values = [o.get("value") for o in options if isinstance(o, dict)]
            # initial_option(s) "must exactly match" options of the element
            # (https://docs.slack.dev/reference/block-kit/block-elements/checkboxes-element,
            # .../select-menu-element).
            initial = element.get("initial_option")
            chosen = [initial] if isinstance(initial, dict) else element.get("initial_options")
            for option in chosen or []:
                if not isinstance(option, dict) or option.get("value") not in values:
                    self.fail("initial option must match one of the options", path)
        if kind == "plain_text_input":
            for name in ("max_length", "min_length"):
                if int(element.get(name) or 0) > INPUT_MAX_LENGTH:
                    self.fail(f"must be at most {INPUT_MAX_LENGTH}", f"{path}/{name}")

    def block(self, block: dict[str, Any], path: str, action_ids: set[str]) -> None:
        kind = str(block.get("type", ""))
        self.length(kind, "block_id", block.get("block_id"), path + "/block_id")
        for name in ("text", "label", "hint"):
            if name in block:
                self.length(kind, name, block[name], f"{path}/{name}")
                self.text_object(block[name], f"{path}/{name}")
        for index, field in enumerate(block.get("fields") or []):
            self.length(kind, "field", field, f"{path}/fields/{index}")
        elements = block.get("elements")
        if isinstance(elements, list) and kind in _ELEMENTS and len(elements) > _ELEMENTS[kind]:
            self.fail(f"must provide at most {_ELEMENTS[kind]} items", path + "/elements")
        found = [block.get("accessory"), block.get("element")]
        if kind in ("actions", "input"):
            found += elements or []
        for name, element in (("accessory", found[0]), ("element", found[1])):
            if element is not None:
                self.element(element, f"{path}/{name}")
        if kind == "actions":
            for index, element in enumerate(elements or []):
                self.element(element, f"{path}/elements/{index}")
        # action_id "should be unique among all other action_ids in the containing block"
        # (https://docs.slack.dev/reference/block-kit/block-elements/button-element).
        ids = [str(e["action_id"]) for e in found if isinstance(e, dict) and e.get("action_id")]
        if len(ids) != len(set(ids)):
            self.fail("action_id must be unique in its block", path)
        action_ids.update(ids)


def block_problems(blocks: Any, *, limit: int, where: str = "/blocks") -> list[str]:
    """Why Slack would refuse these blocks (empty when it would not), one line each in the
    shape of Slack's response_metadata.messages."""
    walk = _Walk(where)
    if blocks is None:
        return []
    if not isinstance(blocks, list):
        walk.fail("must provide an array", "")
        return walk.problems
    if len(blocks) > limit:
        walk.fail(f"must provide at most {limit} items", "")
    block_ids: set[str] = set()
    for index, raw in enumerate(blocks):
        path = f"/{index}"
        if not isinstance(raw, dict) or Block.parse(dict(raw)) is None:
            walk.fail("unsupported block type", path)
            continue
        try:
            Block.parse(json.loads(json.dumps(raw))).to_dict()  # type: ignore[union-attr]
        except (SlackObjectFormationError, TypeError, KeyError, AttributeError) as exc:
            walk.fail(str(exc), path)
        walk.block(raw, path, set())
        # block_id: "Maximum length for this field is 255 characters. block_id should be
        # unique for each message and each iteration of a message."
        # (https://docs.slack.dev/reference/block-kit/blocks/section-block)
        block_id = raw.get("block_id")
        if block_id:
            if block_id in block_ids:
                walk.fail("duplicate block_id", path + "/block_id")
            block_ids.add(block_id)
    return walk.problems


def view_problems(view: Any) -> list[str]:
    """Why views.open/update/push/publish would answer invalid_arguments for this view.

    Modal fields: https://docs.slack.dev/reference/views/modal-views (title required, a
    plain_text of at most 24 characters; at most 100 blocks; submit required when an input
    block is within the blocks; close and submit at most 24; private_metadata at most 3000;
    callback_id at most 255). Home: https://docs.slack.dev/reference/views/home-tab-views.
    """
    if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
        return ["[ERROR] failed to match all allowed schemas [json-pointer:/view]"]
    problems = []
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        problems.append("[ERROR] must provide an array [json-pointer:/view/blocks]")
    if view["type"] == "modal":
        if not _text(view.get("title")):
            problems.append("[ERROR] missing required field: title [json-pointer:/view]")
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks or [])
        if has_input and not view.get("submit"):
            problems.append("[ERROR] missing required field: submit [json-pointer:/view]")
    try:
        fields = {k: v for k, v in view.items() if k in View.attributes or k == "blocks"}
        View(**fields).validate_json()
    except (SlackObjectFormationError, TypeError, AttributeError) as exc:
        problems.append(f"[ERROR] {exc} [json-pointer:/view]")
    problems += block_problems(blocks, limit=VIEW_BLOCKS, where="/view/blocks")
    return problems


def metadata_error(value: Any) -> str | None:
    """Slack's error for a message's `metadata`, or None when it is fine (or absent).

    "JSON object with event_type and event_payload fields" (metadata argument of
    https://docs.slack.dev/reference/methods/chat.postMessage); a value that is not a JSON
    object answers invalid_metadata_format, an object without a string event_type and an
    object event_payload answers invalid_metadata_schema (both in the method's errors).
    """
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return "invalid_metadata_format"
    if not isinstance(value, dict):
        return "invalid_metadata_format"
    event_type, payload = value.get("event_type"), value.get("event_payload")
    if not isinstance(event_type, str) or not event_type or not isinstance(payload, dict):
        return "invalid_metadata_schema"
    return None


def action_ids(blocks: Any) -> list[tuple[str, str]]:
    """(JSON pointer, action_id) of every interactive element outside input blocks: the ones a
    listener must take (an input's value is read from the view's state on submission)."""
    found: list[tuple[str, str]] = []
    for index, block in enumerate(blocks if isinstance(blocks, list) else []):
        if not isinstance(block, dict) or block.get("type") == "input":
            continue
        elements = [("accessory", block.get("accessory"))]
        if block.get("type") == "actions":
            elements += [(f"elements/{n}", e) for n, e in enumerate(block.get("elements") or [])]
        for name, element in elements:
            if isinstance(element, dict) and element.get("action_id"):
                found.append((f"/{index}/{name}", str(element["action_id"])))
    return found
