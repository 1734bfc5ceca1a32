"""Check-in prompts recorded as sent in one batch end as they would one by one, in a few
statements for the whole batch (the recorder marks up to 200 rows sent at once)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import Connection, Engine, event, select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.domain.schedule import reminder_at
from bot.domain.states import CheckInState, DeliveryState, Role
from bot.models import CheckIn, Delivery
from bot.services.checkins.keys import CHECKIN_KIND, REMINDER_KIND, checkin_key
from bot.services.checkins.sent import checkins_sent
from bot.slack.gateway import Posted
from tests.support import factories
from tests.support.checkins import utc

NOW = utc(2027, 1, 26, 9, 0)
WEEKS = (utc(2027, 1, 12, 9), utc(2027, 1, 19, 9), utc(2027, 1, 26, 9))
REMINDER = {"text": "A gentle reminder", "blocks": []}


def _checkin(session: Session, pair_id: int, member_id: int, due: datetime) -> CheckIn:
    checkin = CheckIn(
        team_id="T0001",
        pair_id=pair_id,
        member_id=member_id,
        role=Role.MENTOR,
        period=due.date().isoformat(),
        question_id="q",
        due_at=due,
        state=CheckInState.QUEUED,
    )
    session.add(checkin)
    session.flush()
    return checkin


def _delivery(session: Session, checkin: CheckIn, user_id: str) -> Delivery:
    delivery = Delivery(
        key=checkin_key(checkin.pair_id, checkin.member_id, checkin.period),
        team_id="T0001",
        kind=CHECKIN_KIND,
        recipient=user_id,
        payload={"text": "?", "reminder": REMINDER, "checkin": {"id": checkin.id, "tz": "UTC"}},
        due_at=checkin.due_at,
        state=DeliveryState.SENT,
        sent_at=NOW,
        attempts=1,
        uncertain=False,
        created_at=checkin.due_at,
    )
    session.add(delivery)
    session.flush()
    return delivery


def _seed(tandem: Tandem, people: int) -> list[tuple[int, int]]:
    """`people` mentors, each in a pair, each with three check-ins queued; the first
    week's already open with its reminder planned. Returns (delivery, checkin) IDs of the
    second and third weeks, in the order they were sent."""
    sent: list[tuple[int, int]] = []
    with tandem.sessions.begin() as session:
        for n in range(people):
            mentor = factories.member(session, f"UMENTOR{n:04d}", now=WEEKS[0])
            mentee = factories.member(session, f"UMENTEE{n:04d}", now=WEEKS[0])
            pair = factories.pair(session, mentor, mentee, now=WEEKS[0])
            first, *later = (_checkin(session, pair.id, mentor.id, due) for due in WEEKS)
            checkins_sent(session, [(_delivery(session, first, mentor.user_id), None)])
            for checkin in later:
                sent.append((_delivery(session, checkin, mentor.user_id).id, checkin.id))
    return sent


def _record(tandem: Tandem, sent: list[tuple[int, int]], *, batch: bool) -> int:
    """Record the prompts sent, in this order; how many statements the hooks ran."""
    with tandem.sessions.begin() as session:
        loaded = session.scalars(select(Delivery).where(Delivery.id.in_([d for d, _ in sent])))
        by_id = {delivery.id: delivery for delivery in loaded}
        rows: list[tuple[Delivery, Posted | None]] = [
            (by_id[d], Posted(channel=f"D{by_id[d].recipient[1:]}", ts=f"1700000000.{n:06d}"))
            for n, (d, _) in enumerate(sent)
        ]
        with _statements(session.get_bind()) as statements:
            if batch:
                checkins_sent(session, rows)
            else:
                for delivery, posted in rows:
                    checkins_sent(session, [(delivery, posted)])
            session.flush()
    return len(statements)


def _outcome(tandem: Tandem) -> list[tuple[object, ...]]:
    """Every check-in and reminder, as a person (or the next sweep) would find them."""
    with tandem.sessions() as session:
        checkins = [
            (c.period, c.state, c.remind_at, c.sent_at, c.channel_id is not None)
            for c in session.scalars(select(CheckIn).order_by(CheckIn.id))
        ]
        reminders = [
            (d.key.split(":", 1)[1], d.state, d.due_at, d.error)
            for d in session.scalars(
                select(Delivery).where(Delivery.kind == REMINDER_KIND).order_by(Delivery.key)
            )
        ]
    return [*checkins, *reminders]


@contextmanager
def _statements(engine: Engine | Connection) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.mark.parametrize("batch", [True, False], ids=["batch", "row-by-row"])
def test_later_prompts_supersede_the_earlier_ones_and_only_the_last_reminder_waits(
    tandem: Tandem, batch: bool
) -> None:
    sent = _seed(tandem, 2)
    _record(tandem, sent, batch=batch)

    outcome = _outcome(tandem)
    third = reminder_at(NOW, "UTC")
    for person in range(2):
        weeks = outcome[person * 3 : person * 3 + 3]
        assert [state for _, state, *_ in weeks] == [
            CheckInState.SUPERSEDED,
            CheckInState.SUPERSEDED,
            CheckInState.OPEN,
        ]
        assert [remind_at for _, _, remind_at, *_ in weeks] == [None, None, third]
    reminders = outcome[6:]
    assert len(reminders) == 6  # week 1's (planned before), weeks 2 and 3 of each person
    pending = [r for r in reminders if r[1] == DeliveryState.PLANNED]
    assert [due for _, _, due, _ in pending] == [third, third]
    assert all(
        r[3] == "superseded by the next check-in"
        for r in reminders
        if r[1] == DeliveryState.SKIPPED
    )


@pytest.mark.parametrize("batch", [True, False], ids=["batch", "row-by-row"])
def test_a_batch_costs_a_few_statements_whatever_its_size(tandem: Tandem, batch: bool) -> None:
    people = 30
    sent = _seed(tandem, people)
    # Each person's second week, then everyone's third, as a pass would send them.
    statements = _record(tandem, sent[0::2] + sent[1::2], batch=batch)

    outcome = _outcome(tandem)
    assert sum(state == CheckInState.OPEN for _, state, *_ in outcome[: people * 3]) == people
    assert sum(r[1] == DeliveryState.PLANNED for r in outcome[people * 3 :]) == people
    if batch:
        # The check-ins, the open ones, the reminders planned, the superseded ones'
        # reminders skipped, the check-ins updated (one executemany per set of columns).
        assert statements <= 8
    else:
        assert statements > people * 2 * 3
