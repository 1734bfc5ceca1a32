"""SlackGateway: the services' only door to the Slack Web API.

Services speak in plain values; this class turns them into Web API calls and turns Slack's
errors into SlackFailure with Slack's error code, so no service handles SlackApiError.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.client import HTTPException
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError, SlackRequestError
from slack_sdk.web import SlackResponse
from slack_sdk.webhook import WebhookClient

log = logging.getLogger(__name__)

# Errors that will not go away by trying again.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "user_not_found",
        "users_not_found",
        "account_inactive",
        "is_archived",
        "not_in_channel",
        "missing_scope",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "cannot_dm_bot",
        "restricted_action",
        "msg_too_long",
        "invalid_blocks",
    }
)


# files_upload_v2: files.getUploadURLExternal, a POST of the bytes to the URL it answered,
# then files.completeUploadExternal (the SDK makes all three calls).
UPLOAD = "files.uploadV2"
UPLOAD_METHODS = ("files.getUploadURLExternal", "files.completeUploadExternal")


@dataclass(frozen=True)
class FileUpload:
    filename: str
    content: bytes
    title: str


class SlackFailure(Exception):
    """A Slack Web API call failed; `error` is Slack's error code (or a transport error).

    `status` is the HTTP status when Slack answered (429, 5xx, 200 with ok=false).
    `uncertain` is True when the request reached Slack but no answer came back (a timeout or
    a dropped connection while waiting): the call may have taken effect.
    """

    def __init__(
        self,
        method: str,
        error: str,
        *,
        retry_after: float | None = None,
        status: int | None = None,
        uncertain: bool = False,
    ) -> None:
        super().__init__(f"{method} failed: {error}")
        self.method = method
        self.error = error
        self.retry_after = retry_after
        self.status = status
        self.uncertain = uncertain

    @property
    def permanent(self) -> bool:
        return self.error in PERMANENT_ERRORS


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


@dataclass(frozen=True)
class SlackUser:
    user_id: str
    name: str
    tz: str | None
    is_bot: bool
    deleted: bool
    email: str | None


def delivery_metadata(kind: str, key: str) -> dict[str, Any]:
    """The message metadata every scheduled message carries (used to reconcile after a crash)."""
    return {"event_type": "tandem_delivery", "event_payload": {"kind": kind, "key": key}}


def _user(raw: dict[str, Any]) -> SlackUser:
    profile = raw.get("profile") or {}
    name = profile.get("display_name") or raw.get("real_name") or raw.get("name") or raw["id"]
    return SlackUser(
        user_id=raw["id"],
        name=name,
        tz=raw.get("tz"),
        is_bot=bool(raw.get("is_bot")) or raw["id"] == "USLACKBOT",
        deleted=bool(raw.get("deleted")),
        email=profile.get("email"),
    )


class SlackGateway:
    def __init__(self, client: WebClient) -> None:
        self.client = client

    def _call(self, method: str, **kwargs: Any) -> dict[str, Any]:
        # The SDK's typed method knows whether Slack wants JSON or a form for this call.
        return self._run(method, getattr(self.client, method.replace(".", "_")), kwargs)

    def _run(
        self, method: str, call: Callable[..., SlackResponse], kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        try:
            response = call(**kwargs)
        except SlackRequestError as exc:
            if method != UPLOAD:
                raise
            # files_upload_v2 raises this when the upload URL did not answer 200.
            raise SlackFailure(method, "upload_failed", uncertain=False) from exc
        except SlackApiError as exc:
            data = exc.response.data if isinstance(exc.response.data, dict) else {}
            retry_after = exc.response.headers.get("Retry-After") or exc.response.headers.get(
                "retry-after"
            )
            error = data.get("error") or f"http_{exc.response.status_code}"
            raise SlackFailure(
                method,
                error,
                retry_after=float(retry_after) if retry_after else None,
                status=exc.response.status_code,
            ) from None
        except (SlackClientError, OSError, HTTPException) as exc:
            # urllib raises URLError when connecting or sending failed, so Slack never read
            # the request; anything later (no answer in time, a dropped connection) may
            # have been carried out.
            raise SlackFailure(
                method,
                f"connection_error: {type(exc).__name__}",
                uncertain=not isinstance(exc, URLError | SlackClientError),
            ) from None
        answer = response.data
        return answer if isinstance(answer, dict) else {}

    # Messages
    def post_message(
        self,
        channel: str,
        text: str,
        *,
        blocks: list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
        thread_ts: str | None = None,
    ) -> Posted:
        args: dict[str, Any] = {"channel": channel, "text": text, "unfurl_links": False}
        if blocks is not None:
            args["blocks"] = blocks
        if metadata is not None:
            args["metadata"] = metadata
        if thread_ts is not None:
            args["thread_ts"] = thread_ts
        data = self._call("chat.postMessage", **args)
        return Posted(channel=data["channel"], ts=data["ts"])

    def update_message(
        self, channel: str, ts: str, text: str, *, blocks: list[dict[str, Any]] | None = None
    ) -> None:
        args: dict[str, Any] = {"channel": channel, "ts": ts, "text": text}
        if blocks is not None:
            args["blocks"] = blocks
        self._call("chat.update", **args)

    def replace_message(
        self, response_url: str, text: str, *, blocks: list[dict[str, Any]] | None = None
    ) -> None:
        """Replace the message a click came from through the click's response_url: what
        Slack advises for updating the source message, with no Tier 3 limit (chat.update's)
        but five uses of the URL within 30 minutes
        (https://docs.slack.dev/interactivity/handling-user-interaction)."""
        webhook = WebhookClient(
            response_url,
            timeout=self.client.timeout,
            retry_handlers=list(self.client.retry_handlers),
        )
        try:
            answer = webhook.send(text=text, blocks=blocks, replace_original=True)
        except (OSError, HTTPException) as exc:
            raise SlackFailure(
                "response_url", f"connection_error: {type(exc).__name__}", uncertain=True
            ) from None
        if answer.status_code != 200:
            raise SlackFailure("response_url", answer.body or f"http_{answer.status_code}")

    def post_ephemeral(
        self, channel: str, user: str, text: str, *, blocks: list[dict[str, Any]] | None = None
    ) -> None:
        args: dict[str, Any] = {"channel": channel, "user": user, "text": text}
        if blocks is not None:
            args["blocks"] = blocks
        self._call("chat.postEphemeral", **args)

    def history(self, channel: str, *, oldest: str | None = None, limit: int = 100) -> list[dict]:
        args: dict[str, Any] = {"channel": channel, "limit": limit, "include_all_metadata": True}
        if oldest is not None:
            args["oldest"] = oldest
        return list(self._call("conversations.history", **args).get("messages", []))

    # Views
    def open_view(self, trigger_id: str, view: dict[str, Any]) -> str:
        return str(self._call("views.open", trigger_id=trigger_id, view=view)["view"]["id"])

    def update_view(self, view_id: str, view: dict[str, Any]) -> None:
        self._call("views.update", view_id=view_id, view=view)

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        self._call("views.publish", user_id=user_id, view=view)

    # Conversations
    def open_dm(self, user_id: str) -> str:
        return str(self._call("conversations.open", users=user_id)["channel"]["id"])

    def create_channel(self, name: str, *, private: bool = True) -> str:
        data = self._call("conversations.create", name=name, is_private=private)
        return str(data["channel"]["id"])

    def invite(self, channel: str, user_ids: list[str]) -> None:
        self._call("conversations.invite", channel=channel, users=",".join(user_ids))

    def join(self, channel: str) -> None:
        self._call("conversations.join", channel=channel)

    def archive(self, channel: str) -> None:
        self._call("conversations.archive", channel=channel)

    def pin(self, channel: str, ts: str) -> None:
        self._call("pins.add", channel=channel, timestamp=ts)

    def react(self, channel: str, ts: str, name: str) -> None:
        """Add the emoji reaction `name` (without colons) to a message, as the bot."""
        self._call("reactions.add", channel=channel, timestamp=ts, name=name)

    # Users
    def user_info(self, user_id: str) -> SlackUser:
        return _user(self._call("users.info", user=user_id)["user"])

    def lookup_by_email(self, email: str) -> SlackUser:
        return _user(self._call("users.lookupByEmail", email=email)["user"])

    def all_users(self, *, page_size: int = 200) -> Iterator[SlackUser]:
        """Every user in the workspace, following users.list's cursor."""
        cursor: str | None = None
        while True:
            args: dict[str, Any] = {"limit": page_size}
            if cursor:
                args["cursor"] = cursor
            data = self._call("users.list", **args)
            for raw in data.get("members", []):
                yield _user(raw)
            cursor = (data.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return

    # Files
    def upload_files(self, channel: str, files: list[FileUpload], comment: str) -> list[str]:
        """Share files in a conversation with an introducing comment; their file IDs."""
        uploads = [{"file": f.content, "filename": f.filename, "title": f.title} for f in files]
        data = self._run(
            UPLOAD,
            self.client.files_upload_v2,
            {"file_uploads": uploads, "channel": channel, "initial_comment": comment},
        )
        return [str(f["id"]) for f in data.get("files", [])]

    def auth_test(self) -> dict[str, Any]:
        return self._call("auth.test")
