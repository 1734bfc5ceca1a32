"""`/mentor settings`: a modal for owners, checked in Slack, saved and audited."""

from sqlalchemy import select

from bot.models import AuditEntry, ProgramSettings
from tests.support.constants import OWNER
from tests.support.flows import open_by_command, reply, select_value, state
from tests.support.runner import RunningApp

CHOICES = state(
    shoutout_channel={"type": "channels_select", "selected_channel": None},
    cadence=select_value("biweekly"),
    cadence_weekday=select_value("3"),
    cadence_time={"type": "timepicker", "selected_time": "09:30"},
    tips=select_value("14"),
    digest=select_value("on"),
    tips_weekday=select_value("0"),
    tips_time={"type": "timepicker", "selected_time": "11:15"},
)


def _open(app: RunningApp) -> dict:
    return open_by_command(app, OWNER, "settings")


def test_owner_saves_the_program_settings(app: RunningApp) -> None:
    celebrations = app.fake.add_channel("celebrations")
    view = _open(app)
    assert view["callback_id"] == "program_settings"
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["cadence"]["element"]["initial_option"]["value"] == "weekly"
    assert blocks["cadence_time"]["element"]["initial_time"] == "10:00"
    chosen = {
        **CHOICES,
        **state(shoutout_channel={"type": "channels_select", "selected_channel": celebrations}),
    }
    response = app.driver.view_submission(OWNER, view, chosen).json()
    # Joining the channel is a Slack call: after the ack, while the modal says so.
    assert response["response_action"] == "update"
    checking = response["view"]["blocks"][0]["text"]["text"]
    assert checking.startswith(f"Joining <#{celebrations}> for the celebrations")
    assert response["view"]["title"]["text"] == "Program settings"
    [update] = app.fake.wait_for("views.update")
    assert update.args["view_id"] == view["id"]
    saved = update.args["view"]["blocks"][0]["text"]["text"]
    assert saved.startswith("*Saved.* Check-ins go out every two weeks on Thursday at 09:30")
    assert f"celebrated in <#{celebrations}>" in saved
    assert "Tips: every two weeks on Monday at 11:15 in the mentee's time zone." in saved
    assert "UBOT0001" in app.fake.channels[celebrations].members
    with app.tandem.sessions() as session:
        row = session.get(ProgramSettings, "T0001")
        assert row is not None
        assert (row.cadence, row.cadence_weekday, row.cadence_time) == ("biweekly", 3, "09:30")
        assert (row.tips_enabled, row.tips_every_days, row.shoutout_channel_id) == (
            True,
            14,
            celebrations,
        )
        assert (row.tips_weekday, row.tips_time) == (0, "11:15")
        [entry] = session.scalars(select(AuditEntry)).all()
        assert (entry.actor_id, entry.action, entry.detail["cadence"]) == (
            OWNER,
            "settings.update",
            "biweekly",
        )
    # opened again, the modal shows what was saved; tips can be turned off
    again = {b.get("block_id"): b for b in _open(app)["blocks"]}
    assert again["shoutout_channel"]["element"]["initial_channel"] == celebrations
    assert again["tips"]["element"]["initial_option"]["value"] == "14"
    assert again["tips_weekday"]["element"]["initial_option"]["value"] == "0"
    assert again["tips_time"]["element"]["initial_time"] == "11:15"
    app.driver.view_submission(OWNER, _open(app), {**CHOICES, **state(tips=select_value("off"))})
    with app.tandem.sessions() as session:
        row = session.get(ProgramSettings, "T0001")
        assert row is not None and row.tips_enabled is False and row.shoutout_channel_id is None


def test_owners_turn_the_weekly_digest_off_and_on(app: RunningApp) -> None:
    view = _open(app)
    assert {b.get("block_id"): b for b in view["blocks"]}["digest"]["element"]["initial_option"][
        "value"
    ] == "on"
    off = {**CHOICES, **state(digest=select_value("off"))}
    saved = app.driver.view_submission(OWNER, view, off).json()["view"]["blocks"][0]
    assert "Weekly digest for owners: off." in saved["text"]["text"]
    again = {b.get("block_id"): b for b in _open(app)["blocks"]}
    assert again["digest"]["element"]["initial_option"]["value"] == "off"
    with app.tandem.sessions() as session:
        row = session.get(ProgramSettings, "T0001")
        assert row is not None and row.digest_enabled is False
        [entry] = session.scalars(select(AuditEntry)).all()
        assert entry.detail["digest"] is False
    bad = {**CHOICES, **state(digest=select_value("sometimes"))}
    body = app.driver.view_submission(OWNER, _open(app), bad).json()
    assert body["errors"] == {"digest": "Please pick whether owners get the weekly digest."}


def test_settings_errors_are_shown_on_the_field(app: RunningApp) -> None:
    view = _open(app)
    bad = {**CHOICES, **state(cadence_time={"type": "timepicker", "selected_time": None})}
    body = app.driver.view_submission(OWNER, view, bad).json()
    assert body == {
        "response_action": "errors",
        "errors": {"cadence_time": "Please pick a time, for example 10:00."},
    }
    private = app.fake.add_channel("secret", private=True)
    unjoinable = {
        **CHOICES,
        **state(shoutout_channel={"type": "channels_select", "selected_channel": private}),
    }
    body = app.driver.view_submission(OWNER, view, unjoinable).json()
    assert body["response_action"] == "update"  # "Joining…", then the form again
    [update] = app.fake.wait_for("views.update")
    again = update.args["view"]
    assert again["callback_id"] == "program_settings"
    assert "I could not join that channel" in again["blocks"][0]["text"]["text"]
    assert "nothing was saved" in again["blocks"][0]["text"]["text"]
    kept = {b.get("block_id"): b for b in again["blocks"]}
    assert kept["cadence"]["element"]["initial_option"]["value"] == "biweekly"  # as chosen
    with app.tandem.sessions() as session:
        assert session.get(ProgramSettings, "T0001") is None


def test_settings_are_for_owners(app: RunningApp) -> None:
    app.driver.command("UMEMBER01", "settings")
    assert "is for program owners" in reply(app)["text"]
    assert app.fake.calls_to("views.open") == []
