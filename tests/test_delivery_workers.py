"""Several workers, and workers that die: every delivery is posted exactly once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import Engine, select

from bot.bootstrap import build_tandem
from bot.context import Tandem
from bot.db.engine import make_engine
from bot.delivery.claims import Lease, claim
from bot.delivery.outbox import DeliveryReport, deliver_due
from bot.models import Delivery, Member
from bot.sandbox import FakeSlack
from bot.settings import Settings
from bot.slack.gateway import delivery_metadata
from tests.support import factories
from tests.support.constants import BOT_TOKEN
from tests.support.deliveries import NOW, add_people, plan_note, posted_keys, row
from tests.support.waiting import PATIENCE, wait_until


def _all_keys(tandem: Tandem) -> list[str]:
    with tandem.sessions() as session:
        return sorted(session.scalars(select(Delivery.key)))


def _states(tandem: Tandem) -> set[str]:
    with tandem.sessions() as session:
        return set(session.scalars(select(Delivery.state)))


def test_two_workers_at_once_never_send_twice(
    settings: Settings, engine: Engine, tandem: Tandem, fake_slack: FakeSlack
) -> None:
    for person in add_people(fake_slack, 30):
        plan_note(tandem, f"note:{person}:a", person)
        plan_note(tandem, f"note:{person}:b", person)
    fake_slack.hang("chat.postMessage", 0.02, times=60)  # each post takes a moment
    other_engine = make_engine(settings.database_url)
    other = build_tandem(replace(settings, delivery_threads=3), engine=other_engine)
    reports: list[DeliveryReport] = []
    start = threading.Barrier(2)

    def work(worker: Tandem) -> None:
        start.wait()
        reports.append(deliver_due(worker, NOW))

    threads = [threading.Thread(target=work, args=(w,)) for w in (tandem, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    other_engine.dispose()

    assert sorted(posted_keys(fake_slack)) == _all_keys(tandem)  # each exactly once
    assert sum(r.sent for r in reports) == 60
    assert all(r.sent > 0 for r in reports), reports  # both really took part
    assert _states(tandem) == {"sent"}


def test_two_tick_processes_at_once_never_send_twice(
    database_url: str, engine: Engine, tandem: Tandem, fake_slack: FakeSlack
) -> None:
    for person in add_people(fake_slack, 20):
        plan_note(tandem, f"note:{person}", person)
    fake_slack.hang("chat.postMessage", 0.05, times=20)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": fake_slack.api_url,
        "TANDEM_DELIVERY_THREADS": "2",
    }
    command = [sys.executable, "-m", "bot", "tick", "--now", "2027-01-05T09:00:00Z"]
    processes = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert sorted(posted_keys(fake_slack)) == _all_keys(tandem)
    sent = [int(out.split("deliveries: ")[1].split(" sent")[0]) for out in outputs]
    assert sum(sent) == 20


def _dead_worker_token() -> str:
    """The claim token of a pass whose process has exited."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(child.stdout)
    return f"{socket.gethostname()}:{pid}/{pid}.1234/1"


def _claim_as(tandem: Tandem, key: str, token: str) -> None:
    with tandem.sessions.begin() as session:
        delivery = session.scalars(select(Delivery).where(Delivery.key == key)).one()
        delivery.state, delivery.claimed_by, delivery.claimed_at = "claimed", token, NOW


