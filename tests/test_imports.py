"""Importing pairs from a CSV: in Slack (modal, report, confirmation) and on the command line,
with the channels set up in the background through the outbox, at Slack's pace."""

from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.models import AuditEntry, Delivery, Pair, PairImport
from bot.scheduler.tick import run_pass
from bot.services.imports.file import import_file
from bot.services.imports.start import start_import
from tests.support.constants import OWNER
from tests.support.deliveries import plan_note
from tests.support.flows import (
    ANA,
    BEN,
    CAL,
    add_people,
    open_by_command,
    reply,
    state,
    text_value,
)
from tests.support.runner import RunningApp

ONE_BAD_ROW = (
    "mentor_email,mentee_email\n"
    "ana@example.com,ben@example.com\n"
    "zed@example.com,ben@example.com\n"
    "cal@example.com,BEN@example.com\n"
)


def _submit_csv(app: RunningApp, text: str) -> tuple[dict, dict]:
    """Open /mentor import, paste the CSV; return (the modal, the submission's answer)."""
    view = open_by_command(app, OWNER, "import")
    answer = app.driver.view_submission(OWNER, view, state(import_csv=text_value(text)))
    return view, (answer.json() if answer.body else {})


def _pairs(app: RunningApp) -> list[Pair]:
    with app.tandem.sessions() as session:
        return list(session.scalars(select(Pair).order_by(Pair.id)))


def _texts(view: dict) -> str:
    return "\n".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")


def test_a_csv_with_one_bad_row_is_reported_row_by_row(app: RunningApp) -> None:
    add_people(app)
    view, answer = _submit_csv(app, ONE_BAD_ROW)
    assert view["callback_id"] == "import_csv"
    assert answer["response_action"] == "update"
    assert "Checking 3 rows with Slack" in _texts(answer["view"])
    report = app.fake.wait_for("views.update")[0].args
    assert report["view_id"] == view["id"]
    shown = app.fake.views[view["id"]]
    text = _texts(shown)
    assert "I checked 3 rows: *2 can be added* and *1 cannot*." in text
    assert "Line 3: no one in this Slack workspace has the email `zed@example.com`." in text
    assert (shown["callback_id"], shown["submit"]["text"]) == (
        "import_confirm",
        "Add the valid rows",
    )
    assert _pairs(app) == []  # nothing is added before the owner confirms
    lookups = sorted(c.args["email"] for c in app.fake.calls_to("users.lookupByEmail"))
    assert lookups == ["ana@example.com", "ben@example.com", "cal@example.com", "zed@example.com"]

    confirmed = app.driver.view_submission(OWNER, shown, {}).json()
    assert confirmed["response_action"] == "update"
    assert _texts(confirmed["view"]).startswith("Adding 2 pairs...")
    app.fake.wait_for("views.update", count=2)
    assert _texts(app.fake.views[view["id"]]).startswith("*Added 2 pairs.* They are active now.")
    pairs = _pairs(app)
    assert [(p.mentor.user_id, p.mentee.user_id, p.status, p.setup_state) for p in pairs] == [
        (ANA, BEN, "active", "pending"),
        (CAL, BEN, "active", "pending"),
    ]
    assert pairs[1].mentor.tz == "Asia/Tokyo"  # from lookupByEmail, no users.info needed
    assert app.fake.calls_to("users.info") == []
    progress = app.fake.wait_for("chat.postMessage")[0]
    assert progress.args["channel"] == OWNER
    assert progress.args["text"].startswith("*Setting up pair channels:* 0 of 2 done.")
    with app.tandem.sessions() as session:
        job = session.scalars(select(PairImport)).one()
        assert (job.state, job.pair_count, job.problems[0]["line"]) == ("running", 2, 3)
        audit = session.scalars(select(AuditEntry)).one()
        assert (audit.action, audit.detail["pairs"], audit.detail["left_out"]) == (
            "pairs.import",
            2,
            1,
        )
    # confirming the same report again adds nothing, nor does starting it directly
    again = app.driver.view_submission(OWNER, shown, {}).json()
    assert "already started" in _texts(again["view"])
    assert start_import(app.tandem, job.id, OWNER, app.tandem.clock.now()) is None
    assert len(_pairs(app)) == 2


