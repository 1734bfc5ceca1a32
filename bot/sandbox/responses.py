"""Replies to a response_url: an answer in its own right, or the clicked message replaced."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.model import REPLACE, Call, SlackError


class ResponseMethods:
    """Mixed into FakeSlack, whose state these read and change."""

    response_targets: dict[str, tuple[str, str]]  # response_url path -> (channel, ts)
    calls: list[Call]
    clock: Callable[[], float]
    lock: threading.RLock
    _ids: Any

    if TYPE_CHECKING:

        @property
        def url(self) -> str: ...

        def _replace(self, channel_id: str, ts: str, body: dict[str, Any]) -> None: ...

    def response_url_for(self, channel: str, message_ts: str) -> str:
        """The response_url of an interaction with this message (a click on one of its
        buttons): a reply to it with `replace_original` replaces the message."""
        with self.lock:
            path = f"/response/m{next(self._ids)}"
            self.response_targets[path] = (channel, message_ts)
        return f"{self.url}{path}"

    def record_response_url(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """A reply to a response_url; with `replace_original` (and not ephemeral) it replaces
        the message the interaction came from, as chat.update would, without chat.update's
        Tier 3 limit: "responding with replace_original" is how Slack says to update the
        message a button is in (https://docs.slack.dev/interactivity/handling-user-interaction,
        "Updating the source message"). Such a reply is recorded as the call REPLACE, the
        others as "response_url" (an answer in its own right, ephemeral or not)."""
        with self.lock:
            args: dict[str, Any] = {"path": path, **body}
            method, status, answer = "response_url", 200, dict[str, Any](ok=True)
            target = self.response_targets.get(path)
            replace = _true(body.get("replace_original")) and body.get("response_type") != (
                "ephemeral"
            )
            if target is not None and replace:
                method = REPLACE
                args.update(channel=target[0], ts=target[1])
                try:
                    self._replace(*target, body)
                except SlackError as exc:
                    status, answer = 400, {"ok": False, "error": exc.error}
            self.calls.append(
                Call(
                    method=method,
                    args=args,
                    at=self.clock(),
                    status=status,
                    response=answer,
                )
            )
            return status, answer


def _true(value: Any) -> bool:
    return str(value).lower() in ("1", "true")