def test_rows_of_a_dead_worker_are_reconciled_from_message_metadata(
    tandem: Tandem, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("UANNA0001", "anna")
    fake_slack.add_user("UBEN00001", "ben")
    fake_slack.add_user("UCARA0001", "cara")
    with tandem.sessions.begin() as session:
        for user in ("UANNA0001", "UBEN00001", "UCARA0001"):
            factories.member(session, user, now=NOW)
    for key, person in (("note:anna", "UANNA0001"), ("note:ben", "UBEN00001")):
        plan_note(tandem, key, person)
    plan_note(tandem, "note:cara", "UCARA0001")  # an ordinary row: no history call for it
    # The dead worker got Anna's message out before it died, but not Ben's. Tandem knows
    # Ben's DM channel already; Anna was never reached, so her DM has to be opened.
    already = fake_slack.chat_postMessage(
        {
            "channel": "UANNA0001",
            "text": "hello from note:anna",
            "metadata": delivery_metadata("note", "note:anna"),
        }
    )
    ben_dm = fake_slack.dm_with("UBEN00001")
    with tandem.sessions.begin() as session:
        ben = session.scalars(select(Member).where(Member.user_id == "UBEN00001")).one()
        ben.dm_channel_id = ben_dm
    dead = _dead_worker_token()
    _claim_as(tandem, "note:anna", dead)
    _claim_as(tandem, "note:ben", dead)

    report = deliver_due(tandem, NOW)

    assert (report.taken_over, report.reconciled, report.sent) == (2, 1, 3)
    anna = row(tandem, "note:anna")
    assert (anna.state, anna.ts, anna.channel_id) == ("sent", already["ts"], already["channel"])
    assert row(tandem, "note:ben").state == "sent"
    assert sorted(posted_keys(fake_slack)) == ["note:anna", "note:ben", "note:cara"]
    posts = fake_slack.calls_to("chat.postMessage")
    assert sorted(c.args["channel"] for c in posts) == ["UBEN00001", "UCARA0001"]
    assert sorted(c.args["channel"] for c in fake_slack.calls_to("conversations.history")) == (
        sorted([already["channel"], ben_dm])
    )
    assert [c.args["users"] for c in fake_slack.calls_to("conversations.open")] == ["UANNA0001"]
    with tandem.sessions() as session:
        stored = session.scalar(select(Member.dm_channel_id).where(Member.user_id == "UANNA0001"))
    assert stored == already["channel"]


def test_claims_of_a_running_pass_are_left_alone(
    settings: Settings, tandem: Tandem, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("UANNA0001", "anna")
    plan_note(tandem, "note:anna", "UANNA0001")
    other = build_tandem(settings, engine=tandem.engine)
    with Lease(other) as lease:
        with other.sessions.begin() as session:
            [claimed] = claim(session, NOW, lease.token, 5)
        assert claimed.key == "note:anna"
        report = deliver_due(tandem, NOW)
        assert (report.taken_over, report.sent) == (0, 0)
        assert row(tandem, "note:anna").state == "claimed"
    # That pass ended without sending: its row is now abandoned, checked, and sent once.
    report = deliver_due(tandem, NOW)
    assert (report.taken_over, report.sent, report.reconciled) == (1, 1, 0)
    assert posted_keys(fake_slack) == ["note:anna"]


def test_a_tick_killed_mid_send_loses_nothing_and_sends_nothing_twice(
    database_url: str, tandem: Tandem, fake_slack: FakeSlack
) -> None:
    people = add_people(fake_slack, 6)
    for n, person in enumerate(people):
        plan_note(tandem, f"note:{n}", person, due=NOW - timedelta(minutes=6 - n))
    # The first post is carried out, but its answer never comes back before the kill.
    fake_slack.hang("chat.postMessage", 30)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": fake_slack.api_url,
        "TANDEM_DELIVERY_THREADS": "1",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "bot", "tick", "--now", "2027-01-05T09:00:00Z"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    fake_slack.wait_for("chat.postMessage")
    worker.kill()
    worker.wait(timeout=PATIENCE)
    assert "note:0" in posted_keys(fake_slack)
    assert row(tandem, "note:0").state == "claimed"

    taken = 0

    def next_pass() -> set[str]:  # the next pass, straight after the crash
        nonlocal taken
        taken += deliver_due(tandem, NOW).taken_over
        return _states(tandem)

    wait_until(next_pass, lambda states: states == {"sent"}, what="every row sent")
    assert taken >= 1
    assert sorted(posted_keys(fake_slack)) == [f"note:{n}" for n in range(6)]
    assert _states(tandem) == {"sent"}