def test_background_set_up_with_progress_and_summary(app: RunningApp) -> None:
    add_people(app)
    _submit_csv(app, ONE_BAD_ROW)
    shown = app.fake.views[app.fake.wait_for("views.update")[0].args["view_id"]]
    app.driver.view_submission(OWNER, shown, {})
    app.fake.wait_for("chat.postMessage")
    now = app.tandem.clock.now()
    with app.tandem.sessions() as session:
        setups = session.scalars(select(Delivery).where(Delivery.kind == "pair_setup")).all()
        assert sorted(d.due_at - now for d in setups) == [timedelta(0), timedelta(seconds=3)]

    run_pass(app.tandem, now + timedelta(seconds=10))
    creates = app.fake.calls_to("conversations.create")
    assert sorted(c.args["name"] for c in creates) == ["mentoring-ana-ben", "mentoring-cal-ben"]
    pairs = _pairs(app)
    assert all(p.setup_state == "ready" and p.channel_id for p in pairs)
    for pair in pairs:
        [welcome] = app.fake.messages_in(pair.channel_id)
        assert welcome["metadata"]["event_payload"]["key"] == f"pair-setup:{pair.id}"
        assert app.fake.channels[pair.channel_id].members >= {pair.mentor.user_id, BEN}

    run_pass(app.tandem, now + timedelta(minutes=1))
    [update] = app.fake.calls_to("chat.update")
    assert update.args["text"] == "*Import finished:* 2 of 2 pair channels are set up."
    summary = app.fake.messages_in(app.fake.dm_with(OWNER))[-1]["text"]
    assert summary.startswith("*Your import is done.* 2 of 2 new pairs have their channel")
    with app.tandem.sessions() as session:
        assert session.scalars(select(PairImport)).one().state == "done"
    run_pass(app.tandem, now + timedelta(minutes=2))
    assert len(app.fake.calls_to("chat.update")) == 1  # nothing more to report


def test_failed_set_ups_are_retried_in_the_same_channel_or_reported(app: RunningApp) -> None:
    add_people(app)
    app.fake.add_user("UDEE00001", "dee", email="dee@example.com")
    text = "mentor_id,mentee_id\nUANA00001,UBEN00001\nUCAL00001,UDEE00001\n"
    _submit_csv(app, text)
    app.fake.wait_for("chat.postMessage")  # all rows valid: added at once, progress posted
    now = app.tandem.clock.now()
    # The first pair's invite fails once with an error worth retrying: the retry must use the
    # channel already made. The second pair's channel is refused for good.
    app.fake.fail("conversations.invite", "fatal_error")
    run_pass(app.tandem, now)
    first = _pairs(app)[0]
    assert first.channel_id is not None
    app.fake.fail("conversations.create", "restricted_action")
    run_pass(app.tandem, now + timedelta(minutes=1))
    run_pass(app.tandem, now + timedelta(minutes=2))
    ana_ben, cal_dee = _pairs(app)
    assert (ana_ben.setup_state, cal_dee.setup_state, cal_dee.channel_id) == (
        "ready",
        "failed",
        None,
    )
    ana_creates = [c for c in app.fake.calls_to("conversations.create") if "ana" in c.args["name"]]
    assert len(ana_creates) == 1  # the retry reused the channel it had made
    assert len(app.fake.messages_in(ana_ben.channel_id)) == 1
    summary = app.fake.messages_in(app.fake.dm_with(OWNER))[-1]["text"]
    assert "1 of 2 new pairs have their channel" in summary
    assert "• <@UCAL00001> and <@UDEE00001>: restricted_action" in summary


def test_bad_csv_shapes_are_errors_on_the_field(app: RunningApp) -> None:
    _, answer = _submit_csv(app, "mentor,mentee\nana@example.com,ben@example.com")
    assert answer["response_action"] == "errors"
    assert answer["errors"]["import_csv"].startswith("The first line must name the columns")
    _, answer = _submit_csv(app, "mentor_email,mentee_email\n\n")
    assert "no pairs under it" in answer["errors"]["import_csv"]
    with app.tandem.sessions() as session:
        assert session.scalars(select(PairImport)).all() == []


def test_import_is_for_owners(app: RunningApp) -> None:
    app.driver.command("UMEMBER01", "import")
    assert "is for program owners" in reply(app)["text"]
    assert app.fake.calls_to("views.open") == []


def _env(app: RunningApp) -> dict[str, str]:
    return {
        "DATABASE_URL": app.tandem.settings.database_url,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_API_URL": app.fake.api_url,
        "TANDEM_OWNERS": OWNER,
    }


def test_cli_import_reports_rows_and_adds_only_when_confirmed(
    app: RunningApp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_people(app)
    csv = tmp_path / "pairs.csv"
    csv.write_text(ONE_BAD_ROW)
    code = main(["pairs", "import", str(csv), "--team", "T0001"], env=_env(app))
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[:2] == [
        "Checked 3 rows: 2 can be added, 1 cannot.",
        "Line 3: no one in this Slack workspace has the email `zed@example.com`.",
    ]
    assert "add --yes to add the 2 valid rows" in out
    assert _pairs(app) == []
    code = main(["pairs", "import", str(csv), "--team", "T0001", "--yes"], env=_env(app))
    out = capsys.readouterr().out
    assert code == 0
    assert "Added 2 pairs. They are active now." in out
    assert [p.setup_state for p in _pairs(app)] == ["pending", "pending"]
    with app.tandem.sessions() as session:
        first_due = min(
            d.due_at for d in session.scalars(select(Delivery).where(Delivery.kind == "pair_setup"))
        )
    at = (first_due + timedelta(seconds=5)).isoformat().replace("+00:00", "Z")
    assert main(["tick", "--now", at], env=_env(app)) == 0
    tick = capsys.readouterr().out
    assert "deliveries: 3 sent" in tick or "deliveries: 2 sent" in tick
    assert [p.setup_state for p in _pairs(app)] == ["ready", "ready"]


def test_cli_refuses_bad_arguments(
    app: RunningApp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["pairs", "import", str(tmp_path / "none.csv"), "--team", "T0001"], env=_env(app)) == 2
    )
    assert capsys.readouterr().err.startswith("tandem: Cannot read")
    csv = tmp_path / "pairs.csv"
    csv.write_text("mentor_id,mentee_id\nUANA00001,UBEN00001\n")
    assert main(["pairs", "import", str(csv), "--team", "general"], env=_env(app)) == 2
    assert "is not a Slack workspace ID" in capsys.readouterr().err
    assert _pairs(app) == []


