"""A member who left the workspace: their pairs pause and each owner is told once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from bot.context import Tandem
from bot.delivery.outbox import deliver_due
from bot.models import AuditEntry, CheckIn, Delivery, Member, Pair
from bot.sandbox import FakeSlack
from bot.scheduler.tick import run_pass
from bot.services.checkins.keys import reminder_key
from tests.support import factories
from tests.support.constants import OWNER
from tests.support.deliveries import NOW, plan_note, row

CREATOR = "UCREATOR1"


def _notices(fake: FakeSlack, owner: str) -> list[dict]:
    return [
        m
        for m in fake.messages_in(fake.dm_with(owner))
        if m.get("metadata", {}).get("event_payload", {}).get("kind") == "member_left"
    ]


def test_a_member_who_left_pauses_their_pairs_and_owners_hear_once(
    tandem: Tandem, fake_slack: FakeSlack
) -> None:
    """Slack takes posts to a deactivated member's DM (python-slack-sdk#1156): Tandem learns
    of the departure from users.list (`deleted: true`) in the pass's member refresh, before
    anything is sent, and sends them nothing more."""
    fake_slack.add_user("UMAYA0001", "maya")
    fake_slack.add_user("UTHEO0001", "theo", deleted=True)
    fake_slack.add_user("URUTH0001", "ruth")
    fake_slack.add_user(CREATOR, "cleo")
    with tandem.sessions.begin() as session:
        maya = factories.member(session, "UMAYA0001", now=NOW)
        theo = factories.member(session, "UTHEO0001", now=NOW)
        ruth = factories.member(session, "URUTH0001", now=NOW)
        created = factories.pair(session, maya, theo, now=NOW)
        created.created_by = CREATOR
        factories.pair(session, ruth, theo, now=NOW)  # no creator: TANDEM_OWNERS hear
        untouched = factories.pair(session, maya, ruth, now=NOW)
        untouched_id = untouched.id
    plan_note(tandem, "note:theo", "UTHEO0001")
    plan_note(tandem, "note:theo:later", "UTHEO0001", due=NOW + timedelta(hours=1))
    plan_note(tandem, "note:maya", "UMAYA0001")

    lines = run_pass(tandem, NOW)

    assert "deliveries: 3 sent, 0 failed, 0 to retry, 0 missed" in lines  # Maya + 2 owners
    for key in ("note:theo", "note:theo:later"):
        skipped = row(tandem, key)
        assert (skipped.state, skipped.error) == ("skipped", "not sent: deactivated in Slack")
    assert fake_slack.calls_to("chat.postMessage", channel="UTHEO0001") == []
    with tandem.sessions() as session:
        statuses = dict(session.execute(select(Pair.id, Pair.status)).all())
        assert session.scalar(select(Member.deleted).where(Member.user_id == "UTHEO0001"))
        audits = session.scalars(select(AuditEntry.action)).all()
    assert sorted(statuses.values()) == ["active", "paused", "paused"]
    assert statuses[untouched_id] == "active"
    assert audits == ["pair.paused", "pair.paused"]

    [to_creator] = _notices(fake_slack, CREATOR)
    assert "<@UTHEO0001> has left the workspace" in to_creator["text"]
    assert "<@UMAYA0001> (mentor) and <@UTHEO0001> (mentee)" in to_creator["text"]
    assert "<@URUTH0001>" not in to_creator["text"]
    [to_owner] = _notices(fake_slack, OWNER)
    assert "<@URUTH0001> (mentor) and <@UTHEO0001> (mentee)" in to_owner["text"]

    # Whatever is planned for Theo later is not sent, and nobody is told a second time.
    plan_note(tandem, "note:theo:again", "UTHEO0001", due=NOW + timedelta(minutes=5))
    again = deliver_due(tandem, NOW + timedelta(minutes=5))
    assert (again.failed, again.paused_pairs, again.sent) == (0, 0, 0)
    assert row(tandem, "note:theo:again").state == "skipped"
    assert fake_slack.calls_to("chat.postMessage", channel="UTHEO0001") == []
    assert len(_notices(fake_slack, CREATOR)) == 1
    assert len(_notices(fake_slack, OWNER)) == 1


def test_a_member_who_left_while_a_send_was_in_doubt(tandem: Tandem, fake_slack: FakeSlack) -> None:
    fake_slack.add_user("UMAYA0001", "maya")
    fake_slack.add_user("UTHEO0001", "theo", deleted=True)
    with tandem.sessions.begin() as session:
        maya = factories.member(session, "UMAYA0001", now=NOW)
        theo = factories.member(session, "UTHEO0001", now=NOW)
        factories.pair(session, maya, theo, now=NOW)
    plan_note(tandem, "note:theo", "UTHEO0001")
    with tandem.sessions.begin() as session:  # its first send may have reached Slack
        session.execute(update(Delivery).where(Delivery.key == "note:theo").values(uncertain=True))
    report = deliver_due(tandem, NOW)
    assert (report.failed, report.paused_pairs) == (1, 1)
    assert row(tandem, "note:theo").error == (
        "user_disabled: this person's Slack account has been deactivated"
    )
    assert fake_slack.calls_to("chat.postMessage", channel="UTHEO0001") == []
    assert len(_notices(fake_slack, OWNER)) == 1


def _pass(tandem: Tandem, at: datetime) -> list[str]:
    return run_pass(tandem, at)


def test_the_daily_refresh_sees_a_deactivated_member_and_pauses_their_pair_once(
    tandem: Tandem, fake_slack: FakeSlack
) -> None:
    """Slack accepts DMs to a deactivated member (python-slack-sdk#1156), so the outbox never
    hears of it: users.list's `deleted: true` is how Tandem learns someone left."""
    fake_slack.add_user("UMAYA0001", "maya")
    fake_slack.add_user("UTHEO0001", "theo")
    fake_slack.add_user(CREATOR, "cleo")
    with tandem.sessions.begin() as session:
        maya = factories.member(session, "UMAYA0001", now=NOW)
        theo = factories.member(session, "UTHEO0001", now=NOW)
        pair = factories.pair(session, maya, theo, now=NOW)
        pair.created_by = CREATOR
        pair_id = pair.id
        open_checkin = CheckIn(
            team_id="T0001",
            pair_id=pair_id,
            member_id=maya.id,
            role="mentor",
            period="2027-01-05",
            question_id="q",
            due_at=NOW,
            state="open",
            sent_at=NOW,
            remind_at=NOW + timedelta(days=1),
        )
        session.add(open_checkin)
        session.flush()
        reminder = str(reminder_key(open_checkin))
    plan_note(tandem, "checkin-reminder:maya", "UMAYA0001", due=NOW + timedelta(days=1))
    with tandem.sessions.begin() as session:  # Maya's pending check-in reminder
        session.execute(
            update(Delivery).where(Delivery.key == "checkin-reminder:maya").values(key=reminder)
        )
    plan_note(tandem, "note:theo:later", "UTHEO0001", due=NOW + timedelta(hours=2))
    fake_slack.users["UTHEO0001"]["deleted"] = True  # Theo's account is deactivated

    lines = _pass(tandem, NOW)

    assert "members: 2 refreshed from users.list, 0 time zone(s) changed, 1 left" in lines
    with tandem.sessions() as session:
        assert session.get(Pair, pair_id).status == "paused"  # type: ignore[union-attr]
        audits = session.scalars(select(AuditEntry.action)).all()
    assert audits == ["pair.paused"]
    assert row(tandem, "note:theo:later").state == "skipped"
    # The one pause path: the partner's pending reminder is held too.
    assert row(tandem, reminder).state == "skipped"
    [notice] = _notices(fake_slack, CREATOR)
    assert notice["text"].startswith(
        "<@UTHEO0001> has left the workspace: Slack now shows their account as deactivated."
    )
    # The next days' refreshes tell nobody again.
    _pass(tandem, NOW + timedelta(days=1, minutes=1))
    assert len(_notices(fake_slack, CREATOR)) == 1

    # Theo comes back: the owner is told and decides; the pair stays paused.
    fake_slack.users["UTHEO0001"]["deleted"] = False
    lines = _pass(tandem, NOW + timedelta(days=2, minutes=2))
    assert "members: 2 refreshed from users.list, 0 time zone(s) changed, 1 returned" in lines
    with tandem.sessions() as session:
        assert session.get(Pair, pair_id).status == "paused"  # type: ignore[union-attr]
        assert not session.scalar(select(Member.deleted).where(Member.user_id == "UTHEO0001"))
    [back] = [
        m
        for m in fake_slack.messages_in(fake_slack.dm_with(CREATOR))
        if m.get("metadata", {}).get("event_payload", {}).get("kind") == "member_returned"
    ]
    assert back["text"].startswith("<@UTHEO0001> is back in the workspace")
    assert "`/mentor resume <@UMAYA0001> <@UTHEO0001>` starts it again" in back["text"]
