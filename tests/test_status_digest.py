"""The owners' weekly digest: Monday from 09:00 in the owner's own zone, once a week, the same
figures and attention list as `/mentor status`, and none once owners turn it off."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.models import Owner
from bot.sandbox import Call
from tests.support import factories
from tests.support.checkins import tick, utc
from tests.support.constants import OWNER
from tests.support.flows import open_by_command, select_value, settings_form, state
from tests.support.runner import RunningApp
from tests.support.status import MARKER, seed_pair

START = utc(2027, 1, 4, 9)
MONDAY = utc(2027, 3, 1, 8)  # 09:00 in Berlin, where the owner is
SETTINGS = settings_form()


def _owner_in_berlin(app: RunningApp) -> None:
    """The owner, stored (`tandem tick` reads no TANDEM_OWNERS here) and known in Berlin."""
    with app.tandem.sessions.begin() as session:
        factories.member(session, OWNER, tz="Europe/Berlin", now=START)
        session.add(Owner(team_id="T0001", user_id=OWNER, added_at=START))


def _digests(app: RunningApp) -> list[Call]:
    return [
        c
        for c in app.fake.calls_to("chat.postMessage")
        if (c.args.get("metadata") or {}).get("event_payload", {}).get("kind") == "status_digest"
    ]


def _status_now(app: RunningApp, when: datetime) -> str:
    before = len(app.fake.calls_to("response_url"))
    app.tandem.clock.at = when  # type: ignore[attr-defined]
    app.driver.command(OWNER, "status")
    return str(app.fake.wait_for("response_url", count=before + 1)[-1].args["text"])


def test_each_owner_gets_one_digest_on_monday_morning_in_their_zone(app: RunningApp) -> None:
    _owner_in_berlin(app)
    quiet = seed_pair(app, 1, started=START, rounds=[(4, 4)] * 4 + [(None, None)] * 2, agreed=True)
    seed_pair(app, 2, started=START, rounds=[(5, "r")] * 6, feedback=[("mentor", START)])
    tick(app, MONDAY - timedelta(minutes=20))  # 08:40 in Berlin
    assert _digests(app) == []
    tick(app, MONDAY)
    [digest] = _digests(app)
    assert digest.args["channel"] == OWNER
    text = digest.args["text"]
    assert text.startswith("Good morning! Here is your weekly look at the mentoring program.")
    status = _status_now(app, MONDAY)
    assert text.endswith(status)  # the same figures and attention list
    assert f"<@{quiet.mentor}> and <@{quiet.mentee}>: neither has answered" in text
    assert [b["type"] for b in digest.args["blocks"]] == ["section", "divider", "section"]
    tick(app, MONDAY + timedelta(hours=3))
    tick(app, MONDAY + timedelta(days=2))  # not Monday
    assert len(_digests(app)) == 1
    tick(app, MONDAY + timedelta(weeks=1))
    assert len(_digests(app)) == 2
    assert MARKER not in app.fake.all_text()


def test_no_digest_once_owners_turn_it_off(app: RunningApp) -> None:
    _owner_in_berlin(app)
    seed_pair(app, 1, started=START, rounds=[(4, 4)] * 3)
    app.tandem.clock.at = MONDAY - timedelta(days=1)  # type: ignore[attr-defined]
    view = open_by_command(app, OWNER, "settings")
    app.driver.view_submission(OWNER, view, {**SETTINGS, **state(digest=select_value("off"))})
    tick(app, MONDAY + timedelta(hours=2))
    assert _digests(app) == []
    view = open_by_command(app, OWNER, "settings")
    app.driver.view_submission(OWNER, view, {**SETTINGS, **state(digest=select_value("on"))})
    tick(app, MONDAY + timedelta(hours=3))
    [digest] = _digests(app)
    assert digest.args["channel"] == OWNER
