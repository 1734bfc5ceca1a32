"""Milestones found twice at once count once; the celebration's reaction, including after a
send whose answer was lost, and Slack's documented reactions.add errors in the fake."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.context import Tandem
from bot.delivery.outbox import deliver_due
from bot.domain.states import CheckInState
from bot.models import CheckIn, Delivery, Milestone
from bot.sandbox import BOT_USER, FakeSlack
from bot.services.celebrations.passes import celebrate
from bot.services.celebrations.sending import find_celebration
from bot.slack.gateway import SlackFailure
from tests.support import factories

NOW = datetime(2027, 1, 12, 16, tzinfo=UTC)


def _answered_pair(tandem: Tandem, fake: FakeSlack) -> tuple[int, str]:
    """A pair whose first check-ins were both answered a minute ago."""
    for user in ("UMENTOR01", "UMENTEE01"):
        fake.add_user(user, user.lower())
    channel = fake.add_channel(
        "mentoring", private=True, members=(BOT_USER, "UMENTOR01", "UMENTEE01")
    )
    with tandem.sessions.begin() as session:
        mentor = factories.member(session, "UMENTOR01", now=NOW - timedelta(days=8))
        mentee = factories.member(session, "UMENTEE01", now=NOW - timedelta(days=8))
        pair = factories.pair(
            session, mentor, mentee, now=NOW - timedelta(days=8), channel_id=channel
        )
        for member in (mentor, mentee):
            session.add(
                CheckIn(
                    team_id="T0001",
                    pair_id=pair.id,
                    member_id=member.id,
                    role="mentor" if member is mentor else "mentee",
                    period="2027-01-12",
                    question_id="q1",
                    due_at=NOW - timedelta(hours=6),
                    state=CheckInState.ANSWERED,
                    pulse=4,
                    sent_at=NOW - timedelta(hours=6),
                    answered_at=NOW - timedelta(minutes=1),
                )
            )
        return pair.id, channel


def test_two_workers_finding_a_milestone_at_once_record_and_plan_it_once(
    tandem: Tandem, fake_slack: FakeSlack
) -> None:
    pair_id, _ = _answered_pair(tandem, fake_slack)
    start = threading.Barrier(2)
    lines: list[list[str]] = []

    def worker() -> None:
        start.wait()
        lines.append(celebrate(tandem, NOW))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(line[0] for line in lines) == ["milestones: 0 recorded", "milestones: 1 recorded"]
    with tandem.sessions() as session:
        assert [(m.pair_id, m.kind) for m in session.scalars(select(Milestone))] == [
            (pair_id, "first_checkin")
        ]
        keys = session.scalars(select(Delivery.key).where(Delivery.kind == "milestone")).all()
        assert keys == [f"milestone:{pair_id}:first_checkin"]


def test_an_unknown_emoji_never_stops_the_celebration(
    tandem: Tandem, fake_slack: FakeSlack
) -> None:
    _, channel = _answered_pair(tandem, fake_slack)
    fake_slack.emoji.discard("seedling")
    celebrate(tandem, NOW)
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.failed) == (1, 0)
    [message] = fake_slack.messages_in(channel)
    assert "reactions" not in message
    [reaction] = fake_slack.calls_to("reactions.add")
    assert reaction.response == {"ok": False, "error": "invalid_name"}


def test_a_celebration_found_after_a_lost_answer_gets_its_reaction_once(
    tandem: Tandem, fake_slack: FakeSlack
) -> None:
    _, channel = _answered_pair(tandem, fake_slack)
    celebrate(tandem, NOW)
    with tandem.sessions() as session:
        delivery = session.scalars(select(Delivery)).one()
    # Posted, but the worker died before it could react or record it.
    tandem.slack_for("T0001").post_message(
        channel,
        delivery.payload["text"],
        metadata={"event_type": "tandem_delivery", "event_payload": {"key": delivery.key}},
    )
    found = find_celebration(tandem, delivery)
    again = find_celebration(tandem, delivery)
    assert found is not None and again == found
    [message] = fake_slack.messages_in(channel)
    assert message["reactions"] == [{"name": "seedling", "users": [BOT_USER], "count": 1}]
    errors = [c.response.get("error") for c in fake_slack.calls_to("reactions.add")]
    assert errors == [None, "already_reacted"]


@pytest.mark.parametrize(
    ("channel", "ts", "name", "error"),
    [
        ("mine", "posted", "tada", "already_reacted"),
        ("mine", "posted", ":tada:", "invalid_name"),
        ("mine", "1.000001", "tada", "message_not_found"),
        ("C404", "posted", "tada", "channel_not_found"),
    ],
)
def test_the_fake_answers_reactions_add_as_slack_documents(
    tandem: Tandem, fake_slack: FakeSlack, channel: str, ts: str, name: str, error: str
) -> None:
    slack = tandem.slack_for("T0001")
    mine = fake_slack.add_channel("general", members=(BOT_USER,))
    posted = slack.post_message(mine, "hello")
    slack.react(mine, posted.ts, "tada")
    with pytest.raises(SlackFailure) as failure:
        slack.react(
            mine if channel == "mine" else channel, posted.ts if ts == "posted" else ts, name
        )
    assert failure.value.error == error
