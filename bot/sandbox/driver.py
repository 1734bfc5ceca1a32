"""Sends properly signed Slack requests (commands, events, interactivity) to a running app,
as Slack does: for the tests and for the people `tandem demo` simulates.

Requests go straight to 127.0.0.1, never through a proxy from the environment: the app is
in this process or on this machine."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bot.sandbox import TEAM, FakeSlack

# An opener without proxies: HTTP_PROXY would otherwise route 127.0.0.1 through it.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Response:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def sign(secret: str, body: bytes, timestamp: int) -> str:
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackDriver:
    def __init__(self, app_url: str, signing_secret: str, fake: FakeSlack) -> None:
        self.url = app_url.rstrip("/") + "/slack/events"
        self.secret = signing_secret
        self.fake = fake
        self._n = itertools.count(1)

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        signature: str | None = None,
        timestamp: int | None = None,
    ) -> Response:
        timestamp = int(time.time()) if timestamp is None else timestamp
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": str(timestamp),
                "X-Slack-Signature": signature or sign(self.secret, body, timestamp),
            },
        )
        try:
            with _DIRECT.open(request, timeout=30) as response:
                return Response(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode())

    def next_ts(self) -> str:
        """A ts for a message a person writes (the fake's own count from 1.8e9 apart)."""
        return f"{1_900_000_000 + next(self._n)}.000100"

    def response_url(self) -> str:
        return f"{self.fake.url}/response/{next(self._n)}"

    def command(
        self, user: str, text: str, *, team: str = TEAM, channel: str = "C0GENERAL"
    ) -> Response:
        """A `/mentor` slash command, form-encoded as Slack sends it."""
        form = {
            "token": "legacy-verification-token",
            "team_id": team,
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/mentor",
            "text": text,
            "api_app_id": "A0TANDEM",
            "is_enterprise_install": "false",
            "response_url": self.response_url(),
            "trigger_id": self.fake.issue_trigger(),
        }
        return self.post(urlencode(form).encode(), "application/x-www-form-urlencoded")

    def interactive(self, payload: dict[str, Any]) -> Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")

    def block_action(
        self,
        user: str,
        action_id: str,
        *,
        value: str | None = None,
        block_id: str = "b",
        channel: str | None = None,
        message_ts: str | None = None,
        selected_option: dict[str, Any] | None = None,
        selected_options: list[dict[str, Any]] | None = None,
        view: dict[str, Any] | None = None,
        team: str = TEAM,
    ) -> Response:
        """A click; `selected_option` makes it a static select, `selected_options` checkboxes."""
        kind = "button"
        if selected_option is not None:
            kind = "static_select"
        elif selected_options is not None:
            kind = "checkboxes"
        action: dict[str, Any] = {
            "action_id": action_id,
            "block_id": block_id,
            "type": kind,
            "action_ts": f"{time.time():.6f}",
        }
        if value is not None:
            action["value"] = value
        if selected_option is not None:
            action["selected_option"] = selected_option
        if selected_options is not None:
            action["selected_options"] = selected_options
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": team, "domain": "fake"},
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "api_app_id": "A0TANDEM",
            "token": "legacy-verification-token",
            "trigger_id": self.fake.issue_trigger(),
            "actions": [action],
        }
        if channel is not None:
            payload["channel"] = {"id": channel, "name": "dm"}
            payload["container"] = {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": False,
            }
            payload["message"] = {"type": "message", "ts": message_ts, "text": ""}
            payload["response_url"] = (
                self.fake.response_url_for(channel, message_ts)
                if message_ts
                else self.response_url()
            )
        if view is not None:
            payload["view"] = view
            payload["container"] = {"type": "view", "view_id": view.get("id", "V0")}
        return self.interactive(payload)

    def view_submission(
        self,
        user: str,
        view: dict[str, Any],
        values: dict[str, dict[str, dict[str, Any]]],
        *,
        team: str = TEAM,
    ) -> Response:
        """Submit a modal as Slack would: `values` is state.values (block -> action -> value)."""
        payload = {
            "type": "view_submission",
            "team": {"id": team, "domain": "fake"},
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "api_app_id": "A0TANDEM",
            "token": "legacy-verification-token",
            "trigger_id": self.fake.issue_trigger(),
            "view": {
                "id": view.get("id", "V0"),
                "team_id": team,
                "type": "modal",
                "callback_id": view.get("callback_id", ""),
                "private_metadata": view.get("private_metadata", ""),
                "blocks": view.get("blocks", []),
                "state": {"values": values},
                "hash": "1.abc",
            },
            "response_urls": [],
        }
        return self.interactive(payload)

    def direct_message(
        self, user: str, text: str, *, thread_ts: str | None = None, team: str = TEAM
    ) -> tuple[Response, str]:
        """`user` writes `text` in the app's DM: the message lands in the fake's DM channel and
        Slack's message.im event (text escaped as Slack escapes it) is sent. Returns the ts."""
        channel = self.fake.dm_with(user)
        ts = self.next_ts()
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        message: dict[str, Any] = {"type": "message", "user": user, "text": escaped, "ts": ts}
        if thread_ts is not None:
            message["thread_ts"] = thread_ts
        with self.fake.lock:
            self.fake.channels[channel].messages.append(dict(message))
        event = {**message, "channel": channel, "channel_type": "im", "team": team}
        return self.event(event, team=team), ts

    def channel_message(self, user: str, channel: str, text: str) -> str:
        """`user` writes `text` in a channel (Tandem is not told: it reads only its DMs).
        Returns the ts."""
        ts = self.next_ts()
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        with self.fake.lock:
            self.fake.channels[channel].messages.append(
                {"type": "message", "user": user, "text": escaped, "ts": ts}
            )
        return ts

    def message_action(
        self,
        user: str,
        callback_id: str,
        *,
        channel: str,
        message: dict[str, Any],
        team: str = TEAM,
    ) -> Response:
        """A message shortcut chosen on `message` in `channel` (a message_action payload)."""
        payload = {
            "type": "message_action",
            "token": "legacy-verification-token",
            "action_ts": f"{time.time():.6f}",
            "team": {"id": team, "domain": "fake"},
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "channel": {"id": channel, "name": "channel"},
            "callback_id": callback_id,
            "trigger_id": self.fake.issue_trigger(),
            "response_url": self.response_url(),
            "message_ts": message.get("ts"),
            "message": {"type": "message", **message},
        }
        return self.interactive(payload)

    def event(self, event: dict[str, Any], *, team: str = TEAM) -> Response:
        """An Events API `event_callback`, JSON as Slack sends it."""
        body = {
            "token": "legacy-verification-token",
            "team_id": team,
            "api_app_id": "A0TANDEM",
            "event": {"event_ts": f"{time.time():.6f}", **event},
            "type": "event_callback",
            "event_id": f"Ev{next(self._n):08d}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "team_id": team,
                    "user_id": "UBOT0001",
                    "is_bot": True,
                    "enterprise_id": None,
                    "is_enterprise_install": False,
                }
            ],
        }
        return self.post(json.dumps(body).encode(), "application/json")
