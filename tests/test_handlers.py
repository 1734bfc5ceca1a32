"""Every button, select and modal Tandem builds has a listener: Slack never gets a 404."""

from bot.ids import ActionId, CallbackId, ShortcutId
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
    for shortcut_id in ShortcutId:
        payload = {
            "type": "message_action",
            "callback_id": shortcut_id,
            "trigger_id": app.fake.issue_trigger(),
            "team": {"id": "T0001", "domain": "fake"},
            "user": {"id": "UMEMBER01", "name": "member", "team_id": "T0001"},
            "channel": {"id": "C0GENERAL", "name": "general"},
            "message": {"type": "message", "user": "UMEMBER01", "ts": "1.000001", "text": "x"},
            "message_ts": "1.000001",
            "response_url": app.driver.response_url(),
        }
        if app.driver.interactive(payload).status != 200:
            unhandled.append(shortcut_id)
    assert unhandled == []
