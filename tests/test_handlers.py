"""Every button, select and modal Tandem builds has a listener: Slack never gets a 404."""

from bot.ids import ActionId, CallbackId
from tests.support.runner import RunningApp


def test_every_action_and_callback_id_has_a_listener(app: RunningApp) -> None:
    # Bolt answers 404 to an interaction no listener takes: that is what this test detects.
    assert app.driver.block_action("UMEMBER01", "no_such_action", value="1").status == 404
    unhandled = [
        action_id
        for action_id in ActionId
        if app.driver.block_action(
            "UMEMBER01", action_id, value="0", channel="C0GENERAL", message_ts="1.000001"
        ).status
        != 200
    ]
    for callback_id in CallbackId:
        view = {"id": "V0", "callback_id": callback_id, "private_metadata": "{}"}
        if app.driver.view_submission("UMEMBER01", view, {}).status != 200:
            unhandled.append(callback_id)
    assert unhandled == []
