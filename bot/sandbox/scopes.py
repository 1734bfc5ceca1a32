"""The bot scopes each Web API method needs, and the scopes our app asks for (manifest.yml).

A method of the conversations family needs the scope of the conversation's type (public
channel, private channel, DM); where Slack's page names two bot scopes for one type, either
is enough. Each entry follows the "Scopes > Bot token" facts of the method's page,
https://docs.slack.dev/reference/methods/<method> (read in the page mirror
slack-ruby/slack-api-ref, docs.slack.dev/methods/<method>.json, field "scope").
Methods not listed here (auth.test, views.open, views.update, views.push, views.publish)
need no scope, as their pages say ("No scopes required").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.sandbox.model import SlackError

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"

ANY = "*"  # the same scope whatever the conversation
_READ: dict[str, tuple[str, ...]] = {
    "public": ("channels:read",),
    "private": ("groups:read",),
    "im": ("im:read",),
}
_HISTORY: dict[str, tuple[str, ...]] = {
    "public": ("channels:history",),
    "private": ("groups:history",),
    "im": ("im:history",),
}
_MANAGE: dict[str, tuple[str, ...]] = {
    "public": ("channels:manage",),
    "private": ("groups:write",),
    "im": ("im:write",),
}

METHOD_SCOPES: dict[str, dict[str, tuple[str, ...]]] = {
    "chat.postMessage": {ANY: ("chat:write",)},
    "chat.postEphemeral": {ANY: ("chat:write",)},
    "chat.update": {ANY: ("chat:write",)},
    "chat.scheduleMessage": {ANY: ("chat:write",)},
    "conversations.archive": _MANAGE,
    "conversations.create": _MANAGE,
    "conversations.history": _HISTORY,
    "conversations.replies": _HISTORY,
    "conversations.info": _READ,
    "conversations.members": _READ,
    "conversations.invite": {
        "public": ("channels:manage", "channels:write.invites"),
        "private": ("groups:write", "groups:write.invites"),
        "im": ("im:write",),
    },
    "conversations.join": {ANY: ("channels:join",)},
    "conversations.open": {ANY: ("im:write",)},  # one user: a DM
    "files.getUploadURLExternal": {ANY: ("files:write",)},
    "files.completeUploadExternal": {ANY: ("files:write",)},
    "pins.add": {ANY: ("pins:write",)},
    "reactions.add": {ANY: ("reactions:write",)},
    "users.info": {ANY: ("users:read",)},
    "users.list": {ANY: ("users:read",)},
    "users.lookupByEmail": {ANY: ("users:read.email",)},
}

# With chat:write.public a bot posts to public channels it is not a member of.
# https://docs.slack.dev/reference/scopes/chat.write.public
WRITE_PUBLIC = "chat:write.public"


def manifest_bot_scopes(path: Path = MANIFEST) -> frozenset[str]:
    manifest: dict[str, Any] = yaml.safe_load(path.read_text())
    return frozenset(manifest["oauth_config"]["scopes"]["bot"])


def check_scope(method: str, kind: str | None, granted: frozenset[str]) -> None:
    """Raise missing_scope as Slack answers it, with `needed` and `provided`.

    The shape of the answer is the "Typical error response" of
    https://docs.slack.dev/reference/methods/search.all:
    {"ok": false, "error": "missing_scope", "needed": "search:read",
     "provided": "identify,bot:basic"}.
    `kind` is None when the conversation is unknown: the method then answers its own
    channel_not_found.
    """
    by_kind = METHOD_SCOPES.get(method)
    if by_kind is None:
        return
    needed = by_kind.get(ANY) or (by_kind.get(kind) if kind else None)
    if not needed or any(scope in granted for scope in needed):
        return
    raise SlackError(
        "missing_scope", extra={"needed": needed[0], "provided": ",".join(sorted(granted))}
    )
