"""The fake Slack refuses what Slack refuses (each rule's source is cited in the fake)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import VirtualTicker
from bot.sandbox import BOT_USER, TRIGGER_SECONDS, FakeSlack
from bot.sandbox.scopes import manifest_bot_scopes
from tests.support.slacklimits import RateLimits

ANNA, OTTO = "UANNA0001", "UOTTO0001"


@contextmanager
def _fake(**options: Any) -> Iterator[FakeSlack]:
    """A fake called directly, without serving HTTP, on a virtual clock."""
    fake = FakeSlack(ticker=VirtualTicker(), **options)
    fake.add_user(ANNA, "anna")
    fake.add_user(OTTO, "otto")
    try:
        yield fake
    finally:
        fake.server.server_close()


def _call(fake: FakeSlack, method: str, **args: Any) -> dict[str, Any]:
    return fake.handle(method, args, fake.token)[1]


def _error(fake: FakeSlack, method: str, **args: Any) -> str | None:
    body = _call(fake, method, **args)
    return None if body["ok"] else str(body["error"])


def _post(fake: FakeSlack, channel: str, **args: Any) -> dict[str, Any]:
    args.setdefault("text", "hello")
    return _call(fake, "chat.postMessage", channel=channel, **args)


# Users


def test_a_deactivated_user_is_listed_deleted_and_still_takes_messages() -> None:
    with _fake() as fake:
        fake.deactivate(OTTO)
        assert _call(fake, "users.info", user=OTTO)["user"]["deleted"] is True
        listed = {u["id"]: u["deleted"] for u in _call(fake, "users.list")["members"]}
        assert listed[OTTO] is True and listed[ANNA] is False
        assert _post(fake, OTTO)["ok"]  # by user ID
        assert _post(fake, fake.dm_with(OTTO))["ok"]  # by DM channel
        assert [m["text"] for m in fake.messages_in(fake.dm_with(OTTO))] == ["hello", "hello"]
        assert _error(fake, "conversations.open", users=OTTO) == "user_disabled"
        assert _error(fake, "users.info", user="UNOBODY01") == "user_not_found"
        assert _error(fake, "chat.postMessage", channel="UNOBODY01", text="x") == (
            "channel_not_found"
        )


# Tokens and faults


def test_a_revoked_token_fails_every_call_until_restored() -> None:
    with _fake() as fake:
        for error in ("invalid_auth", "account_inactive", "token_revoked"):
            fake.revoke_token(error)
            for method, args in (("auth.test", {}), ("chat.postMessage", {"channel": ANNA})):
                status, body = fake.handle(method, {"text": "x", **args}, fake.token)
                assert (status, body) == (200, {"ok": False, "error": error})
        fake.restore_token()
        assert _call(fake, "auth.test")["ok"]
        assert fake.handle("auth.test", {}, "xoxb-wrong")[1]["error"] == "invalid_auth"
        assert fake.handle("auth.test", {}, None)[1]["error"] == "not_authed"


def test_a_fault_carried_out_posts_the_message_and_still_answers_the_error() -> None:
    with _fake() as fake:
        fake.fail("chat.postMessage", "fatal_error", status=500, carried_out=True)
        status, body = fake.handle(
            "chat.postMessage", {"channel": ANNA, "text": "once"}, fake.token
        )
        assert (status, body) == (500, {"ok": False, "error": "fatal_error"})
        assert [m["text"] for m in fake.messages_in(fake.dm_with(ANNA))] == ["once"]
        fake.fail("chat.postMessage", "internal_error", status=500)  # not carried out
        fake.handle("chat.postMessage", {"channel": ANNA, "text": "twice"}, fake.token)
        assert len(fake.messages_in(fake.dm_with(ANNA))) == 1


# Triggers


def _modal() -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Hello"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}],
    }


def test_a_trigger_opens_one_view_within_three_seconds_of_the_fakes_clock() -> None:
    ticker = VirtualTicker()
    fake = FakeSlack(ticker=ticker)
    try:
        fresh = fake.issue_trigger()
        assert _call(fake, "views.open", trigger_id=fresh, view=_modal())["ok"]
        assert _error(fake, "views.open", trigger_id=fresh, view=_modal()) == (
            "exchanged_trigger_id"
        )
        late = fake.issue_trigger()
        ticker.advance(TRIGGER_SECONDS + 0.001)
        assert _error(fake, "views.open", trigger_id=late, view=_modal()) == "expired_trigger_id"
        assert _error(fake, "views.open", trigger_id="1.2.abc", view=_modal()) == (
            "invalid_trigger_id"
        )
        just_in_time = fake.issue_trigger()
        ticker.advance(TRIGGER_SECONDS)
        assert _call(fake, "views.open", trigger_id=just_in_time, view=_modal())["ok"]
    finally:
        fake.server.server_close()


# Conversations


def test_a_user_id_is_a_conversation_only_where_slack_takes_one() -> None:
    with _fake(scopes=manifest_bot_scopes() | {"reactions:write", "im:read"}) as fake:
        posted = _post(fake, ANNA)
        dm, ts = posted["channel"], posted["ts"]
        assert _call(fake, "chat.postEphemeral", channel=ANNA, user=ANNA, text="psst")["ok"]
        assert _call(fake, "chat.scheduleMessage", channel=ANNA, text="later", post_at="9")["ok"]
        for method, args in (
            ("chat.update", {"ts": ts, "text": "edited"}),
            ("conversations.history", {}),
            ("conversations.info", {}),
            ("pins.add", {"timestamp": ts}),
            ("reactions.add", {"timestamp": ts, "name": "tada"}),
        ):
            assert _error(fake, method, channel=ANNA, **args) == "channel_not_found", method
            assert _error(fake, method, channel=dm, **args) is None, method


def test_channels_the_bot_is_not_in() -> None:
    with _fake() as fake:
        public = fake.add_channel("general", members=(ANNA,))
        private = fake.add_channel("secret", private=True, members=(ANNA,))
        assert _error(fake, "chat.postMessage", channel=public, text="x") == "not_in_channel"
        assert _error(fake, "conversations.history", channel=public) == "not_in_channel"
        # A private channel the bot is not in is invisible to it.
        assert _error(fake, "chat.postMessage", channel=private, text="x") == "channel_not_found"
        assert _call(fake, "conversations.join", channel=public)["ok"]
        assert _post(fake, public)["ok"]
    with _fake(scopes=frozenset({"chat:write", "chat:write.public"})) as fake:
        public = fake.add_channel("general")
        assert _post(fake, public)["ok"]


def test_chat_update_drops_blocks_given_text_alone_and_refuses_others_messages() -> None:
    with _fake() as fake:
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "card"}}]
        posted = _post(fake, ANNA, blocks=blocks)
        dm, ts = posted["channel"], posted["ts"]
        assert _call(fake, "chat.update", channel=dm, ts=ts, text="plain")["ok"]
        assert fake.messages_in(dm)[0]["blocks"] == []
        fake.channels[dm].messages.append({"type": "message", "user": ANNA, "ts": "1.000001"})
        assert _error(fake, "chat.update", channel=dm, ts="1.000001", text="x") == (
            "cant_update_message"
        )


# Payloads


def test_blocks_past_slacks_limits_are_invalid_blocks() -> None:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}}
    button = {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "action_id": "go"}

    def select(value: str, initial: str | None = None) -> dict[str, Any]:
        option = {"text": {"type": "plain_text", "text": "One"}, "value": value}
        element: dict[str, Any] = {"type": "static_select", "action_id": "s", "options": [option]}
        if initial is not None:
            element["initial_option"] = dict(option, value=initial)
        return {"type": "section", "text": {"type": "mrkdwn", "text": "Pick"}, "accessory": element}

    too_many = [dict(section) for _ in range(51)]
    long_text = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    long_button = [
        {
            "type": "actions",
            "elements": [dict(button, text={"type": "plain_text", "text": "b" * 76})],
        }
    ]
    long_action = [{"type": "actions", "elements": [dict(button, action_id="a" * 256)]}]
    long_block_id = [dict(section, block_id="b" * 256)]
    same_block_id = [dict(section, block_id="same"), dict(section, block_id="same")]
    unknown = [{"type": "not_a_block"}]
    empty_text = [{"type": "section", "text": {"type": "mrkdwn", "text": ""}}]
    with _fake() as fake:
        assert _post(fake, ANNA, blocks=[section] * 50)["ok"]
        assert _post(fake, ANNA, blocks=[select("v" * 150)])["ok"]
        for blocks in (
            too_many,
            long_text,
            long_button,
            long_action,
            long_block_id,
            same_block_id,
            unknown,
            empty_text,
            [select("v" * 151)],
            [select("one", initial="two")],
        ):
            body = _post(fake, ANNA, blocks=blocks)
            assert body["error"] == "invalid_blocks", blocks
            assert body["response_metadata"]["messages"]


def test_views_past_slacks_limits_are_invalid_arguments() -> None:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}}
    text_input = {
        "type": "input",
        "label": {"type": "plain_text", "text": "Name"},
        "element": {"type": "plain_text_input", "action_id": "name"},
    }
    with _fake() as fake:
        home = {"type": "home", "blocks": [section] * 100}
        assert _call(fake, "views.publish", user_id=ANNA, view=home)["ok"]
        for view in (
            {"type": "home", "blocks": [section] * 101},
            dict(_modal(), title={"type": "plain_text", "text": "t" * 25}),
            {"type": "modal", "blocks": [section]},  # no title
            dict(_modal(), blocks=[text_input]),  # an input but no submit
            dict(_modal(), private_metadata="m" * 3001),
        ):
            method = "views.publish" if view["type"] == "home" else "views.open"
            args = {"user_id": ANNA} if method == "views.publish" else {}
            body = _call(fake, method, view=view, trigger_id=fake.issue_trigger(), **args)
            assert body["error"] == "invalid_arguments", view
            assert body["response_metadata"]["messages"]


def test_text_and_metadata() -> None:
    with _fake() as fake:
        posted = _post(fake, ANNA, text="x" * 40_001)  # Slack truncates, it does not refuse
        assert len(fake.messages_in(posted["channel"])[0]["text"]) == 40_000
        assert _error(
            fake, "chat.update", channel=posted["channel"], ts=posted["ts"], text="x" * 40_001
        ) == ("msg_too_long")
        assert _error(fake, "chat.postMessage", channel=ANNA) == "no_text"
        good = {"event_type": "tandem_delivery", "event_payload": {"key": "k"}}
        assert _post(fake, ANNA, metadata=good)["ok"]
        for metadata, error in (
            ("not json", "invalid_metadata_format"),
            ([1, 2], "invalid_metadata_format"),
            ({"event_payload": {}}, "invalid_metadata_schema"),
            ({"event_type": "t", "event_payload": "k"}, "invalid_metadata_schema"),
        ):
            assert _post(fake, ANNA, metadata=metadata)["error"] == error, metadata


# Scopes


def test_a_method_whose_scope_the_app_lacks_answers_missing_scope() -> None:
    with _fake() as fake:  # the scopes of manifest.yml: no im:read (Tandem never needs it)
        posted = _post(fake, ANNA)
        body = _call(fake, "conversations.info", channel=posted["channel"])
        assert "chat:write" in body["provided"].split(",")
        assert (body["error"], body["needed"]) == ("missing_scope", "im:read")
    with _fake(scopes=frozenset({"chat:write"})) as fake:
        body = _call(fake, "conversations.create", name="pair-1", is_private=True)
        assert (body["error"], body["needed"], body["provided"]) == (
            "missing_scope",
            "groups:write",
            "chat:write",
        )


def test_missing_scope_reaches_the_sdk_with_needed_and_provided() -> None:
    fake = FakeSlack(scopes=frozenset({"chat:write"})).start()
    try:
        client = WebClient(token=fake.token, base_url=fake.api_url)
        try:
            client.users_info(user=BOT_USER)
        except SlackApiError as exc:
            assert exc.response["needed"] == "users:read"
            assert exc.response["provided"] == "chat:write"
        else:
            raise AssertionError("users.info without users:read was answered")
    finally:
        fake.stop()


# Rate limits (off unless asked for)


def test_tier_2_methods_are_limited_on_the_fakes_clock() -> None:
    ticker = VirtualTicker()
    fake = FakeSlack(ticker=ticker, limits=RateLimits())
    try:
        statuses = [fake.handle("users.list", {}, fake.token)[0] for _ in range(9)]
        assert statuses == [200] * 8 + [429]  # a burst of 8, then 20 a minute
        ticker.advance(3)
        assert fake.handle("users.list", {}, fake.token)[0] == 200
        assert fake.handle("users.list", {}, fake.token)[0] == 429
    finally:
        fake.server.server_close()


def test_files_are_uploaded_in_slacks_three_steps() -> None:
    fake = FakeSlack(ticker=VirtualTicker()).start()
    fake.add_user(ANNA, "anna")
    try:
        client = WebClient(token=fake.token, base_url=fake.api_url)
        dm = fake.dm_with(ANNA)
        done = client.files_upload_v2(
            file_uploads=[{"content": "a,b\n1,2\n", "filename": "x.csv", "title": "X"}],
            channel=dm,
            initial_comment="here",
        )
        [upload] = fake.files_in(dm)
        assert (upload.filename, upload.title, upload.data, upload.length) == (
            "x.csv",
            "X",
            b"a,b\n1,2\n",
            8,
        )
        assert done["files"] == [{"id": upload.file_id, "title": "X"}]
        [shared] = fake.messages_in(dm)
        assert (shared["subtype"], shared["text"]) == ("file_share", "here")
        # a completed file cannot be completed again, nor its URL take more bytes
        again = _call(fake, "files.completeUploadExternal", files=f'[{{"id": "{upload.file_id}"}}]')
        assert again["error"] == "file_not_found"
        assert fake.upload(f"/upload/v1/{upload.file_id}", b"more") == 404
    finally:
        fake.stop()


def test_upload_steps_refuse_what_slack_refuses() -> None:
    with _fake() as fake:
        assert _error(fake, "files.getUploadURLExternal", filename="x.csv") == "invalid_arguments"
        assert _error(fake, "files.getUploadURLExternal", length="3") == "invalid_arguments"
        step = _call(fake, "files.getUploadURLExternal", filename="x.csv", length="3")
        files = f'[{{"id": "{step["file_id"]}", "title": "x"}}]'
        # the bytes never arrived at the upload URL
        assert _error(fake, "files.completeUploadExternal", files=files) == "file_not_found"
        assert fake.upload("/upload/v1/F999", b"abc") == 404
        assert fake.upload(step["upload_url"].removeprefix(fake.url), b"abc") == 200
        assert _error(fake, "files.completeUploadExternal", files="not json") == "invalid_arguments"
        assert (
            _error(fake, "files.completeUploadExternal", files=files, channel_id="C404")
            == "channel_not_found"
        )
        assert _error(fake, "files.completeUploadExternal", files=files) is None  # private
    with _fake(scopes=manifest_bot_scopes() - {"files:write"}) as fake:
        body = _call(fake, "files.getUploadURLExternal", filename="x.csv", length="3")
        assert (body["error"], body["needed"]) == ("missing_scope", "files:write")
