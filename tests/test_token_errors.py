"""A dead token is not a departure: the pass stops, every row stays planned, /healthz says
why, and everything still due goes out once when the token works again."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.delivery.outbox import deliver_due
from bot.models import AuditEntry, Delivery, Pair
from tests.support import factories
from tests.support.constants import BOT_TOKEN
from tests.support.deliveries import NOW, add_people, plan_note, posted_keys, row
from tests.support.runner import RunningApp


def _health(app: RunningApp) -> dict:
    with urllib.request.urlopen(app.url + "/healthz") as response:
        return dict(json.loads(response.read()))


def test_a_revoked_token_stops_the_pass_and_keeps_every_row(
    app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    tandem, fake = app.tandem, app.fake
    people = add_people(fake, 3)
    for n, person in enumerate(people):
        plan_note(tandem, f"note:{n}", person, due=NOW - timedelta(minutes=3 - n))
    fake.token = "xoxb-some-other-token"  # Slack no longer accepts ours: invalid_auth

    report = deliver_due(tandem, NOW)

    assert (report.sent, report.failed, report.token_error) == (0, 0, "invalid_auth")
    assert len(fake.calls_to("chat.postMessage")) == 1  # no other row was tried
    with tandem.sessions() as session:
        rows = session.scalars(select(Delivery).order_by(Delivery.key)).all()
    assert [(r.state, r.attempts, r.error) for r in rows] == [("planned", 0, None)] * 3
    refused = [r.getMessage() for r in caplog.records if "refused the bot token" in r.getMessage()]
    assert len(refused) == 1 and "check SLACK_BOT_TOKEN" in refused[0]
    health = _health(app)
    assert health["ok"] is True  # the process is fine; the deployment needs a new token
    assert health["slack"]["T0001"]["token_error"] == "invalid_auth"

    fake.token = BOT_TOKEN  # the token works again
    later = deliver_due(tandem, NOW + timedelta(hours=1))
    assert (later.sent, later.token_error) == (3, None)
    assert sorted(posted_keys(fake)) == ["note:0", "note:1", "note:2"]
    assert "slack" not in _health(app)


def test_account_inactive_on_a_post_is_the_token_not_the_recipient(app: RunningApp) -> None:
    """Slack answers a post with account_inactive when the token's own user or workspace
    was deactivated (https://api.slack.com/methods/chat.postMessage#errors): the recipient
    did not leave, so nobody's pair is paused."""
    tandem, fake = app.tandem, app.fake
    fake.add_user("UMAYA0001", "maya")
    fake.add_user("UTHEO0001", "theo")
    with tandem.sessions.begin() as session:
        maya = factories.member(session, "UMAYA0001", now=NOW)
        theo = factories.member(session, "UTHEO0001", now=NOW)
        factories.pair(session, maya, theo, now=NOW)
    plan_note(tandem, "note:theo", "UTHEO0001")
    fake.fail("chat.postMessage", "account_inactive")

    report = deliver_due(tandem, NOW)

    assert (report.failed, report.paused_pairs, report.token_error) == (0, 0, "account_inactive")
    assert row(tandem, "note:theo").state == "planned"
    with tandem.sessions() as session:
        assert session.scalars(select(Pair.status)).all() == ["active"]
        assert session.scalars(select(AuditEntry)).all() == []
    assert deliver_due(tandem, NOW + timedelta(minutes=1)).sent == 1
