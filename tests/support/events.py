"""Events API requests as Slack sends them, including its retries of the same event."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

from bot.sandbox import BOT_USER, TEAM
from tests.support.constants import SIGNING_SECRET
from tests.support.driver import Response, sign
from tests.support.runner import RunningApp


def event_body(event: dict[str, Any], event_id: str, *, team: str = TEAM) -> dict[str, Any]:
    """An `event_callback` envelope; `authorizations` names the installed workspace."""
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "api_app_id": "A0TANDEM",
        "event": {"event_ts": event.get("ts", f"{time.time():.6f}"), **event},
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {
                "team_id": team,
                "user_id": BOT_USER,
                "is_bot": True,
                "enterprise_id": None,
                "is_enterprise_install": False,
            }
        ],
    }


def send(app: RunningApp, body: dict[str, Any], *, retry: int = 0) -> Response:
    """POST the body, signed; `retry` adds Slack's X-Slack-Retry-Num/-Reason headers."""
    data = json.dumps(body).encode()
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": sign(SIGNING_SECRET, data, stamp),
    }
    if retry:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    request = urllib.request.Request(
        app.url + "/slack/events", data=data, method="POST", headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Response(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode())


def dm_event(app: RunningApp, user: str, text: str, ts: str, **fields: Any) -> dict[str, Any]:
    """A message.im event of `user` in Tandem's DM (text escaped as Slack escapes it)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return {
        "type": "message",
        "channel": app.fake.dm_with(user),
        "channel_type": "im",
        "user": user,
        "text": escaped,
        "ts": ts,
        "team": TEAM,
        **fields,
    }
