"""A pair member from another organisation (Slack Connect) acts with their own team ID;
Tandem finds its objects by the workspace it is installed in."""

from __future__ import annotations

from bot.sandbox import TEAM
from tests.support.checkins import MENTEE, checkin_of, eventually, open_reflection, prompt_both
from tests.support.flows import checkboxes, state, text_value
from tests.support.runner import RunningApp

THEIR_TEAM = "T0THEIRS"


def test_a_member_of_another_organisation_clicks_and_submits_like_anyone(
    app: RunningApp,
) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTEE)
    click = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "fake"},  # where the click happened: our workspace
        "user": {"id": MENTEE, "username": "ben", "team_id": THEIR_TEAM},
        "api_app_id": "A0TANDEM",
        "is_enterprise_install": False,
        "trigger_id": "1.2.connect",
        "channel": {"id": checkin.channel_id, "name": "directmessage"},
        "container": {
            "type": "message",
            "message_ts": checkin.message_ts,
            "channel_id": checkin.channel_id,
            "is_ephemeral": False,
        },
        "actions": [
            {
                "action_id": "checkin_pulse_4",
                "block_id": "pulse",
                "type": "button",
                "value": str(checkin.id),
                "action_ts": "1900000000.000001",
            }
        ],
    }
    assert app.driver.interactive(click).status == 200
    assert eventually(app, MENTEE, lambda c: c.pulse == 4).pulse == 4

    view = open_reflection(app, MENTEE, checkin)
    submission = {
        "type": "view_submission",
        "team": {"id": THEIR_TEAM, "domain": "theirs"},  # the actor's own organisation
        "user": {"id": MENTEE, "username": "ben", "team_id": THEIR_TEAM},
        "api_app_id": "A0TANDEM",
        "trigger_id": "1.3.connect",
        "view": {
            "id": view.get("id", "V0"),
            "team_id": THEIR_TEAM,
            "app_installed_team_id": TEAM,  # Slack says where the app is installed
            "type": "modal",
            "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"],
            "blocks": view["blocks"],
            "state": {
                "values": state(
                    reflection=text_value("Across two companies, and it still works."),
                    reflection_share=checkboxes(),
                )
            },
            "hash": "1.abc",
        },
    }
    response = app.driver.interactive(submission)
    assert (response.status, response.body) == (200, "")
    stored = eventually(app, MENTEE, lambda c: c.reflection is not None)
    assert stored.reflection == "Across two companies, and it still works."
