"""From `/mentor pair` to answered check-ins: the whole path through Slack, end to end."""

import json
from pathlib import Path

import yaml

from tests.support.checkins import CREATED, checkin_of, click_in_dm, eventually, posts, tick, utc
from tests.support.flows import (
    ANA,
    BEN,
    add_people,
    checkboxes,
    click,
    open_view,
    pair_up,
    state,
    text_value,
)
from tests.support.runner import RunningApp


def test_a_pair_made_with_mentor_pair_gets_check_ins_and_can_share(app: RunningApp) -> None:
    add_people(app)  # Ana in Lisbon (UTC+0 in winter), Ben in Chicago (UTC-6)
    channel = pair_up(app)  # on Monday 4 January 2027, 09:00 UTC
    tick(app, CREATED)
    tick(app, utc(2027, 1, 12, 9, 59))
    assert posts(app, ANA) == [] and posts(app, BEN) == []
    tick(app, utc(2027, 1, 12, 10))  # 10:00 in Lisbon
    assert len(posts(app, ANA)) == 1 and posts(app, BEN) == []
    tick(app, utc(2027, 1, 12, 16))  # 10:00 in Chicago
    [prompt] = posts(app, BEN)
    assert "Time for your check-in with <@UANA00001>" in json.dumps(prompt.args["blocks"])

    app.tandem.clock.at = utc(2027, 1, 12, 17)  # type: ignore[attr-defined]
    checkin = checkin_of(app, BEN)
    click_in_dm(app, BEN, "checkin_pulse_4", checkin)
    eventually(app, BEN, lambda c: c.pulse == 4)
    view = open_view(
        app,
        click(app, BEN, "checkin_reflect", str(checkin.id), channel=checkin.channel_id),
    )
    words = "Ana asked what I wanted from this, and really listened. @here <3"
    app.driver.view_submission(
        BEN, view, state(reflection=text_value(words), reflection_share=checkboxes("share"))
    )
    stored = eventually(app, BEN, lambda c: c.shared_ts is not None)
    assert (stored.pulse, stored.reflection, stored.state) == (4, words, "answered")
    shared = app.fake.messages_in(channel)[-1]
    assert shared["ts"] == stored.shared_ts
    assert shared["text"].startswith(f"<@{BEN}> shared a reflection from this week's check-in.")
    assert ">Ana asked what I wanted from this, and really listened. @here &lt;3" in shared["text"]
    # Ana's own check-in is untouched by Ben's answers, and hers stays private.
    assert checkin_of(app, ANA).state == "open"


def test_the_manifest_lets_people_answer_by_replying_in_the_dm() -> None:
    manifest = yaml.safe_load((Path(__file__).parent.parent / "manifest.yml").read_text())
    assert "message.im" in manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"im:history", "chat:write"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is False
