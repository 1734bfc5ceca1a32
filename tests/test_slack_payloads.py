"""Real Slack payloads (tests/data/payloads/) sent to the running app: every one is answered
2xx, never 5xx, and leaves what a person would expect in Slack and in the database.

Where Tandem is wrong for a payload today, the test says what is right and is marked
xfail(strict=True) naming the defect, so it turns red (and the mark must go) once it is fixed.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from bot.models import CheckIn, Goal, ProgramSettings
from bot.sandbox import BOT_USER, TEAM, TRIGGER_SECONDS
from tests.support import payloads
from tests.support.checkins import (
    MENTEE,
    MENTOR,
    checkin_of,
    eventually,
    prompt_both,
    seed_pair,
)
from tests.support.constants import OWNER
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until


def _send(app: RunningApp, name: str, **ids: object) -> int:
    response = app.driver.send_payload(name, **ids)
    assert 200 <= response.status < 300, (response.status, response.body)
    return response.status


def _in_dm(app: RunningApp, name: str, user: str = MENTOR, **ids: object) -> CheckIn:
    """Both check-ins sent; `user` writes `name` in their DM with Tandem (under the check-in
    when the payload is a thread reply). Returns the check-in as it stood before."""
    prompt_both(app)
    checkin = checkin_of(app, user)
    ids = {"USER": user, "DM": checkin.channel_id, "THREAD_TS": checkin.message_ts, **ids}
    _send(app, name, **ids)
    return checkin


def _reflected(app: RunningApp, user: str, expected: str) -> None:
    stored = eventually(app, user, lambda c: c.reflection == expected)
    assert stored.reflection == expected
    assert stored.state == "answered"


def _replies_in(app: RunningApp, channel: str | None) -> list[str]:
    return [
        str(c.args.get("text", ""))
        for c in app.fake.calls_to("chat.postMessage")
        if c.ok and c.response.get("channel") == channel
    ]


def _ignored(app: RunningApp, checkin: CheckIn) -> None:
    """After a message Tandem must leave alone, the person writes a reflection: it is saved
    as written, with nothing of the ignored message in it, and answered once."""
    before = len(app.fake.calls_to("chat.postMessage"))
    _send(app, "message_im_rich_text", USER=MENTOR, DM=checkin.channel_id)
    _reflected(app, MENTOR, "This week I *ran* the retro & it went well")
    app.fake.wait_for("chat.postMessage", count=before + 1)
    assert len(app.fake.calls_to("chat.postMessage")) == before + 1


# Interactivity


def test_a_pulse_click_in_the_check_in_dm(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    ids = {"DM": checkin.channel_id, "MESSAGE_TS": checkin.message_ts, "CHECKIN": checkin.id}
    _send(app, "block_actions_message", USER=MENTOR, **ids)
    assert eventually(app, MENTOR, lambda c: c.pulse == 4).pulse == 4
    app.fake.wait_for_update(lambda c: c.args.get("ts") == checkin.message_ts)


def test_a_pulse_click_by_a_slack_connect_member_of_another_organization(
    app: RunningApp,
) -> None:
    """A shared channel or DM across organizations: user.team_id is the member's own
    workspace, team.id the one where the app is installed (Enterprise Grid fields included)."""
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    ids = {"DM": checkin.channel_id, "MESSAGE_TS": checkin.message_ts, "CHECKIN": checkin.id}
    _send(app, "grid_block_actions_slack_connect", USER=MENTOR, **ids)
    assert eventually(app, MENTOR, lambda c: c.pulse == 4).pulse == 4


def test_edit_goals_from_the_home_tab(app: RunningApp) -> None:
    """A click in the Home tab: a view container and no response_url."""
    pair_id, _ = seed_pair(app, goals=("Lead the planning",))
    _send(app, "block_actions_home_tab", USER=MENTEE, PAIR=pair_id)
    [opened] = app.fake.wait_for("views.open")
    assert opened.ok, opened.response
    assert opened.response["view"]["callback_id"] == "goals"


def test_a_trigger_older_than_three_seconds_no_longer_opens_the_modal(app: RunningApp) -> None:
    """Slack's trigger_id works for 3 s; past that views.open answers expired_trigger_id and
    the person is told by DM instead (virtual seconds: the test moves the shared ticker)."""
    pair_id, _ = seed_pair(app, goals=("Lead the planning",))
    stale = app.fake.issue_trigger()
    app.tandem.ticker.advance(TRIGGER_SECONDS + 1)  # type: ignore[attr-defined]
    _send(app, "block_actions_home_tab", USER=MENTEE, PAIR=pair_id, TRIGGER=stale)
    [refused] = app.fake.wait_for("views.open")
    assert refused.response == {"ok": False, "error": "expired_trigger_id"}
    [told] = app.fake.wait_for("chat.postMessage", lambda c: c.args.get("channel") == MENTEE)
    assert told.ok and told.args["text"]


def test_the_mentee_part_of_the_agreement(app: RunningApp) -> None:
    """Empty optional text inputs come as "value": null."""
    pair_id, channel = seed_pair(app)
    _send(app, "view_submission_agreement_mentee", USER=MENTEE, PAIR=pair_id, VIEW_ID="V0AGREE01")
    posted = app.fake.wait_for("chat.postMessage", lambda c: c.args.get("channel") == channel)
    assert posted[-1].ok
    assert "Lead the spring planning cycle myself" in json.dumps(posted[-1].args)
    with app.tandem.sessions() as session:
        goals = [g.text for g in session.scalars(select(Goal).order_by(Goal.position))]
    assert goals == ["Lead the spring planning cycle myself", "Coach a new colleague"]


def test_the_mentor_part_of_the_agreement(app: RunningApp) -> None:
    pair_id, channel = seed_pair(app)
    _send(app, "view_submission_agreement_mentor", USER=MENTOR, PAIR=pair_id, VIEW_ID="V0AGREE02")
    posted = app.fake.wait_for("chat.postMessage", lambda c: c.args.get("channel") == channel)
    assert posted[-1].ok
    assert "Thursday mornings" in json.dumps(posted[-1].args)


def test_the_program_settings(app: RunningApp) -> None:
    """A channels_select, static selects and a timepicker."""
    channel = app.fake.add_channel("mentoring-wins")
    _send(app, "view_submission_settings", USER=OWNER, CHANNEL=channel, VIEW_ID="V0SETTING")
    with app.tandem.sessions() as session:
        saved = wait_until(
            lambda: session.get(ProgramSettings, TEAM, populate_existing=True),
            lambda row: row is not None and row.cadence_time == "14:30",
            what="the saved settings",
        )
    assert (saved.shoutout_channel_id, saved.cadence, saved.cadence_weekday) == (
        channel,
        "weekly",
        3,
    )
    assert (saved.tips_enabled, saved.tips_every_days) == (True, 14)
    assert BOT_USER in app.fake.channels[channel].members  # Tandem joined it


def test_a_shared_reflection_from_the_modal(app: RunningApp) -> None:
    _, channel = prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    _send(app, "view_submission_reflection", USER=MENTOR, CHECKIN=checkin.id, VIEW_ID="V0REFLECT")
    _reflected(
        app, MENTOR, "We practised giving feedback with examples.\nNext time: the budget review."
    )
    wait_until(lambda: _replies_in(app, channel), lambda texts: any("budget" in t for t in texts))


def test_a_csv_import_is_checked(app: RunningApp) -> None:
    response = app.driver.send_payload("view_submission_import", USER=OWNER, VIEW_ID="V0IMPORT1")
    assert response.status == 200, response.body
    assert json.loads(response.body)["response_action"] == "update"


def test_a_closed_reflection_modal_is_acknowledged(app: RunningApp) -> None:
    """Slack sends view_closed for modals opened with notify_on_close; should one come, it is
    answered (not 404) and changes nothing."""
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    _send(app, "view_closed", USER=MENTOR, CHECKIN=checkin.id, VIEW_ID="V0REFLECT")
    assert checkin_of(app, MENTOR).reflection is None  # closing saves nothing


# Events: message.im


def test_a_reflection_written_with_formatting(app: RunningApp) -> None:
    """The text of a message.im comes with &, < and > escaped; rich_text blocks beside it."""
    _in_dm(app, "message_im_rich_text")
    _reflected(app, MENTOR, "This week I *ran* the retro & it went well")


def test_a_reply_in_the_check_in_thread(app: RunningApp) -> None:
    _in_dm(app, "message_im_thread_reply")
    _reflected(app, MENTOR, "Replying under the check-in: the 1:1 helped")


def test_a_thread_reply_also_sent_to_the_conversation(app: RunningApp) -> None:
    _in_dm(app, "message_im_thread_broadcast")
    _reflected(app, MENTOR, "Also sent to the conversation: I practised the hard talk")


def test_an_edited_reflection_replaces_what_was_written(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    _, original = app.driver.direct_message(MENTOR, "we agreed on weekly goals")
    _reflected(app, MENTOR, "we agreed on weekly goals")
    ids = {"USER": MENTOR, "DM": checkin.channel_id, "ORIGINAL_TS": original}
    _send(app, "message_im_changed", **ids)
    _reflected(app, MENTOR, "Edited: we agreed on monthly goals, not weekly")


def test_a_deleted_message_changes_nothing(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    ids = {"USER": MENTOR, "DM": checkin.channel_id, "ORIGINAL_TS": "1899999999.000100"}
    _send(app, "message_im_deleted", **ids)
    _ignored(app, checkin)


def test_a_file_shared_with_a_note(app: RunningApp) -> None:
    _in_dm(app, "message_im_file_share")
    _reflected(app, MENTOR, "My notes from the session")


def test_another_apps_message_is_left_alone(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTOR)
    _send(app, "message_im_bot_message", DM=checkin.channel_id)
    _ignored(app, checkin)


def test_a_reflection_from_an_enterprise_grid_workspace(app: RunningApp) -> None:
    """enterprise_id, context_enterprise_id and authorizations of an org workspace."""
    _in_dm(app, "grid_message_im")
    _reflected(app, MENTOR, "Writing from our org workspace")


# Events: app_home_opened


def test_opening_the_home_tab_publishes_it(app: RunningApp) -> None:
    seed_pair(app)
    _send(app, "app_home_opened_home", USER=MENTOR, DM=app.fake.dm_with(MENTOR))
    [published] = app.fake.wait_for("views.publish")
    assert published.ok and published.args["user_id"] == MENTOR


def test_opening_the_messages_tab_publishes_nothing(app: RunningApp) -> None:
    seed_pair(app)
    dm = app.fake.dm_with(MENTOR)
    _send(app, "app_home_opened_messages", USER=MENTOR, DM=dm)
    _send(app, "app_home_opened_home", USER=MENTOR, DM=dm)  # then the Home tab: one publish
    app.fake.wait_for("views.publish")
    assert len(app.fake.calls_to("views.publish")) == 1


def test_a_message_shortcut_in_the_pair_channel_opens_the_handover_modal(
    app: RunningApp,
) -> None:
    _, channel = seed_pair(app)
    _send(
        app,
        "message_action_log_handover",
        USER=MENTEE,
        CHANNEL=channel,
        MESSAGE_TS="1800000100.000100",
        AUTHOR=MENTOR,
    )
    [opened] = app.fake.wait_for("views.open")
    view = opened.response["view"]
    assert view["callback_id"] == "handover"
    shared = [b for b in view["blocks"] if b.get("block_id") == "handover_shared"]
    assert shared[0]["element"]["initial_value"].startswith("Budget review: start from the")


def test_every_payload_file_is_sent_by_a_test() -> None:
    source = Path(__file__).read_text()
    assert [name for name in payloads.names() if f'"{name}"' not in source] == []
