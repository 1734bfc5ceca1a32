"""Refusing garbage before Bolt sees it: the shapes of the payloads Slack sends.

Bolt assumes well-formed payloads; an `actions` list that is empty or a string, an action
without `action_id`, state values of the wrong type or a view without a `callback_id` made
it raise (a 500, and Slack retries). The router asks `problem(body)` first and answers a
clear 400 for anything Slack itself would never send; listeners then decode values with
bot/slack/wire.py, which tolerates forged values. Shapes follow Slack's reference:
https://api.slack.com/reference/interaction-payloads and https://api.slack.com/apis/events-api.
"""

from __future__ import annotations

from typing import Any

INTERACTIVE_TYPES = frozenset(
    {
        "block_actions",
        "view_submission",
        "view_closed",
        "shortcut",
        "message_action",
        "block_suggestion",
    }
)


def _str(value: Any) -> bool:
    return isinstance(value, str)


def _user(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if not isinstance(user, dict) or not _str(user.get("id")):
        return "user.id is missing"
    return None


def _action(action: Any) -> str | None:
    if not isinstance(action, dict):
        return "an action is not an object"
    if not _str(action.get("action_id")) or not action.get("action_id"):
        return "an action has no action_id"
    for key in ("block_id", "value", "action_ts"):
        if key in action and action[key] is not None and not _str(action[key]):
            return f"an action's {key} is not a string"
    option = action.get("selected_option")
    if option is not None and not (isinstance(option, dict) and _str(option.get("value"))):
        return "an action's selected_option is not an option"
    options = action.get("selected_options")
    if options is not None and not (
        isinstance(options, list) and all(isinstance(o, dict) for o in options)
    ):
        return "an action's selected_options is not a list of options"
    return None


def _view(view: Any) -> str | None:
    if not isinstance(view, dict):
        return "view is not an object"
    if not _str(view.get("callback_id")):
        return "view.callback_id is missing"
    if not _str(view.get("type")):
        return "view.type is missing"
    for key in ("id", "private_metadata", "team_id", "app_installed_team_id"):
        if key in view and view[key] is not None and not _str(view[key]):
            return f"view.{key} is not a string"
    state = view.get("state", {})
    if not isinstance(state, dict):
        return "view.state is not an object"
    values = state.get("values", {})
    if not isinstance(values, dict) or not all(
        isinstance(block, dict) and all(isinstance(element, dict) for element in block.values())
        for block in values.values()
    ):
        return "view.state.values is not blocks of elements"
    return None


def _interactive(body: dict[str, Any]) -> str | None:
    kind = body.get("type")
    if kind not in INTERACTIVE_TYPES:
        return f"unknown interactivity type {kind!r}"
    if (problem := _user(body)) is not None:
        return problem
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            return "actions is not a non-empty list"
        for action in actions:
            if (problem := _action(action)) is not None:
                return problem
        # A click in a modal or the Home tab names its view; a Home tab may have no
        # callback_id, so only the shape is checked here.
        if "view" in body and not isinstance(body["view"], dict):
            return "view is not an object"
    if kind in ("view_submission", "view_closed"):
        return _view(body.get("view"))
    if kind in ("shortcut", "message_action") and not _str(body.get("callback_id")):
        return "callback_id is missing"
    return None


def _event(body: dict[str, Any]) -> str | None:
    event = body.get("event")
    if not isinstance(event, dict) or not _str(event.get("type")):
        return "event.type is missing"
    if "event_id" in body and not _str(body["event_id"]):
        return "event_id is not a string"
    return None


# What Bolt reads to build a request's context (slack_bolt/request/internals.py): each may
# be a string or an object, and `authorizations` a list of objects, in the body and in the
# objects nested in it. Anything else made Bolt raise before any listener ran.
_CONTEXT_FIELDS = ("enterprise", "team", "user", "channel")
_NESTED = ("event", "message", "previous_message", "item", "assistant_thread")


def _context_problem(node: dict[str, Any], where: str = "") -> str | None:
    for field in _CONTEXT_FIELDS:
        value = node.get(field)
        if value is not None and not isinstance(value, str | dict):
            return f"{where}{field} is neither a string nor an object"
        if isinstance(value, dict) and value.get("id") is not None and not _str(value["id"]):
            return f"{where}{field}.id is not a string"
    found = None
    authorizations = node.get("authorizations")
    if authorizations is not None:
        if not isinstance(authorizations, list) or not all(
            isinstance(item, dict) for item in authorizations
        ):
            return f"{where}authorizations is not a list of objects"
        if authorizations:
            found = _context_problem(authorizations[0], f"{where}authorizations[0].")
    for nested in _NESTED:
        if found is None and isinstance(node.get(nested), dict):
            found = _context_problem(node[nested], f"{where}{nested}.")
    return found


def problem(body: dict[str, Any]) -> str | None:
    """Why this parsed request body (for interactivity: the JSON of its `payload` field) is
    not a payload Slack sends; None if it could be."""
    kind = body.get("type")
    if kind is not None and not _str(kind):
        return "type is not a string"
    if body.get("is_ext_shared_channel") is True and not isinstance(body.get("event"), dict):
        return "a shared-channel event without an event"
    context = _context_problem(body)
    if context is not None:
        return context
    if "response_url" in body and not _str(body["response_url"]):
        return "response_url is not a string"
    urls = body.get("response_urls")
    # Tandem asks for no response_urls, so Slack sends an empty list; Bolt raises for more
    # than one (build_context reads context.logger before it is set).
    if "response_urls" in body and (
        not isinstance(urls, list) or len(urls) > 1 or not all(isinstance(u, dict) for u in urls)
    ):
        return "response_urls is not a list of at most one object"
    if kind in INTERACTIVE_TYPES:
        return _interactive(body)
    if body.get("type") == "event_callback":
        return _event(body)
    if body.get("type") == "url_verification":
        return None if _str(body.get("challenge")) else "challenge is missing"
    if "command" in body:
        if not _str(body.get("command")) or not _str(body.get("user_id")):
            return "a slash command without command or user_id"
        return None
    return None
