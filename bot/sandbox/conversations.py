"""Conversations as Slack resolves them, and the conversations.* methods."""

from __future__ import annotations

import itertools
import re
from typing import Any

from bot.sandbox.model import BOT_USER, Channel, SlackError

_CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


class ConversationMethods:
    # Set by FakeSlack.__init__.
    users: dict[str, dict[str, Any]]
    channels: dict[str, Channel]
    _dms: dict[str, str]
    _ids: itertools.count[int]
    _ts: itertools.count[int]

    def add_channel(
        self, name: str, *, private: bool = False, members: tuple[str, ...] = ()
    ) -> str:
        raise NotImplementedError  # FakeSlack's

    # Resolving a conversation
    def _conversation(self, channel_id: str, *, users_ok: bool = False) -> Channel:
        """The conversation a method was given.

        A user ID (U… or W…) names the bot's DM with that person only where Slack says so:
        chat.postMessage ("you can also pass a user ID ... the message will be posted to
        that user's direct message channel", https://docs.slack.dev/reference/methods/
        chat.postMessage#channels), chat.postEphemeral and chat.scheduleMessage; every other
        method takes a conversation ID and answers channel_not_found for anything else.
        A private channel the bot is not in is invisible to it, so it is channel_not_found
        too, the same answer as for a channel that does not exist (getsentry/sentry#119600,
        mishk0/slack-bot-api#97).
        """
        if channel_id[:1] in ("U", "W"):
            if not users_ok or channel_id not in self.users:
                raise SlackError("channel_not_found")
            return self._dm(channel_id)
        channel = self.channels.get(channel_id)
        if channel is None:
            raise SlackError("channel_not_found")
        if channel.is_private and BOT_USER not in channel.members:
            raise SlackError("channel_not_found")
        return channel

    @staticmethod
    def _joined(channel: Channel) -> None:
        """not_in_channel: a public channel the bot has not joined (errors of
        chat.postMessage, conversations.history, conversations.invite, pins.add)."""
        if not channel.is_im and BOT_USER not in channel.members:
            raise SlackError("not_in_channel")

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

    def _user(self, user_id: str) -> dict[str, Any]:
        user = self.users.get(user_id)
        if user is None:
            raise SlackError("user_not_found")
        return user

    @staticmethod
    def _message(channel: Channel, ts: str) -> dict[str, Any]:
        for message in channel.messages:
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")

    def _new_ts(self) -> str:
        return f"{1_800_000_000 + next(self._ts)}.{next(self._ts):06d}"

    @staticmethod
    def _channel_json(channel: Channel) -> dict[str, Any]:
        return {
            "id": channel.id,
            "name": channel.name,
            "is_channel": not channel.is_im and not channel.is_private,
            "is_group": channel.is_private,
            "is_private": channel.is_private,
            "is_im": channel.is_im,
            "is_archived": channel.archived,
            "is_member": BOT_USER in channel.members,
            "created": 1700000000,
        }

    # https://docs.slack.dev/reference/methods/conversations.open
    def conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = [u for u in str(args.get("users", "")).split(",") if u]
        if not users:
            raise SlackError("users_list_not_supplied")
        if len(users) != 1:
            raise SlackError("not_implemented")  # group DMs: Tandem opens none
        # A deactivated user's DM cannot be opened: user_disabled ("The user has been
        # disabled", errors of conversations.open).
        if self._user(users[0]).get("deleted"):
            raise SlackError("user_disabled")
        return {"channel": {"id": self._dm(users[0]).id}}

    # https://docs.slack.dev/reference/methods/conversations.history
    def conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel", "")))
        self._joined(channel)
        include = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        oldest = float(args.get("oldest") or 0)
        limit = int(args.get("limit") or 100)
        messages = [dict(m) for m in reversed(channel.messages) if float(m["ts"]) > oldest]
        if not include:
            for m in messages:
                m.pop("metadata", None)
        return {"messages": messages[:limit], "has_more": len(messages) > limit}

    # https://docs.slack.dev/reference/methods/conversations.create
    def conversations_create(self, args: dict[str, Any]) -> dict[str, Any]:
        name = str(args.get("name", ""))
        if not _CHANNEL_NAME.match(name):
            raise SlackError("invalid_name_specials")
        if any(c.name == name for c in self.channels.values()):
            raise SlackError("name_taken")
        private = str(args.get("is_private", "")).lower() in ("1", "true")
        channel_id = self.add_channel(name, private=private, members=(BOT_USER,))
        return {"channel": self._channel_json(self.channels[channel_id])}

    # https://docs.slack.dev/reference/methods/conversations.invite
    def conversations_invite(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel", "")))
        if channel.is_im:
            raise SlackError("method_not_supported_for_channel_type")
        if channel.archived:
            raise SlackError("is_archived")
        self._joined(channel)
        users = [u for u in str(args.get("users", "")).split(",") if u]
        if not users:
            raise SlackError("no_user")
        for user_id in users:
            if user_id == BOT_USER:
                raise SlackError("cant_invite_self")
            self._user(user_id)
        if all(u in channel.members for u in users):
            raise SlackError("already_in_channel")
        channel.members.update(users)
        return {"channel": self._channel_json(channel)}

    # https://docs.slack.dev/reference/methods/conversations.join (public channels only)
    def conversations_join(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel", "")))
        if channel.is_private or channel.is_im:
            raise SlackError("method_not_supported_for_channel_type")
        if channel.archived:
            raise SlackError("is_archived")
        channel.members.add(BOT_USER)
        return {"channel": self._channel_json(channel)}

    # https://docs.slack.dev/reference/methods/conversations.archive
    def conversations_archive(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel", "")))
        if channel.is_im:
            raise SlackError("method_not_supported_for_channel_type")
        if channel.archived:
            raise SlackError("already_archived")
        self._joined(channel)
        channel.archived = True
        return {}

    # https://docs.slack.dev/reference/methods/conversations.info
    def conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"channel": self._channel_json(self._conversation(str(args.get("channel", ""))))}

    # https://docs.slack.dev/reference/methods/conversations.members
    def conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel", "")))
        return {"members": sorted(channel.members)}
