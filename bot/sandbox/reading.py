"""Reading what reached the fake Slack: calls, messages and counts, for tests, the
benchmark's fake process (`admin`) and the demo's transcript."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.limits import Limiter
from bot.sandbox.messages import _json_arg
from bot.sandbox.model import REPLACE, Call, Channel
from bot.sandbox.waiting import PATIENCE, wait_until


class ReadingMethods:
    """Mixed into FakeSlack, whose state these read."""

    calls: list[Call]
    channels: dict[str, Channel]
    users: dict[str, Any]
    limiter: Limiter
    lock: threading.RLock

    if TYPE_CHECKING:  # defined by FakeSlack and its other parts

        def issue_trigger(self) -> str: ...

        def response_url_for(self, channel: str, message_ts: str) -> str: ...

        def add_user(self, user_id: str, name: str, *, tz: str = "UTC") -> Any: ...

        def _dm(self, user_id: str) -> Channel: ...

    # Reading what happened
    def calls_to(self, method: str, **match: Any) -> list[Call]:
        with self.lock:
            calls = [c for c in self.calls if c.method == method]
        return [c for c in calls if all(c.args.get(k) == v for k, v in match.items())]

    def updates(self) -> list[Call]:
        """Every message Tandem replaced, oldest first: by chat.update, or by a response_url
        reply with replace_original (REPLACE; its args also hold the message's channel and
        ts)."""
        with self.lock:
            return [c for c in self.calls if c.ok and c.method in ("chat.update", REPLACE)]

    def wait_for_update(
        self,
        predicate: Callable[[Call], bool] | None = None,
        *,
        count: int = 1,
        timeout: float = PATIENCE,
    ) -> list[Call]:
        """Wait until `count` messages were replaced (see `updates`), matching `predicate`."""
        try:
            return wait_until(
                lambda: [c for c in self.updates() if predicate is None or predicate(c)],
                lambda calls: len(calls) >= count,
                timeout=timeout,
            )
        except AssertionError:
            seen = [c.method for c in self.calls]
            raise AssertionError(f"expected {count} update(s); saw {seen}") from None

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        *,
        count: int = 1,
        timeout: float = PATIENCE,
    ) -> list[Call]:
        """Wait until `count` calls to `method` (matching `predicate`) were received."""

        def found() -> list[Call]:
            return [c for c in self.calls_to(method) if predicate is None or predicate(c)]

        try:
            return wait_until(found, lambda calls: len(calls) >= count, timeout=timeout)
        except AssertionError:
            seen = [c.method for c in self.calls]
            raise AssertionError(f"expected {count} call(s) to {method}; saw {seen}") from None

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.channels[channel].messages) if channel in self.channels else []

    def dm_with(self, user_id: str) -> str:
        with self.lock:
            return self._dm(user_id).id

    def all_text(self) -> str:
        """Every text Tandem sent anywhere (messages, updates, ephemerals, views), as one string."""
        return json.dumps([c.args for c in self.calls], ensure_ascii=False)

    def admin(self, operation: str, args: dict[str, Any]) -> dict[str, Any]:
        """For a fake in its own process: `users` adds [[id, name, tz], ...], `trigger`
        issues a trigger_id, `reset` forgets the calls and refills the rate limits, `stats`
        counts calls and posted keys, and says when each response_url reply and each
        message's first update arrived; update_attempts gives how each update of a message
        was answered (chat.update or a reply replacing it, by HTTP status), posts_by_kind
        each kind of delivery's first and last post and how many (from their metadata),
        doubted_by_kind how many of each kind's deliveries had a post answered 500, lookups
        each conversations.history call ([at, status, channel]) and doubts each post
        answered 500 ([at, channel, kind])."""
        with self.lock:
            if operation == "trigger":
                return {"ok": True, "trigger_id": self.issue_trigger()}
            if operation == "response_url":
                url = self.response_url_for(str(args["channel"]), str(args["ts"]))
                return {"ok": True, "url": url}
            if operation == "users":
                for user_id, name, *tz in args.get("users", []):
                    self.add_user(user_id, name, tz=tz[0] if tz else "UTC")
                return {"ok": True, "users": len(self.users)}
            if operation == "reset":
                self.calls.clear()
                self.limiter = Limiter(self.limiter.limits, self.limiter.faults, self.limiter.clock)
                return {"ok": True}
            if operation != "stats":
                return {"ok": False, "error": "unknown_operation"}
            return self._stats()

    def _stats(self) -> dict[str, Any]:
        calls: dict[str, dict[str, int]] = {}
        for call in self.calls:
            by_status = calls.setdefault(call.method, {})
            by_status[str(call.status)] = by_status.get(str(call.status), 0) + 1
        posted: dict[str, int] = {}
        for channel in self.channels.values():
            for message in channel.messages:
                key = ((message.get("metadata") or {}).get("event_payload") or {}).get("key")
                if key:
                    posted[key] = posted.get(key, 0) + 1
        ok_posts = [c.at for c in self.calls if c.method == "chat.postMessage" and c.ok]
        by_kind: dict[str, list[float]] = {}  # kind -> [first post, last post, posts]
        for call in self.calls:
            if call.method == "chat.postMessage" and call.ok:
                kind = str(_delivery_of(call).get("kind", ""))
                first, last, count = by_kind.get(kind, [call.at, call.at, 0])
                by_kind[kind] = [min(first, call.at), max(last, call.at), count + 1]
        # kind -> deliveries whose post was answered 500 at least once: Slack may have posted
        # them in part, so each costs a look-up in its conversation before a resend.
        doubted: dict[str, set[str]] = {}
        for call in self.calls:
            if call.method == "chat.postMessage" and call.status == 500:
                payload = _delivery_of(call)
                doubted.setdefault(str(payload.get("kind", "")), set()).add(str(payload.get("key")))
        # When each look-up was made and how it was answered, and when each post was
        # answered 500: whether the look-ups kept pace with the doubts (the fake's clock).
        lookups = [
            [c.at, c.status, c.args.get("channel")]
            for c in self.calls
            if c.method == "conversations.history"
        ]
        doubts = [
            [c.at, c.args.get("channel"), _delivery_of(c).get("kind")]
            for c in self.calls
            if c.method == "chat.postMessage" and c.status == 500
        ]
        attempts: dict[str, list[str]] = {}  # ts -> how each update of the message went
        for call in self.calls:
            if call.method in ("chat.update", REPLACE):
                attempts.setdefault(str(call.args.get("ts")), []).append(str(call.status))
        replies = {c.args["path"]: c.at for c in self.calls if c.method == "response_url"}
        updates = {
            str(c.args.get("ts")): c.at
            for c in reversed(self.updates())  # the first successful update of each message
        }
        return {
            "ok": True,
            "calls": calls,
            "posted": posted,
            "replies": replies,
            "updates": updates,
            "update_attempts": attempts,
            "posts_by_kind": by_kind,
            "doubted_by_kind": {kind: len(keys) for kind, keys in doubted.items()},
            "lookups": lookups,
            "doubts": doubts,
            "first_post_at": min(ok_posts, default=None),
            "last_post_at": max(ok_posts, default=None),
        }


def _delivery_of(call: Call) -> dict[str, Any]:
    """The outbox's kind and key a post carries in its metadata ({} for none)."""
    metadata = _json_arg(call.args.get("metadata"))
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    return payload if isinstance(payload, dict) else {}
