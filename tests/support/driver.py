"""The sandbox's signed-request driver (bot/sandbox/driver.py), plus sending the payloads of
tests/data/payloads/ as Slack documents them."""

from __future__ import annotations

import json
from typing import Any

from bot.sandbox.driver import Response, sign
from bot.sandbox.driver import SlackDriver as SandboxDriver
from tests.support import payloads

__all__ = ["Response", "SlackDriver", "sign"]


class SlackDriver(SandboxDriver):
    def send_payload(self, name: str, **ids: Any) -> Response:
        """Send tests/data/payloads/<name>.json as Slack would (signed; an event as JSON, an
        interaction as a form with its `payload`), its placeholders filled from `ids`.
        TRIGGER and RESPONSE_URL are made here when the payload has them (a click in a
        message, DM and MESSAGE_TS, gets that message's response_url); a message that a
        person wrote in the app's DM is also kept in the fake's DM, as Slack keeps it."""
        ids.setdefault("TRIGGER", self.fake.issue_trigger())
        if "DM" in ids and "MESSAGE_TS" in ids:
            ids.setdefault(
                "RESPONSE_URL", self.fake.response_url_for(str(ids["DM"]), str(ids["MESSAGE_TS"]))
            )
        ids.setdefault("RESPONSE_URL", self.response_url())
        ids.setdefault("TS", self.next_ts())
        body = payloads.load(name, **ids)
        if body.get("type") != "event_callback":
            return self.interactive(body)
        event = body["event"]
        written = event.get("type") == "message" and event.get("user") and not event.get("hidden")
        if written and event.get("channel") in self.fake.channels:
            message = {k: v for k, v in event.items() if k not in ("channel", "event_ts")}
            with self.fake.lock:
                self.fake.channels[event["channel"]].messages.append(message)
        return self.post(json.dumps(body).encode(), "application/json")
