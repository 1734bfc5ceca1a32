"""A click in a check-in DM updates that DM through the click's response_url, which Slack
does not count against chat.update's Tier 3 limit (about 50 a minute in a workspace); where
there is no response_url for the DM, chat.update does it."""

from __future__ import annotations

from bot.sandbox.model import REPLACE
from bot.slack.origin import Origin, origin_of
from tests.support.checkins import (
    MENTEE,
    MENTOR,
    block_text,
    checkin_of,
    click_in_dm,
    dm_message,
    prompt_both,
)
from tests.support.runner import RunningApp


def test_a_pulse_click_redraws_its_dm_through_the_response_url(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    click_in_dm(app, MENTOR, "checkin_pulse_4", checkin)
    [update] = app.fake.wait_for_update()
    assert update.method == REPLACE
    assert (update.args["channel"], update.args["ts"]) == (checkin.channel_id, checkin.message_ts)
    assert app.fake.calls_to("chat.update") == []
    assert "you chose 4" in block_text(dm_message(app, checkin))


def test_without_a_response_url_for_the_dm_chat_update_redraws_it(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTEE)
    # The same button, as if clicked in another copy of the message (another ts): its
    # response_url would replace that copy, so the DM itself is updated with chat.update.
    app.driver.block_action(
        MENTEE,
        "checkin_pulse_2",
        value=str(checkin.id),
        channel=checkin.channel_id,
        message_ts="1700000000.000001",
    )
    [update] = app.fake.wait_for_update()
    assert update.method == "chat.update"
    assert "you chose 2" in block_text(dm_message(app, checkin))


def test_only_a_click_in_a_lasting_message_has_an_origin() -> None:
    url = "https://hooks.slack.com/actions/T1/1/x"
    message = {"type": "message", "channel_id": "D1", "message_ts": "1.2", "is_ephemeral": False}
    assert origin_of({"container": message, "response_url": url}) == Origin("D1", "1.2", url)
    assert origin_of({"container": {**message, "is_ephemeral": True}, "response_url": url}) is None
    assert origin_of({"container": {"type": "view", "view_id": "V1"}, "response_url": url}) is None
    assert origin_of({"container": message}) is None
    assert origin_of({"container": {**message, "message_ts": 12}, "response_url": url}) is None
