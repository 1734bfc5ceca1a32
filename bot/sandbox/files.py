"""File uploads as slack-sdk's files_upload_v2 makes them, in Slack's three steps:

1. files.getUploadURLExternal (https://docs.slack.dev/reference/methods/files.getUploadURLExternal):
   required `filename` and `length` ("Size in bytes of the file being uploaded"), optional
   `alt_txt` and `snippet_type`; answers `upload_url` and `file_id`.
2. A POST of the file's bytes to that upload_url ("Files can be sent as raw bytes or can be
   multipart form encoded. Slack will return HTTP 200 if the upload is successful"); the SDK
   raises unless the answer is 200.
3. files.completeUploadExternal (https://docs.slack.dev/reference/methods/files.completeUploadExternal):
   required `files`, a JSON array of {"id", "title"} (example
   [{"id":"F044GKUHN9Z", "title":"slack-test"}]); optional `channel_id` ("Channel ID where
   the file will be shared. If not specified the file will be private"), `initial_comment`,
   `thread_ts`; answers `files`, the completed file objects (id, title, name, ...).
Both methods need the bot scope files:write. A required argument missing or malformed is
answered invalid_arguments (the common error of every method's page); a file ID whose
upload never arrived, or that was completed already, is file_not_found.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.sandbox.model import BOT_USER, Channel, SlackError

UPLOAD_PATH = "/upload/v1/"


@dataclass
class Upload:
    file_id: str
    filename: str
    length: int  # as announced in step 1
    alt_txt: str | None = None
    data: bytes | None = None  # step 2
    title: str | None = None  # step 3
    channel: str | None = None  # shared in, when completed
    completed: bool = False


class FileMethods:
    if TYPE_CHECKING:  # FakeSlack's

        @property
        def url(self) -> str: ...

    uploads: dict[str, Upload]  # by file ID
    _ids: itertools.count[int]

    def _conversation(self, channel_id: str, *, users_ok: bool = False) -> Channel:
        raise NotImplementedError  # ConversationMethods'

    def _new_ts(self) -> str:
        raise NotImplementedError

    def files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        filename = str(args.get("filename") or "")
        length = str(args.get("length") or "")
        if not filename or not length.isdigit() or int(length) <= 0:
            raise SlackError("invalid_arguments")
        file_id = f"F{next(self._ids):09d}"
        self.uploads[file_id] = Upload(file_id, filename, int(length), args.get("alt_txt"))
        return {"upload_url": f"{self.url}{UPLOAD_PATH}{file_id}", "file_id": file_id}

    def receive_upload(self, path: str, data: bytes) -> int:
        """Step 2: the HTTP status the upload URL answers (404 for a URL it never gave)."""
        upload = self.uploads.get(path[len(UPLOAD_PATH) :])
        if upload is None or upload.completed:
            return 404
        upload.data = data
        return 200

    def files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        try:
            files = json.loads(str(args.get("files") or ""))
        except ValueError:
            raise SlackError("invalid_arguments") from None
        if not isinstance(files, list) or not files:
            raise SlackError("invalid_arguments")
        if not all(isinstance(f, dict) and f.get("id") for f in files):
            raise SlackError("invalid_arguments")
        uploads = [self.uploads.get(str(f["id"])) for f in files]
        if any(u is None or u.data is None or u.completed for u in uploads):
            raise SlackError("file_not_found")
        channel = None
        if args.get("channel_id"):
            channel = self._conversation(str(args["channel_id"]))
        shared = []
        for upload, given in zip(uploads, files, strict=True):
            assert upload is not None and upload.data is not None
            upload.title = given.get("title") or upload.filename
            upload.completed = True
            upload.channel = channel.id if channel else None
            shared.append(_file_json(upload))
        if channel is not None:
            channel.messages.append(
                {
                    "type": "message",
                    "subtype": "file_share",
                    "user": BOT_USER,
                    "text": str(args.get("initial_comment") or ""),
                    "ts": self._new_ts(),
                    "files": shared,
                }
            )
        return {"files": [{"id": f["id"], "title": f["title"]} for f in shared]}


def _file_json(upload: Upload) -> dict[str, Any]:
    assert upload.data is not None
    return {
        "id": upload.file_id,
        "name": upload.filename,
        "title": upload.title,
        "size": len(upload.data),
        "user": BOT_USER,
        "channels": [upload.channel] if upload.channel else [],
    }
