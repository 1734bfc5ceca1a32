"""users.*, views.* and auth.test."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.sandbox.blockkit import view_problems
from bot.sandbox.conversations import ConversationMethods
from bot.sandbox.model import BOT_ID, BOT_USER, TEAM, SlackError
from bot.sandbox.oauth import Install


def _view_arg(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class PeopleMethods(ConversationMethods):
    views: dict[str, dict[str, Any]]
    homes: dict[str, dict[str, Any]]
    token_in_use: str | None
    install_of: Callable[[str | None], Install | None]  # OAuthMethods'

    def _exchange_trigger(self, trigger_id: str) -> None:
        raise NotImplementedError  # FakeSlack's

    # https://docs.slack.dev/reference/methods/auth.test
    def auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        install = self.install_of(self.token_in_use)  # a token from an OAuth install
        if install is not None:
            return {
                "url": f"https://{install.team_id.lower()}.fake.slack.com/",
                "team": install.team_name,
                "user": "tandem",
                "team_id": install.team_id,
                "user_id": install.bot_user,
                "bot_id": install.bot_id,
            }
        return {
            "url": "https://fake.slack.com/",
            "team": "Fake Team",
            "user": "tandem",
            "team_id": TEAM,
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
        }

    # https://docs.slack.dev/reference/methods/users.info: an unknown ID is user_not_found;
    # a deactivated user is found, with "deleted": true.
    def users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"user": self._user(str(args.get("user", "")))}

    # https://docs.slack.dev/reference/methods/users.lookupByEmail
    def users_lookupByEmail(self, args: dict[str, Any]) -> dict[str, Any]:
        email = str(args.get("email", "")).lower()
        for user in self.users.values():
            if user["profile"]["email"].lower() == email:
                return {"user": user}
        raise SlackError("users_not_found")

    # https://docs.slack.dev/reference/methods/users.list: every member, deactivated ones
    # included with "deleted": true (python-slack-sdk issue #1156), a page at a time.
    def users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        limit = int(args.get("limit") or 100)
        start = int(args.get("cursor") or 0)
        users = list(self.users.values())
        page = users[start : start + limit]
        next_cursor = str(start + limit) if start + limit < len(users) else ""
        return {"members": page, "response_metadata": {"next_cursor": next_cursor}}

    # https://docs.slack.dev/reference/methods/views.open
    def views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        view = self._valid_view(args.get("view"), "modal")
        self._exchange_trigger(str(args.get("trigger_id") or ""))
        return {"view": self._store_view(view)}

    # https://docs.slack.dev/reference/methods/views.push
    def views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        return self.views_open(args)

    # https://docs.slack.dev/reference/methods/views.update
    def views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view = self._valid_view(args.get("view"), "modal")
        view_id = str(args.get("view_id") or "")
        if view_id not in self.views:
            raise SlackError("not_found")
        return {"view": self._store_view(view, view_id)}

    # https://docs.slack.dev/reference/methods/views.publish
    def views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = str(args.get("user_id", ""))
        self._user(user_id)
        view = self._store_view(self._valid_view(args.get("view"), "home"))
        self.homes[user_id] = view
        return {"view": view}

    @staticmethod
    def _valid_view(raw: Any, kind: str) -> dict[str, Any]:
        """The view, or invalid_arguments with Slack's reasons in response_metadata.messages,
        as views.* answer a view that does not match the schema ("failed to match all allowed
        schemas [json-pointer:/view]", imryche/blockkit#105)."""
        view = _view_arg(raw)
        problems = view_problems(view)
        if not problems and view.get("type") != kind:
            problems = [f"[ERROR] view type must be {kind} [json-pointer:/view/type]"]
        if problems:
            raise SlackError(
                "invalid_arguments", extra={"response_metadata": {"messages": problems}}
            )
        return dict(view)

    def _store_view(self, view: dict[str, Any], view_id: str | None = None) -> dict[str, Any]:
        view_id = view_id or f"V{next(self._ids):08d}"
        stored = {
            "id": view_id,
            "team_id": TEAM,
            "state": {"values": {}},
            "hash": f"{next(self._ts)}.fakehash",
            "root_view_id": view_id,
            "bot_id": BOT_ID,
            **view,
        }
        self.views[view_id] = stored
        return stored
