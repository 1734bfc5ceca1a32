"""A fake Slack Web API: a real HTTP server on 127.0.0.1 that records every call.

The bot reaches it through SLACK_API_URL (`fake.api_url`). It answers with Slack-shaped
JSON, keeps channels, messages, users, views and pins in memory, receives response_url
posts at /response/..., and can be told to fail: `fake.fail("chat.postMessage",
error="ratelimited", status=429, retry_after=1)` or `fake.fail(method, status=500)`, or
to carry out a call but answer late (`fake.hang(method, seconds)`). With `limits=` it
enforces Slack's rate limits and with `random_faults=` it injects 500s and 429s
(tests/support/slacklimits.py); both are off by default. `python -m bench` runs it as its
own process, read and seeded through /_fake/ (see `admin`).
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from bot.clock import Ticker
from tests.support.slacklimits import Limiter, RandomFaults, RateLimits
from tests.support.waiting import PATIENCE, wait_until

BOT_USER = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM = "T0001"
_CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # many sending threads connect at once
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client that gave up waiting (a timeout test) is not the fake's error
        super().handle_error(request, client_address)


class SlackError(Exception):
    def __init__(self, error: str, status: int = 200, retry_after: int | None = None) -> None:
        super().__init__(error)
        self.error, self.status, self.retry_after = error, status, retry_after


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    at: float
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))


@dataclass
class Fault:
    error: str
    status: int
    retry_after: int | None
    times: int


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool = False
    is_im: bool = False
    user: str | None = None  # the other side of a DM
    members: set[str] = field(default_factory=set)
    messages: list[dict[str, Any]] = field(default_factory=list)
    pins: list[str] = field(default_factory=list)
    archived: bool = False


class FakeSlack:
    def __init__(
        self,
        token: str = "xoxb-test-token",
        *,
        limits: RateLimits | None = None,
        random_faults: RandomFaults | None = None,
        port: int = 0,
        ticker: Ticker | None = None,
    ) -> None:
        self.token = token
        # With a ticker (virtual in tests), calls are stamped and rate limits kept on the
        # same clock as the bot's pacer, so "Slack never refused" is exact, not a race.
        self.ticker = ticker
        self.clock: Callable[[], float] = ticker.monotonic if ticker else time.time
        self.limiter = Limiter(limits, random_faults, ticker.monotonic if ticker else None)
        self._dms: dict[str, str] = {}  # user ID -> DM channel ID
        self.hangs: dict[str, list[tuple[float, bool]]] = {}
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, Channel] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.homes: dict[str, dict[str, Any]] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self._ts = itertools.count(1)
        self.handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            name.replace("_", ".", 1): getattr(self, name)
            for name in dir(self)
            if re.match(r"^(auth|chat|conversations|pins|users|views)_[a-zA-Z]+$", name)
        }
        self.add_user(BOT_USER, "tandem", is_bot=True)
        self.server = _Server(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        # A short poll interval: `stop` (shutdown) returns within it instead of half a second.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # Lifecycle
    def start(self) -> FakeSlack:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    # Set-up helpers
    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        tz: str = "UTC",
        email: str | None = None,
        is_bot: bool = False,
        deleted: bool = False,
    ) -> dict[str, Any]:
        user = {
            "id": user_id,
            "team_id": TEAM,
            "name": name,
            "real_name": name.title(),
            "deleted": deleted,
            "is_bot": is_bot,
            "tz": tz,
            "tz_label": tz,
            "tz_offset": 0,
            "profile": {
                "display_name": name,
                "real_name": name.title(),
                "email": email or f"{name}@example.com",
            },
        }
        self.users[user_id] = user
        return user

    def add_channel(
        self, name: str, *, private: bool = False, members: tuple[str, ...] = ()
    ) -> str:
        prefix = "G" if private else "C"
        channel = Channel(
            id=f"{prefix}{next(self._ids):08d}", name=name, is_private=private, members=set(members)
        )
        self.channels[channel.id] = channel
        return channel.id

    def fail(
        self,
        method: str,
        error: str = "internal_error",
        *,
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls to `method` fail (status 429 and 5xx included)."""
        with self.lock:
            self.faults.setdefault(method, []).append(Fault(error, status, retry_after, times))

    def hang(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Carry out the next `times` calls to `method`, but answer only after `seconds` of
        real time (for a client's real timeout)."""
        with self.lock:
            self.hangs.setdefault(method, []).extend([(seconds, True)] * times)

    def slow(self, method: str, seconds: float, *, times: int = 1) -> None:
        """The next `times` calls to `method` take `seconds` on the fake's clock: moved on at
        once when it is virtual, waited out when it is real."""
        with self.lock:
            self.hangs.setdefault(method, []).extend([(seconds, False)] * times)

    def take_hang(self, method: str) -> None:
        """Hold the answer to a call as `hang` or `slow` asked (outside the fake's lock)."""
        with self.lock:
            waits = self.hangs.get(method)
            seconds, real = waits.pop(0) if waits else (0.0, True)
        if seconds <= 0:
            return
        if real or self.ticker is None:
            time.sleep(seconds)
        else:
            self.ticker.sleep_until(self.ticker.monotonic() + seconds)

    # Reading what happened
    def calls_to(self, method: str, **match: Any) -> list[Call]:
        with self.lock:
            calls = [c for c in self.calls if c.method == method]
        return [c for c in calls if all(c.args.get(k) == v for k, v in match.items())]

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
        return self._dm(user_id).id

    def all_text(self) -> str:
        """Every text Tandem sent anywhere (messages, updates, ephemerals, views), as one string."""
        return json.dumps([c.args for c in self.calls], ensure_ascii=False)

    def admin(self, operation: str, args: dict[str, Any]) -> dict[str, Any]:
        """For a fake in its own process: `users` adds [[id, name, tz], ...], `reset` forgets
        the calls and refills the rate limits, `stats` counts calls and posted keys, and
        says when each response_url reply and each message's first update arrived."""
        with self.lock:
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
            replies = {c.args["path"]: c.at for c in self.calls if c.method == "response_url"}
            updates = {
                str(c.args.get("ts")): c.at
                for c in reversed(self.calls)  # the first successful update of each message
                if c.method == "chat.update" and c.ok
            }
            return {
                "ok": True,
                "calls": calls,
                "posted": posted,
                "replies": replies,
                "updates": updates,
                "first_post_at": min(ok_posts, default=None),
                "last_post_at": max(ok_posts, default=None),
            }

    # The HTTP side
    def handle(self, method: str, args: dict[str, Any], token: str | None) -> tuple[int, dict]:
        with self.lock:
            call = Call(method=method, args=args, at=self.clock())
            self.calls.append(call)
            try:
                if token != self.token:
                    raise SlackError("invalid_auth" if token else "not_authed")
                self._maybe_fail(method)
                refusal = self.limiter.refusal(method, self._conversation_of(method, args))
                if refusal is not None:
                    status, retry_after = refusal
                    if status == 429:
                        raise SlackError("ratelimited", 429, retry_after)
                    raise SlackError("internal_error", status)
                handler = self.handlers.get(method)
                if handler is None:
                    raise SlackError("unknown_method")
                body = {"ok": True, **handler(args)}
            except SlackError as exc:
                call.status = exc.status
                body = {"ok": False, "error": exc.error}
                if exc.retry_after is not None:
                    body["retry_after"] = exc.retry_after
            call.response = body
            return call.status, body

    def record_response_url(self, path: str, body: dict[str, Any]) -> None:
        with self.lock:
            self.calls.append(
                Call(
                    method="response_url",
                    args={"path": path, **body},
                    at=self.clock(),
                    response={"ok": True},
                )
            )

    def _maybe_fail(self, method: str) -> None:
        faults = self.faults.get(method)
        if not faults:
            return
        fault = faults[0]
        fault.times -= 1
        if fault.times <= 0:
            faults.pop(0)
        raise SlackError(fault.error, fault.status, fault.retry_after)

    # Helpers for the handlers
    def _new_ts(self) -> str:
        return f"{1_800_000_000 + next(self._ts)}.{next(self._ts):06d}"

    def _conversation_of(self, method: str, args: dict[str, Any]) -> str | None:
        """The conversation a post is paced by; a DM counts the same by user or channel ID."""
        if method != "chat.postMessage":
            return None
        channel_id = str(args.get("channel", ""))
        channel = self.channels.get(channel_id)
        return channel.user if channel is not None and channel.is_im else channel_id

    def _dm(self, user_id: str) -> Channel:
        known = self._dms.get(user_id)
        if known is not None:
            return self.channels[known]
        channel = Channel(
            id=f"D{next(self._ids):08d}",
            name="",
            is_im=True,
            user=user_id,
            members={user_id, BOT_USER},
        )
        self.channels[channel.id] = channel
        self._dms[user_id] = channel.id
        return channel

    def _channel(self, channel_id: str) -> Channel:
        if channel_id and channel_id[0] in "UW":
            if channel_id not in self.users:
                raise SlackError("channel_not_found")
            return self._dm(channel_id)
        channel = self.channels.get(channel_id)
        if channel is None:
            raise SlackError("channel_not_found")
        return channel

    def _user(self, user_id: str) -> dict[str, Any]:
        user = self.users.get(user_id)
        if user is None:
            raise SlackError("user_not_found")
        return user

    def _message(self, channel: Channel, ts: str) -> dict[str, Any]:
        for message in channel.messages:
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")

    @staticmethod
    def _json_arg(value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value

    # Web API methods (name: chat_postMessage answers chat.postMessage)
    def auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://fake.slack.com/",
            "team": "Fake Team",
            "user": "tandem",
            "team_id": TEAM,
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
        }

    def chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        if self.users.get(args.get("channel", ""), {}).get("deleted"):
            raise SlackError("user_not_found")  # a deactivated member's DM
        channel = self._channel(args.get("channel", ""))
        if channel.archived:
            raise SlackError("is_archived")
        if not channel.is_im and BOT_USER not in channel.members and channel.is_private:
            raise SlackError("not_in_channel")
        if not args.get("text") and not args.get("blocks"):
            raise SlackError("no_text")
        message = {
            "type": "message",
            "user": BOT_USER,
            "bot_id": BOT_ID,
            "text": args.get("text", ""),
            "ts": self._new_ts(),
            "blocks": self._json_arg(args.get("blocks")) or [],
        }
        if args.get("metadata"):
            message["metadata"] = self._json_arg(args["metadata"])
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        channel.messages.append(message)
        return {"channel": channel.id, "ts": message["ts"], "message": message}

    def chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args.get("channel", ""))
        message = self._message(channel, args.get("ts", ""))
        message["text"] = args.get("text", message["text"])
        if "blocks" in args:
            message["blocks"] = self._json_arg(args["blocks"])
        return {"channel": channel.id, "ts": message["ts"], "text": message["text"]}

    def chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        self._channel(args.get("channel", ""))
        self._user(args.get("user", ""))
        return {"message_ts": self._new_ts()}

    def conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = [u for u in str(args.get("users", "")).split(",") if u]
        if len(users) != 1:
            raise SlackError("not_implemented")
        if self._user(users[0]).get("deleted"):
            raise SlackError("user_disabled")
        return {"channel": {"id": self._dm(users[0]).id}}

    def conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args.get("channel", ""))
        include = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        oldest = float(args.get("oldest") or 0)
        limit = int(args.get("limit") or 100)
        messages = [dict(m) for m in reversed(channel.messages) if float(m["ts"]) > oldest]
        if not include:
            for m in messages:
                m.pop("metadata", None)
        return {"messages": messages[:limit], "has_more": len(messages) > limit}

    def conversations_create(self, args: dict[str, Any]) -> dict[str, Any]:
        name = str(args.get("name", ""))
        if not _CHANNEL_NAME.match(name):
            raise SlackError("invalid_name_specials")
        if any(c.name == name for c in self.channels.values()):
            raise SlackError("name_taken")
        private = str(args.get("is_private", "")).lower() in ("1", "true")
        channel_id = self.add_channel(name, private=private, members=(BOT_USER,))
        return {"channel": self._channel_json(self.channels[channel_id])}

    def conversations_invite(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args.get("channel", ""))
        users = [u for u in str(args.get("users", "")).split(",") if u]
        if BOT_USER not in channel.members:
            raise SlackError("not_in_channel")
        for user_id in users:
            if user_id == BOT_USER:
                raise SlackError("cant_invite_self")
            self._user(user_id)
        if all(u in channel.members for u in users):
            raise SlackError("already_in_channel")
        channel.members.update(users)
        return {"channel": self._channel_json(channel)}

    def conversations_join(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args.get("channel", ""))
        if channel.is_private:
            raise SlackError("method_not_supported_for_channel_type")
        channel.members.add(BOT_USER)
        return {"channel": self._channel_json(channel)}

    def conversations_archive(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args.get("channel", ""))
        if channel.is_im:
            raise SlackError("method_not_supported_for_channel_type")
        if channel.archived:
            raise SlackError("already_archived")
        if BOT_USER not in channel.members:
            raise SlackError("not_in_channel")
        channel.archived = True
        return {}

    def conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"channel": self._channel_json(self._channel(args.get("channel", "")))}

    def conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"members": sorted(self._channel(args.get("channel", "")).members)}

    def pins_add(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args.get("channel", ""))
        ts = args.get("timestamp", "")
        self._message(channel, ts)
        if ts in channel.pins:
            raise SlackError("already_pinned")
        channel.pins.append(ts)
        return {}

    def users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"user": self._user(args.get("user", ""))}

    def users_lookupByEmail(self, args: dict[str, Any]) -> dict[str, Any]:
        email = str(args.get("email", "")).lower()
        for user in self.users.values():
            if user["profile"]["email"].lower() == email:
                return {"user": user}
        raise SlackError("users_not_found")

    def users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        limit = int(args.get("limit") or 100)
        start = int(args.get("cursor") or 0)
        users = list(self.users.values())
        page = users[start : start + limit]
        next_cursor = str(start + limit) if start + limit < len(users) else ""
        return {"members": page, "response_metadata": {"next_cursor": next_cursor}}

    def views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("trigger_id"):
            raise SlackError("invalid_trigger_id")
        return {"view": self._store_view(self._json_arg(args.get("view")))}

    def views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        return self.views_open(args)

    def views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id = args.get("view_id")
        if view_id not in self.views:
            raise SlackError("not_found")
        return {"view": self._store_view(self._json_arg(args.get("view")), view_id)}

    def views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = args.get("user_id", "")
        self._user(user_id)
        view = self._store_view(self._json_arg(args.get("view")))
        self.homes[user_id] = view
        return {"view": view}

    def _store_view(self, view: Any, view_id: str | None = None) -> dict[str, Any]:
        if not isinstance(view, dict) or "type" not in view:
            raise SlackError("invalid_arguments")
        view_id = view_id or f"V{next(self._ids):08d}"
        stored = {"id": view_id, "team_id": TEAM, **view}
        self.views[view_id] = stored
        return stored

    @staticmethod
    def _channel_json(channel: Channel) -> dict[str, Any]:
        return {
            "id": channel.id,
            "name": channel.name,
            "is_private": channel.is_private,
            "is_im": channel.is_im,
            "is_archived": channel.archived,
            "created": 1700000000,
        }


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as two writes

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            if self.headers.get("Content-Type", "").startswith("application/json"):
                args = json.loads(raw) if raw else {}
            else:
                args = dict(parse_qsl(raw, keep_blank_values=True))
            if self.path.startswith("/_fake/"):
                self._send(200, fake.admin(self.path[len("/_fake/") :], args))
                return
            if self.path.startswith("/response/"):
                fake.record_response_url(self.path, args)
                self._send(200, {"ok": True})
                return
            if not self.path.startswith("/api/"):
                self._send(404, {"ok": False, "error": "not_found"})
                return
            auth = self.headers.get("Authorization", "")
            token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else args.get("token")
            method = self.path[len("/api/") :]
            status, body = fake.handle(method, args, token)
            fake.take_hang(method)
            headers = {}
            if body.get("retry_after") is not None:
                headers["Retry-After"] = str(body.pop("retry_after"))
            self._send(status, body, headers)

        def _send(self, status: int, body: dict[str, Any], headers: dict | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
