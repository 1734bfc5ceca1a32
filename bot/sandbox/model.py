"""What the fake Slack keeps: the workspace's IDs, calls, faults, conversations, triggers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BOT_USER = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM = "T0001"
# How the fake records a response_url reply that replaced the message a click came from.
REPLACE = "response_url:replace"

# Slack's answer to a request that carried no token or a wrong one.
# https://docs.slack.dev/reference/methods/auth.test (errors: not_authed, invalid_auth)
NOT_AUTHED, INVALID_AUTH = "not_authed", "invalid_auth"


class SlackError(Exception):
    """A Web API error: `error` is Slack's code, `extra` more fields of the answer (such as
    missing_scope's `needed` and `provided`)."""

    def __init__(
        self,
        error: str,
        status: int = 200,
        retry_after: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(error)
        self.error, self.status, self.retry_after = error, status, retry_after
        self.extra = extra or {}


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    at: float
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    token: str | None = None  # the token the call carried (which workspace's)

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))


@dataclass
class Fault:
    error: str
    status: int
    retry_after: int | None
    times: int
    carried_out: bool = False  # the call takes effect, then the error is answered


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

    @property
    def kind(self) -> str:
        """The conversation type a method's scope depends on."""
        if self.is_im:
            return "im"
        return "private" if self.is_private else "public"


@dataclass
class Trigger:
    issued: float  # on the fake's clock
    used: bool = False
