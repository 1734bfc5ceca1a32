"""The outbox sends each planned delivery once, with its metadata, and records the outcome."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.context import Tandem
from bot.delivery.outbox import deliver_due, plan, skip
from bot.models import Delivery
from tests.support.fakeslack import FakeSlack

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


def _plan(tandem: Tandem, key: str, recipient: str = "UOWNER001", due: datetime = NOW) -> bool:
    with tandem.sessions.begin() as session:
        return plan(
            session,
            key=key,
            team_id="T0001",
            kind="note",
            recipient=recipient,
            due_at=due,
            now=NOW,
            payload={"text": f"hello from {key}"},
        )


def _state(tandem: Tandem, key: str) -> Delivery:
    with tandem.sessions() as session:
        return session.scalars(select(Delivery).where(Delivery.key == key)).one()


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
    assert (row.state, row.error, row.attempts) == ("failed", "channel_not_found", 1)
    deliver_due(tandem, NOW)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_server_errors_are_retried_on_a_later_pass(tandem: Tandem, fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", "internal_error", status=500, times=3)
    _plan(tandem, "note:flaky")
    first = deliver_due(tandem, NOW)
    assert first.sent == 0 and first.retrying == 1
    assert _state(tandem, "note:flaky").state == "planned"
    assert deliver_due(tandem, NOW + timedelta(minutes=1)).sent == 1
    assert len([c for c in fake_slack.calls_to("chat.postMessage") if c.ok]) == 1


def test_skipped_delivery_is_not_sent(tandem: Tandem, fake_slack: FakeSlack) -> None:
    _plan(tandem, "note:skip")
    with tandem.sessions.begin() as session:
        assert skip(session, "note:skip", "answered already")
    deliver_due(tandem, NOW)
    assert fake_slack.calls_to("chat.postMessage") == []
    assert _state(tandem, "note:skip").error == "answered already"
