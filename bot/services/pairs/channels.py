"""Setting up a pair's channel: create (or join) it, invite both people, post the welcome.

Used by `/mentor pair` (right away) and by the background set-up of imported pairs (through
the outbox). Any failure raises SetupFailed naming the step; a channel this code created is
archived again first, so a failed set-up leaves nothing half-made.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.context import Tandem
from bot.domain.channel_names import base_name, candidates
from bot.domain.csv_rows import Person
from bot.slack.gateway import Posted, SlackFailure, delivery_metadata
from bot.slack.views.welcome import welcome_message

log = logging.getLogger(__name__)

JOIN_IS_OPTIONAL = frozenset({"method_not_supported_for_channel_type", "already_in_channel"})


@dataclass(eq=False)
class SetupFailed(Exception):
    """A set-up step failed; `archived`/`archive_error` say how a new channel was cleaned up."""

    step: str  # create / join / invite / welcome
    method: str
    error: str
    channel_id: str | None = None
    user_id: str | None = None
    permanent: bool = False  # trying again will not help
    archived: bool = False
    archive_error: str | None = None

    def __str__(self) -> str:
        return f"{self.step} failed: {self.error}"

    @classmethod
    def of(
        cls,
        step: str,
        failure: SlackFailure,
        channel_id: str | None = None,
        user_id: str | None = None,
    ) -> SetupFailed:
        return cls(
            step, failure.method, failure.error, channel_id, user_id, permanent=failure.permanent
        )


class ChannelSetup:
    """The Slack steps of setting up a pair channel, in one workspace."""

    def __init__(self, tandem: Tandem, team_id: str) -> None:
        self.composer = tandem.composer
        self.slack = tandem.slack_for(team_id)

    def all_or_nothing(
        self,
        *,
        pair_id: int,
        mentor: Person,
        mentee: Person,
        channel_id: str | None = None,
    ) -> Posted:
        """Create a private channel (or use `channel_id`), invite both, post the welcome.

        Returns the welcome's channel and ts. On any failure a channel created here is
        archived again before SetupFailed is raised.
        """
        created = channel_id is None
        channel = self.create(mentor, mentee) if channel_id is None else self.join(channel_id)
        try:
            for person in (mentor, mentee):
                self.invite(channel, person.user_id)
            return self.welcome(channel, pair_id, mentor.user_id, mentee.user_id)
        except SetupFailed as failed:
            if created:
                self.archive(failed)
            raise

    def create(self, mentor: Person, mentee: Person) -> str:
        """A new private channel named after both people (numbered if the name is taken)."""
        base = base_name(mentor.name, mentor.user_id, mentee.name, mentee.user_id)
        for name in candidates(base):
            try:
                return self.slack.create_channel(name, private=True)
            except SlackFailure as failure:
                if failure.error != "name_taken":
                    raise SetupFailed.of("create", failure) from None
        raise SetupFailed("create", "conversations.create", "name_taken")

    def join(self, channel_id: str) -> str:
        try:
            self.slack.join(channel_id)
        except SlackFailure as failure:
            # A private channel cannot be joined; if Tandem was invited, invites still work.
            if failure.error not in JOIN_IS_OPTIONAL:
                raise SetupFailed.of("join", failure, channel_id) from None
        return channel_id

    def invite(self, channel_id: str, user_id: str) -> None:
        try:
            self.slack.invite(channel_id, [user_id])
        except SlackFailure as failure:
            if failure.error != "already_in_channel":
                raise SetupFailed.of("invite", failure, channel_id, user_id) from None

    def welcome(
        self,
        channel_id: str,
        pair_id: int,
        mentor: str,
        mentee: str,
        delivery: tuple[str, str] | None = None,
    ) -> Posted:
        """The welcome, tagged with the outbox metadata when it is sent as a delivery."""
        text, blocks = welcome_message(self.composer, pair_id=pair_id, mentor=mentor, mentee=mentee)
        try:
            return self.slack.post_message(
                channel_id,
                text,
                blocks=blocks,
                metadata=delivery_metadata(*delivery) if delivery else None,
            )
        except SlackFailure as failure:
            raise SetupFailed.of("welcome", failure, channel_id) from None

    def welcome_posted(self, channel: str, key: str) -> Posted | None:
        """The welcome a repeated set-up already posted (found by its outbox key)."""
        for message in self.slack.history(channel, limit=20):
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("key") == key:
                return Posted(channel=channel, ts=str(message["ts"]))
        return None

    def archive(self, failed: SetupFailed) -> None:
        """Archive the channel a failed set-up created, noting on `failed` how that went."""
        if failed.channel_id is None:
            return
        try:
            self.slack.archive(failed.channel_id)
            failed.archived = True
        except SlackFailure as failure:
            failed.archive_error = failure.error
            log.warning(
                "could not archive %s after a failed set-up: %s", failed.channel_id, failure
            )
