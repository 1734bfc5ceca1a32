"""FakeSlack: the server, its state, and the ways a test sets it up, breaks it and reads it."""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from bot.clock import Ticker
from bot.sandbox.faults import FaultMethods
from bot.sandbox.files import FileMethods, Upload
from bot.sandbox.limits import Limiter, RandomFaults, RateLimits
from bot.sandbox.messages import STANDARD_EMOJI, MessageMethods
from bot.sandbox.model import (
    BOT_USER,
    INVALID_AUTH,
    NOT_AUTHED,
    TEAM,
    Call,
    Channel,
    Fault,
    SlackError,
    Trigger,
)
from bot.sandbox.oauth import OAuthMethods
from bot.sandbox.people import PeopleMethods
from bot.sandbox.reading import ReadingMethods
from bot.sandbox.responses import ResponseMethods
from bot.sandbox.scopes import check_scope, manifest_bot_scopes
from bot.sandbox.server import Server, handler_for

# "Pass a valid trigger_id within 3 seconds of receiving it"
# (https://docs.slack.dev/tools/bolt-python/concepts/opening-modals); views.open answers
# expired_trigger_id, exchanged_trigger_id (already used) and invalid_trigger_id
# (https://docs.slack.dev/reference/methods/views.open, errors).
TRIGGER_SECONDS = 3.0
# The methods that take a user ID for the bot's DM with that user (see _conversation).
USER_AS_CHANNEL = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.scheduleMessage"})
_METHOD_NAME = re.compile(r"^(auth|chat|conversations|files|pins|reactions|users|views)_[a-zA-Z]+$")