def test_hundreds_of_pairs_resolve_in_bulk_and_keep_slacks_pace(
    app: RunningApp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["mentor_id,mentee_id"]
    for n in range(25):
        app.fake.add_user(f"UM{n:07d}", f"mentor{n}")
        app.fake.add_user(f"UE{n:07d}", f"mentee{n}")
        lines.append(f"UM{n:07d},UE{n:07d}")
    csv = tmp_path / "many.csv"
    csv.write_text("\n".join(lines))
    assert main(["pairs", "import", str(csv), "--team", "T0001"], env=_env(app)) == 0
    assert "Added 25 pairs" in capsys.readouterr().out
    assert app.fake.calls_to("users.info") == []  # 50 people: one users.list read instead
    assert app.fake.calls_to("users.list")
    with app.tandem.sessions() as session:
        setups = session.scalars(select(Delivery).where(Delivery.kind == "pair_setup")).all()
    due = sorted(d.due_at for d in setups)
    # three seconds apart: no more than 20 conversations.create fall due in any minute
    assert {b - a for a, b in pairwise(due)} == {timedelta(seconds=3)}
    made = []
    for seconds in (0, 9):
        run_pass(app.tandem, due[0] + timedelta(seconds=seconds))
        made.append(len(app.fake.calls_to("conversations.create")))
    assert made == [1, 4]


SETUP = "pair_setup"


def _import_ids(app: RunningApp, count: int) -> None:
    """Import `count` pairs (by user ID) from the command line."""
    lines = ["mentor_id,mentee_id"]
    for n in range(count):
        app.fake.add_user(f"UM{n:07d}", f"mentor{n}")
        app.fake.add_user(f"UE{n:07d}", f"mentee{n}")
        lines.append(f"UM{n:07d},UE{n:07d}")
    result = import_file(
        app.tandem,
        team_id="T0001",
        text="\n".join(lines),
        confirm=True,
        notify_user=OWNER,
        now=app.tandem.clock.now(),
    )
    assert result.code == 0, result.lines


def test_set_ups_never_expire_and_never_hold_up_prompts(app: RunningApp) -> None:
    _import_ids(app, 6)
    with app.tandem.sessions() as session:
        first_due = min(
            session.scalars(select(Delivery.due_at).where(Delivery.kind == "pair_setup"))
        )
    # The scheduler was down for half a day; prompts fell due meanwhile too.
    later = first_due + timedelta(hours=13)
    for n in range(3):
        plan_note(app.tandem, f"note:prompt:{n}", f"UM{n:07d}", due=later - timedelta(minutes=1))
    before = len(app.fake.calls)
    run_pass(app.tandem, later)
    calls = [c.method for c in app.fake.calls[before:] if c.method != "users.list"]
    # Prompts first: the pass starts with a prompt, and no set-up starts before it.
    assert calls[0] == "chat.postMessage"
    assert calls.index("conversations.create") > 0
    with app.tandem.sessions() as session:
        states = session.scalars(select(Delivery.state).where(Delivery.kind == "pair_setup"))
        assert "missed" not in set(states)  # a set-up is never too late
    for minutes in range(1, 6):
        run_pass(app.tandem, later + timedelta(minutes=minutes))
    assert all(p.setup_state == "ready" for p in _pairs(app))


def test_a_workspace_that_forbids_channels_stops_the_set_up_once(app: RunningApp) -> None:
    _import_ids(app, 5)
    app.fake.fail("conversations.create", "restricted_action", times=50)
    with app.tandem.sessions() as session:
        first_due = min(
            session.scalars(select(Delivery.due_at).where(Delivery.kind == "pair_setup"))
        )
    for minutes in range(0, 3):
        run_pass(app.tandem, first_due + timedelta(minutes=minutes))
    assert len(app.fake.calls_to("conversations.create")) == 1  # not pair after pair
    assert all(p.setup_state == "failed" and p.channel_id is None for p in _pairs(app))
    blocked = [
        m["text"]
        for m in app.fake.messages_in(app.fake.dm_with(OWNER))
        if m["text"].startswith("I stopped setting up channels")
    ]
    assert len(blocked) == 1
    assert "Slack answered `restricted_action`" in blocked[0] and "5 pairs still have" in blocked[0]
