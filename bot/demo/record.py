"""The transcript: what reached the sandbox Slack, and what the simulated people did,
as entries stamped with the simulated instant.

Tandem's side comes only from the sandbox's record of calls (messages, edits, ephemeral
replies, modals, reactions, pins); a call during a person's action is shown where that
person acted (a response_url reply, a modal opened for them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.demo.cast import Cast, Person
from bot.sandbox import BOT_USER, FakeSlack
from bot.sandbox.model import REPLACE

# Calls a person would notice, and the kind of entry each becomes.
KINDS = {
    "chat.postMessage": "message",
    "chat.update": "edit",
    REPLACE: "edit",  # a click's message redrawn through its response_url
    "chat.postEphemeral": "ephemeral",
    "response_url": "ephemeral",
    "views.open": "modal",
    "views.push": "modal",
    "views.update": "modal",
    "reactions.add": "reaction",
    "pins.add": "pin",
    "conversations.create": "created",
    "files.completeUploadExternal": "file",
}


@dataclass
class Entry:
    at: datetime
    conversation: str  # a channel ID
    author: str  # a user ID (BOT_USER for Tandem)
    kind: str  # message, edit, ephemeral, modal, reaction, pin, created, action, written
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    ts: str = ""
    title: str = ""  # a modal's title, an action's control
    feature: str = ""  # the outbox kind of a scheduled message
    thread: bool = False
    to: str = ""  # the one person who sees it (an ephemeral reply, a modal)
    files: list[SharedFile] = field(default_factory=list)


@dataclass(frozen=True)
class SharedFile:
    name: str
    title: str
    data: bytes

    @property
    def image(self) -> bool:
        return self.data.startswith(b"\x89PNG")


def as_json(value: Any) -> Any:
    """Slack takes blocks and views as JSON text or as objects; the demo reads objects."""
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


def _outbox_kind(content: dict[str, Any]) -> str:
    metadata = as_json(content.get("metadata")) or {}
    return str((metadata.get("event_payload") or {}).get("kind") or "")


@dataclass
class Recorder:
    fake: FakeSlack
    cast: Cast
    entries: list[Entry] = field(default_factory=list)
    seen: int = 0  # sandbox calls already read

    def did(
        self, at: datetime, who: Person, where: str, kind: str, text: str, title: str = ""
    ) -> None:
        """A person's own action: a click, a form submitted, a command, a message written."""
        self.entries.append(Entry(at, where, who.id, kind, text=text, title=title))

    def filled_in(self, user: str, blocks: list[dict[str, Any]]) -> str:
        """Show the person's last modal as they filled it in; the conversation it is in."""
        for entry in reversed(self.entries):
            if entry.kind == "modal" and entry.to == user:
                entry.blocks = blocks
                return entry.conversation
        return ""

    def take(self, at: datetime, actor: Person | None = None, where: str = "") -> list[Entry]:
        """The entries for sandbox calls since the last take, stamped `at`."""
        with self.fake.lock:
            calls = self.fake.calls[self.seen :]
            self.seen = len(self.fake.calls)
        new = [e for call in calls if call.ok for e in self._entries(at, call, actor, where)]
        self.entries.extend(new)
        return new

    def _entries(self, at: datetime, call: Any, actor: Person | None, where: str) -> list[Entry]:
        kind = KINDS.get(call.method)
        if kind is None:
            return []
        args, answer = call.args, call.response
        if kind == "message":
            message = answer.get("message") or {}
            return [
                Entry(
                    at,
                    str(answer.get("channel")),
                    BOT_USER,
                    kind,
                    text=str(message.get("text", "")),
                    blocks=list(message.get("blocks") or []),
                    ts=str(answer.get("ts", "")),
                    feature=_outbox_kind(args),
                    thread=bool(args.get("thread_ts")),
                )
            ]
        if kind == "edit":
            # chat.update answers with the message's channel and ts; a response_url reply
            # does not, and the sandbox keeps them in its args.
            channel = str(answer.get("channel") or args.get("channel"))
            ts = answer.get("ts") or args.get("ts")
            current = next((m for m in self.fake.messages_in(channel) if m.get("ts") == ts), {})
            blocks = as_json(args.get("blocks")) or current.get("blocks") or []
            text = str(args.get("text", current.get("text", "")))
            return [
                Entry(
                    at,
                    channel,
                    BOT_USER,
                    kind,
                    text=text,
                    blocks=list(blocks),
                    ts=str(ts),
                )
            ]
        if kind == "ephemeral":
            if args.get("delete_original"):
                return []
            channel = str(args.get("channel") or where)
            blocks = as_json(args.get("blocks")) or []
            if args.get("replace_original"):  # the message clicked on, replaced
                kind = "edit"
            return [
                Entry(
                    at,
                    channel,
                    BOT_USER,
                    kind,
                    text=str(args.get("text", "")),
                    blocks=list(blocks),
                    to=str(args.get("user") or (actor.id if actor else "")),
                )
            ]
        if kind == "modal":
            view = answer.get("view") or {}
            return [self.modal(at, view, actor, where)]
        if kind == "reaction":
            return [
                Entry(
                    at,
                    str(args.get("channel")),
                    BOT_USER,
                    kind,
                    text=str(args.get("name")),
                    ts=str(args.get("timestamp")),
                )
            ]
        if kind == "file":
            return [self._files(at, args)]
        if kind == "pin":
            return [
                Entry(at, str(args.get("channel")), BOT_USER, kind, ts=str(args.get("timestamp")))
            ]
        return [
            Entry(
                at,
                str((answer.get("channel") or {}).get("id", "")),
                BOT_USER,
                kind,
                text=str(args.get("name", "")),
            )
        ]

    def _files(self, at: datetime, args: dict[str, Any]) -> Entry:
        """Files shared in a conversation, with their bytes (the page shows images)."""
        shared = []
        for given in as_json(args.get("files")) or []:
            upload = self.fake.uploads.get(str(given.get("id")))
            if upload is not None and upload.data is not None:
                title = upload.title or upload.filename
                shared.append(SharedFile(upload.filename, title, upload.data))
        channel = str(args.get("channel_id", ""))
        text = str(args.get("initial_comment", ""))
        return Entry(at, channel, BOT_USER, "file", text=text, files=shared)

    def modal(self, at: datetime, view: dict[str, Any], actor: Person | None, where: str) -> Entry:
        title = str((view.get("title") or {}).get("text", ""))
        return Entry(
            at,
            where,
            BOT_USER,
            "modal",
            blocks=list(view.get("blocks") or []),
            title=title,
            text=str((view.get("submit") or {}).get("text", "")),
            to=actor.id if actor else "",
        )