class FakeSlack(
    MessageMethods,
    PeopleMethods,
    FileMethods,
    FaultMethods,
    ReadingMethods,
    OAuthMethods,
    ResponseMethods,
):
    """A fake Slack Web API on 127.0.0.1 that records every call and answers as Slack does.

    `scopes` are the bot scopes the token was granted (by default those of manifest.yml).
    With a ticker (virtual in tests) calls are stamped, triggers expire and rate limits are
    kept on the same clock as the bot's pacer, so nothing depends on how busy the machine is.
    """

    def __init__(
        self,
        token: str = "xoxb-test-token",
        *,
        limits: RateLimits | None = None,
        random_faults: RandomFaults | None = None,
        port: int = 0,
        ticker: Ticker | None = None,
        scopes: frozenset[str] | None = None,
    ) -> None:
        self.token = token
        self.scopes = manifest_bot_scopes() if scopes is None else frozenset(scopes)
        self.revoked: str | None = None
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
        self.uploads: dict[str, Upload] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.triggers: dict[str, Trigger] = {}
        self.response_targets: dict[str, tuple[str, str]] = {}  # response_url path -> message
        self.emoji: set[str] = set(STANDARD_EMOJI)
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self._ts = itertools.count(1)
        self.handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            name.replace("_", ".", 1): getattr(self, name)
            for name in dir(self)
            if _METHOD_NAME.match(name)
        }
        self.handlers["oauth.v2.access"] = self.oauth_v2_access
        self.client: tuple[str, str] | None = None  # the app's client ID and secret (OAuth)
        self.installed = {}
        self.codes = {}
        self.revoked_tokens = set()
        self.token_in_use: str | None = None  # of the call being answered (under the lock)
        self.add_user(BOT_USER, "tandem", is_bot=True)
        self.server = Server(("127.0.0.1", port), handler_for(self))
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
        return f"http://{host!s}:{port}"

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
        team_id: str = TEAM,
    ) -> dict[str, Any]:
        user = {
            "id": user_id,
            "team_id": team_id,
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
        with self.lock:
            self.users[user_id] = user
        return user

    def deactivate(self, user_id: str) -> None:
        """An admin deactivates the account: users.info and users.list then show
        `deleted: true` (https://docs.slack.dev/reference/methods/users.info; a deactivated
        user stays listed with deleted set, python-slack-sdk issue #1156)."""
        with self.lock:
            self.users[user_id]["deleted"] = True

    def add_channel(
        self, name: str, *, private: bool = False, members: tuple[str, ...] = ()
    ) -> str:
        prefix = "G" if private else "C"
        channel = Channel(
            id=f"{prefix}{next(self._ids):08d}", name=name, is_private=private, members=set(members)
        )
        with self.lock:
            self.channels[channel.id] = channel
        return channel.id

    def issue_trigger(self) -> str:
        """A new trigger_id as Slack puts in a slash command or an interaction payload
        (format "132456.7890123.abcdef", views.open's trigger_id argument), stamped with the
        fake's clock: it opens one view within TRIGGER_SECONDS."""
        with self.lock:
            number = next(self._ids)
            trigger_id = f"{number}.{7_000_000 + number}.{number * 2654435761 % 16**8:08x}"
            self.triggers[trigger_id] = Trigger(issued=self.clock())
        return trigger_id

    def files_in(self, channel: str) -> list[Upload]:
        """The files shared in a conversation (completed uploads), oldest first."""
        with self.lock:
            return [u for u in self.uploads.values() if u.completed and u.channel == channel]

    def upload(self, path: str, data: bytes) -> int:
        """An upload URL received the file's bytes (step 2 of an upload): its status."""
        with self.lock:
            call = Call(
                method="upload_url", args={"path": path, "length": len(data)}, at=self.clock()
            )
            call.status = self.receive_upload(path, data)
            call.response = {"ok": call.status == 200}
            self.calls.append(call)
            return call.status

    # The HTTP side
    def handle(self, method: str, args: dict[str, Any], token: str | None) -> tuple[int, dict]:
        with self.lock:
            call = Call(method=method, args=args, at=self.clock(), token=token)
            self.calls.append(call)
            self.token_in_use = token
            try:
                body = {"ok": True, **self._answer(method, args, token)}
            except SlackError as exc:
                call.status = exc.status
                body = {"ok": False, "error": exc.error, **exc.extra}
                if exc.retry_after is not None:
                    body["retry_after"] = exc.retry_after
            call.response = body
            return call.status, body

    def _answer(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method == "oauth.v2.access":  # the app's client ID and secret, not a token
            return self.oauth_v2_access(args)
        if token in self.revoked_tokens:
            raise SlackError("token_revoked")
        if token != self.token and self.install_of(token) is None:
            raise SlackError(INVALID_AUTH if token else NOT_AUTHED)
        if self.revoked:
            raise SlackError(self.revoked)
        fault = self._take_fault(method)
        if fault is not None and not fault.carried_out:
            raise SlackError(fault.error, fault.status, fault.retry_after)
        refusal = self.limiter.refusal(method, self._conversation_of(method, args))
        if refusal is not None:
            status, retry_after = refusal
            if status == 429:
                raise SlackError("ratelimited", 429, retry_after)
            raise SlackError("service_unavailable" if status == 503 else "internal_error", status)
        handler = self.handlers.get(method)
        if handler is None:
            raise SlackError("unknown_method")
        check_scope(method, self._kind_of(method, args), self.scopes)
        answer = handler(args)
        if fault is not None:  # carried out, then failed
            raise SlackError(fault.error, fault.status, fault.retry_after)
        return answer

    def _conversation_of(self, method: str, args: dict[str, Any]) -> str | None:
        """The conversation a post is paced by; a DM counts the same by user or channel ID."""
        if method != "chat.postMessage":
            return None
        channel_id = str(args.get("channel", ""))
        channel = self.channels.get(channel_id)
        return channel.user if channel is not None and channel.is_im else channel_id

    def _kind_of(self, method: str, args: dict[str, Any]) -> str | None:
        """The type of conversation a call is about, for its scope (None: unknown)."""
        if method == "conversations.create":
            return "private" if _true(args.get("is_private")) else "public"
        channel_id = str(args.get("channel", ""))
        if channel_id[:1] in ("U", "W"):
            return "im" if method in USER_AS_CHANNEL else None  # else channel_not_found
        channel = self.channels.get(channel_id)
        return channel.kind if channel is not None else None

    def _exchange_trigger(self, trigger_id: str) -> None:
        trigger = self.triggers.get(trigger_id)
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        if self.clock() - trigger.issued > TRIGGER_SECONDS:
            raise SlackError("expired_trigger_id")
        trigger.used = True


def _true(value: Any) -> bool:
    return str(value).lower() in ("1", "true")
