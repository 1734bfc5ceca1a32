"""chat.*, pins.add and reactions.add, refusing what Slack refuses."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.sandbox.blockkit import (
    MESSAGE_BLOCKS,
    TEXT_LIMIT,
    block_problems,
    metadata_error,
)
from bot.sandbox.conversations import ConversationMethods
from bot.sandbox.model import BOT_ID, BOT_USER, Channel, SlackError
from bot.sandbox.scopes import WRITE_PUBLIC

# Emoji names are lower-case words without colons (reactions.add's `name`, example
# "thumbsup"; invalid_name otherwise, https://docs.slack.dev/reference/methods/reactions.add).
_EMOJI = re.compile(r"^[a-z0-9_+'-]+$")
# The standard emoji the fake knows (a name Slack does not know is invalid_name too); a test
# adds a workspace's custom emoji with add_emoji.
STANDARD_EMOJI = frozenset(
    (
        "+1",
        "-1",
        "100",
        "arrows_counterclockwise",
        "birthday",
        "calendar",
        "clap",
        "confetti_ball",
        "dart",
        "eyes",
        "fire",
        "handshake",
        "heart",
        "mortar_board",
        "muscle",
        "partying_face",
        "pray",
        "raised_hands",
        "rocket",
        "seedling",
        "sparkles",
        "speech_balloon",
        "star",
        "star2",
        "tada",
        "thumbsup",
        "trophy",
        "wave",
        "white_check_mark",
    )
)


def _json_arg(value: Any) -> Any:
    """A form-encoded call sends JSON arguments (blocks, metadata) as strings."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class MessageMethods(ConversationMethods):
    scopes: frozenset[str]
    emoji: set[str]

    def add_emoji(self, name: str) -> None:
        """A custom emoji of the workspace."""
        self.emoji.add(name)

    def _content(self, args: dict[str, Any], *, update: bool = False) -> dict[str, Any]:
        """The text, blocks and metadata of a message, or the error Slack answers for them."""
        blocks = _json_arg(args.get("blocks"))
        if "text" not in args and blocks is None and not args.get("attachments"):
            raise SlackError("no_text")
        if not update and not args.get("text") and not blocks and not args.get("attachments"):
            raise SlackError("no_text")
        problems = block_problems(blocks, limit=MESSAGE_BLOCKS)
        if problems:
            # "invalid_blocks: Blocks submitted with this message are not valid." (errors of
            # chat.postMessage and chat.update); Slack says where in response_metadata.
            raise SlackError("invalid_blocks", extra={"response_metadata": {"messages": problems}})
        error = metadata_error(args.get("metadata"))
        if error:
            raise SlackError(error)
        content: dict[str, Any] = {}
        if "text" in args:
            content["text"] = str(args["text"])
        if blocks is not None:
            content["blocks"] = blocks
        if args.get("metadata"):
            content["metadata"] = _json_arg(args["metadata"])
        return content

    def _may_post(self, channel: Channel) -> None:
        if channel.archived:
            raise SlackError("is_archived")
        # A public channel the bot has not joined: not_in_channel, unless the app has
        # chat:write.public (https://docs.slack.dev/reference/scopes/chat.write.public).
        joined = channel.is_im or BOT_USER in channel.members
        if not joined and WRITE_PUBLIC not in self.scopes:
            raise SlackError("not_in_channel")

    # https://docs.slack.dev/reference/methods/chat.postMessage
    def chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        # A deactivated member's DM still takes the message: "Even if a user is deactivated,
        # their channel histories still exist" (python-slack-sdk issue #1156).
        channel = self._conversation(str(args.get("channel", "")), users_ok=True)
        self._may_post(channel)
        content = self._content(args)
        message = {
            "type": "message",
            "user": BOT_USER,
            "bot_id": BOT_ID,
            "text": content.get("text", "")[:TEXT_LIMIT],  # longer text is truncated
            "ts": self._new_ts(),
            "blocks": content.get("blocks") or [],
        }
        if "metadata" in content:
            message["metadata"] = content["metadata"]
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        channel.messages.append(message)
        return {"channel": channel.id, "ts": message["ts"], "message": message}

    # https://docs.slack.dev/reference/methods/chat.update
    def chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel", "")))
        message = self._message(channel, str(args.get("ts", "")))
        if message.get("user") != BOT_USER:
            raise SlackError("cant_update_message")  # only the bot's own messages
        if len(str(args.get("text", ""))) > TEXT_LIMIT:
            raise SlackError("msg_too_long")
        content = self._content(args, update=True)
        # "If you don't include blocks, the message's previous blocks will only be retained
        # if the text argument is not provided. If the text argument is provided and blocks
        # are not provided, the blocks will be removed" (chat.update, argument blocks).
        if "text" in content:
            message["text"] = content["text"]
            message["blocks"] = content.get("blocks") or []
        elif "blocks" in content:
            message["blocks"] = content["blocks"]
        if "metadata" in content:
            message["metadata"] = content["metadata"]
        message["edited"] = {"user": BOT_USER, "ts": self._new_ts()}
        return {"channel": channel.id, "ts": message["ts"], "text": message["text"]}

    def _replace(self, channel_id: str, ts: str, body: dict[str, Any]) -> None:
        """A response_url reply with replace_original: the message becomes the reply."""
        message = self._message(self._conversation(channel_id), ts)
        content = self._content(body, update=True)
        message["text"] = content.get("text", "")
        message["blocks"] = content.get("blocks") or []
        message["edited"] = {"user": BOT_USER, "ts": self._new_ts()}

    # https://docs.slack.dev/reference/methods/chat.postEphemeral
    def chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel", "")), users_ok=True)
        self._may_post(channel)
        user_id = str(args.get("user", ""))
        self._user(user_id)
        if not channel.is_im and user_id not in channel.members:
            raise SlackError("user_not_in_channel")
        if len(str(args.get("text", ""))) > TEXT_LIMIT:
            raise SlackError("msg_too_long")
        self._content(args)
        return {"message_ts": self._new_ts()}

    # https://docs.slack.dev/reference/methods/chat.scheduleMessage
    def chat_scheduleMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel", "")), users_ok=True)
        self._may_post(channel)
        if not str(args.get("post_at", "")).isdigit():
            raise SlackError("invalid_time")
        if len(str(args.get("text", ""))) > TEXT_LIMIT:
            raise SlackError("msg_too_long")
        self._content(args)
        return {"channel": channel.id, "scheduled_message_id": f"Q{next(self._ids):08d}"}

    # https://docs.slack.dev/reference/methods/pins.add
    def pins_add(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel", "")))
        self._joined(channel)
        ts = str(args.get("timestamp", ""))
        if not ts:
            raise SlackError("no_item_specified")
        self._message(channel, ts)
        if ts in channel.pins:
            raise SlackError("already_pinned")
        channel.pins.append(ts)
        return {}

    # https://docs.slack.dev/reference/methods/reactions.add
    def reactions_add(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel", "")))
        ts = str(args.get("timestamp", ""))
        if not ts:
            raise SlackError("no_item_specified")
        message = self._message(channel, ts)
        name = str(args.get("name", ""))
        if not _EMOJI.match(name) or name not in self.emoji:
            raise SlackError("invalid_name")
        reactions = message.setdefault("reactions", [])
        for reaction in reactions:
            if reaction["name"] == name:
                if BOT_USER in reaction["users"]:
                    raise SlackError("already_reacted")
                reaction["users"].append(BOT_USER)
                reaction["count"] += 1
                return {}
        reactions.append({"name": name, "users": [BOT_USER], "count": 1})
        return {}
