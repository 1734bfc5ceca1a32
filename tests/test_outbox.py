"""The outbox sends each planned delivery once, with its metadata, and records the outcome."""

from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import select

from bot.context import Tandem
from bot.delivery.outbox import deliver_due, skip
from bot.models import Delivery
from bot.sandbox import FakeSlack
from tests.support.deliveries import NOW, plan_note, posted_keys, row
from tests.support.slacklimits import timeline


def _plan(tandem: Tandem, key: str, recipient: str = "UOWNER001", due: datetime = NOW) -> bool:
    return plan_note(tandem, key, recipient, due)


_state = row


def test_planning_twice_keeps_one_row(tandem: Tandem) -> None:
    assert _plan(tandem, "note:1") is True
    assert _plan(tandem, "note:1") is False
    with tandem.sessions() as session:
        assert len(session.scalars(select(Delivery)).all()) == 1


def test_due_delivery_is_sent_once_with_metadata(tandem: Tandem, fake_slack: FakeSlack) -> None:
    _plan(tandem, "note:1")
    _plan(tandem, "note:later", due=NOW + timedelta(hours=1))
    report = deliver_due(tandem, NOW)
    assert report.sent == 1
    again = deliver_due(tandem, NOW)
    assert again.sent == 0
    posts = fake_slack.calls_to("chat.postMessage")
    assert len(posts) == 1
    dm = fake_slack.dm_with("UOWNER001")
    [message] = fake_slack.messages_in(dm)
    assert message["text"] == "hello from note:1"
    assert message["metadata"] == {
        "event_type": "tandem_delivery",
        "event_payload": {"kind": "note", "key": "note:1"},
    }
    row = _state(tandem, "note:1")
    assert (row.state, row.ts, row.channel_id) == ("sent", message["ts"], dm)
    assert _state(tandem, "note:later").state == "planned"


def test_older_than_twelve_hours_is_missed_not_sent(tandem: Tandem, fake_slack: FakeSlack) -> None:
    _plan(tandem, "note:old", due=NOW - timedelta(hours=13))
    _plan(tandem, "note:recent", due=NOW - timedelta(hours=11))
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.missed) == (1, 1)
    assert _state(tandem, "note:old").state == "missed"
    assert _state(tandem, "note:recent").state == "sent"


def test_permanent_error_fails_without_retry(tandem: Tandem, fake_slack: FakeSlack) -> None:
    _plan(tandem, "note:gone", recipient="UNOBODY99")
    report = deliver_due(tandem, NOW)
    assert report.failed == 1
    row = _state(tandem, "note:gone")
    assert (row.state, row.attempts) == ("failed", 1)
    assert (
        row.error
        == "channel_not_found: Slack cannot find that conversation (deleted, or a wrong ID)"
    )
    deliver_due(tandem, NOW)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_server_errors_are_retried_with_backoff(tandem: Tandem, fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", "internal_error", status=500, times=3)
    _plan(tandem, "note:flaky")
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.failed) == (1, 0)
    calls = fake_slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [500, 500, 500, 200]
    # Backoff of 0.5 s, doubling, each with up to 20% jitter (virtual seconds).
    pauses = [later - earlier for earlier, later in pairwise(timeline(calls))]
    for pause, backoff in zip(pauses, (0.5, 1.0, 2.0), strict=True):
        assert backoff * 0.8 - 0.001 <= pause <= backoff * 1.2 + 0.001
    row = _state(tandem, "note:flaky")
    assert (row.state, row.attempts, row.error) == ("sent", 4, None)


def test_server_errors_fail_the_row_after_five_attempts(
    tandem: Tandem, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.delivery.sending.BACKOFF_SECONDS", 0.01)
    fake_slack.fail("chat.postMessage", "internal_error", status=503, times=10)
    _plan(tandem, "note:down")
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.failed) == (0, 1)
    row = _state(tandem, "note:down")
    assert (row.state, row.attempts) == ("failed", 5)
    assert row.error == "internal_error (no answer after 5 attempts)"
    assert len(fake_slack.calls_to("chat.postMessage")) == 5


def test_a_post_slack_was_unavailable_for_is_sent_again_without_a_look(
    tandem: Tandem, fake_slack: FakeSlack
) -> None:
    """service_unavailable ("The service is temporarily unavailable") carries no warning
    that the post may have gone through, unlike internal_error and fatal_error
    (https://docs.slack.dev/reference/methods/chat.postMessage, errors)."""
    fake_slack.fail("chat.postMessage", "service_unavailable", status=503, times=2)
    _plan(tandem, "note:busy")
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.reconciled, report.failed) == (1, 0, 0)
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [503, 503, 200]
    assert fake_slack.calls_to("conversations.history") == []


def test_failed_look_ups_use_up_none_of_the_attempts_to_send(
    tandem: Tandem, fake_slack: FakeSlack
) -> None:
    """A row in doubt is looked up before it is sent again; a look-up Slack fails sent
    nothing, so four of them and a failed post still leave the row attempts to go."""
    fake_slack.fail("chat.postMessage", "internal_error", status=500)  # in doubt from now
    fake_slack.fail("conversations.history", "internal_error", status=500, times=4)
    _plan(tandem, "note:doubt")
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.failed) == (1, 0)
    assert [c.status for c in fake_slack.calls_to("conversations.history")] == [500] * 4 + [200]
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [500, 200]
    assert posted_keys(fake_slack) == ["note:doubt"]
    assert _state(tandem, "note:doubt").attempts == 2


def test_a_row_whose_look_ups_keep_failing_fails_with_the_reason(
    tandem: Tandem, fake_slack: FakeSlack
) -> None:
    fake_slack.fail("chat.postMessage", "internal_error", status=500)
    fake_slack.fail("conversations.history", "internal_error", status=500, times=5)
    _plan(tandem, "note:doubt")
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.failed) == (0, 1)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # never sent twice
    assert "not looked up after 5 tries" in (_state(tandem, "note:doubt").error or "")


def test_skipped_delivery_is_not_sent(tandem: Tandem, fake_slack: FakeSlack) -> None:
    _plan(tandem, "note:skip")
    with tandem.sessions.begin() as session:
        assert skip(session, "note:skip", "answered already")
    deliver_due(tandem, NOW)
    assert fake_slack.calls_to("chat.postMessage") == []
    assert _state(tandem, "note:skip").error == "answered already"


@pytest.mark.parametrize(("error", "status"), [("fatal_error", 200), ("internal_error", 500)])
def test_a_post_slack_may_have_carried_out_is_looked_up_not_sent_twice(
    tandem: Tandem, fake_slack: FakeSlack, error: str, status: int
) -> None:
    """Slack documents fatal_error and internal_error as "it's possible some aspect of the
    operation succeeded" (https://api.slack.com/methods/chat.postMessage#errors)."""
    fake_slack.fail("chat.postMessage", error, status=status, carried_out=True)
    _plan(tandem, "note:maybe")
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.reconciled, report.failed) == (1, 1, 0)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # never posted a second time
    [lookup] = fake_slack.calls_to("conversations.history")
    assert int(lookup.args["limit"]) == 15
    assert float(lookup.args["oldest"]) < float(
        fake_slack.messages_in(lookup.args["channel"])[0]["ts"]
    )
    assert [m["text"] for m in fake_slack.messages_in(lookup.args["channel"])] == [
        "hello from note:maybe"
    ]
    assert _state(tandem, "note:maybe").state == "sent"
