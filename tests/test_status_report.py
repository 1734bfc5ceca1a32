"""`/mentor report` end to end: the CSV and the PNG reach the owner's DM through Slack's
upload steps, with figures counted here from the seed, no value a spreadsheet would run,
and no word of a reflection or of feedback; `tandem report` writes the same files."""

from __future__ import annotations

import contextlib
import csv
import io
import zlib
from datetime import timedelta
from pathlib import Path

from bot.cli import main
from bot.models import Member
from bot.sandbox.files import Upload
from bot.services.status.export import weekly
from tests.support.checkins import utc
from tests.support.constants import BOT_TOKEN, OWNER
from tests.support.flows import reply
from tests.support.runner import RunningApp
from tests.support.status import MARKER, NOW, START, Seeded, seed_pair, seed_program
from tests.support.waiting import wait_until

PNG = b"\x89PNG\r\n\x1a\n"
NAMES = {  # display names a spreadsheet would take for formulas
    "UMENTOR01": '=HYPERLINK("http://example.com","x")',
    "UMENTEE01": "@ana",
    "UMENTOR02": "+1 boss",
    "UMENTEE02": "-5 points",
}


def _command(app: RunningApp, user: str, text: str) -> str:
    before = len(app.fake.calls_to("response_url"))
    app.tandem.clock.at = NOW  # type: ignore[attr-defined]
    app.driver.command(user, text)
    return str(reply(app, before + 1)["text"])


def _uploaded(app: RunningApp) -> list[Upload]:
    dm = app.fake.dm_with(OWNER)
    return wait_until(lambda: app.fake.files_in(dm), lambda f: len(f) == 2, what="2 files")


def _png_texts(data: bytes) -> list[tuple[bytes, bytes]]:
    """Every chunk type of the PNG, with the text of the text chunks (tEXt, zTXt, iTXt)."""
    assert data.startswith(PNG)
    chunks, at = [], len(PNG)
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"zTXt":
            name, _, packed = body.partition(b"\0")
            body = name + b"\0" + zlib.decompress(packed[1:])
        chunks.append((kind, body if kind in (b"tEXt", b"zTXt", b"iTXt") else b""))
        at += 12 + length
    return chunks


def _last4(seeded: Seeded, role: int) -> str:
    """The share a member answered in the pair's last 4 closed rounds, in %, from the seed."""
    answers = [r[role] for r in seeded.rounds[-4:]]
    return str(round(100 * sum(a is not None for a in answers) / len(answers)))


def test_the_owner_gets_the_csv_and_the_chart_in_their_dm(app: RunningApp, tmp_path: Path) -> None:
    seeded = seed_program(app)
    with app.tandem.sessions.begin() as session:
        for member in session.query(Member).filter(Member.user_id.in_(NAMES)):
            member.display_name = NAMES[member.user_id]
    said = _command(app, OWNER, "report")
    assert said.startswith("I am putting the report together")
    table, chart = _uploaded(app)
    assert (table.filename, chart.filename) == (
        "tandem-status-T0001-2027-03-01.csv",
        "tandem-status-T0001-2027-03-01.png",
    )
    assert table.length == len(table.data or b"") and chart.length == len(chart.data or b"")
    [shared] = [m for m in app.fake.messages_in(app.fake.dm_with(OWNER)) if m.get("files")]
    assert shared["text"].startswith("Here is the program report")
    rows = {int(r["pair"]): r for r in csv.DictReader(io.StringIO(table.data.decode()))}
    assert len(rows) == 11
    first, second = rows[seeded["thriving"].pair_id], rows[seeded["silent"].pair_id]
    assert (first["mentor"], first["mentee"]) == (f"'{NAMES['UMENTOR01']}", "'@ana")
    assert (second["mentor"], second["mentee"]) == ("'+1 boss", "'-5 points")
    for name, pair in seeded.items():
        row = rows[pair.pair_id]
        if pair.rounds:
            assert row["mentor answered, last 4 periods (%)"] == _last4(pair, 0), name
            assert row["mentee answered, last 4 periods (%)"] == _last4(pair, 1), name
        assert row["rounds sent"] == str(len(pair.rounds) + pair.open_round), name
    reasons = {name: rows[s.pair_id]["needs attention"] for name, s in seeded.items()}
    assert reasons == {
        "thriving": "",
        "silent": "neither has answered a check-in for 2 periods",
        "pulse_fell": "a trust pulse fell by 1.5 or more over 3 periods",
        "one_silent": "one answers while the other has gone quiet",
        "perception_gap": "their trust pulses differ by 2 or more",
        "no_feedback": "no feedback in 6 weeks",
        "no_agreement": "no agreement after 2 weeks",
        "new": "",
    }
    gap = rows[seeded["perception_gap"].pair_id]
    assert (gap["mentor pulse, last 4 periods"], gap["mentee pulse, last 4 periods"]) == (
        "4.8",
        "3.0",
    )
    assert (gap["feedback to mentee, 30 days"], gap["feedback to mentor, 30 days"]) == ("1", "0")
    assert rows[seeded["thriving"].pair_id]["milestones"] == "1"
    kinds = [kind for kind, _ in _png_texts(chart.data or b"")]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    for data in (table.data or b"", chart.data or b""):
        assert MARKER.encode() not in data
    assert all(MARKER.encode() not in text for _, text in _png_texts(chart.data or b""))
    assert MARKER not in app.fake.all_text()
    # `tandem report` writes the same files
    env = {
        "DATABASE_URL": app.tandem.settings.database_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": app.fake.api_url,
    }
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        argv = ["report", "--team", "T0001", "--out", str(tmp_path), "--now", "2027-03-01T10:00Z"]
        assert main(argv, env=env) == 0
    assert f"wrote {tmp_path / table.filename}" in out.getvalue()
    assert (tmp_path / table.filename).read_bytes() == table.data
    assert (tmp_path / chart.filename).read_bytes().startswith(PNG)


def test_a_refused_upload_is_explained_and_members_cannot_ask(app: RunningApp) -> None:
    seed_pair(app, 1, started=START, rounds=[(4, 4)] * 3)
    assert "is for program owners" in _command(app, "UMENTEE01", "report")
    assert "takes nothing after it" in _command(app, OWNER, "report now")
    app.fake.fail("files.completeUploadExternal", "file_not_found")
    _command(app, OWNER, "report")
    [told] = app.fake.wait_for(
        "chat.postMessage", lambda c: "could not upload the program report" in c.args["text"]
    )
    assert told.args["channel"] == OWNER and "`file_not_found`" in told.args["text"]
    assert app.fake.files_in(app.fake.dm_with(OWNER)) == []


def test_the_chart_shows_each_week_before_the_current_one(app: RunningApp) -> None:
    # rounds due on 11, 18 and 25 January; the last one is the current week's, still open
    seed_pair(app, 1, started=START, rounds=[(4, None), (2, 4)], open_round=True)
    seed_pair(app, 2, started=START, rounds=[(None, None), (5, "r")])
    at = utc(2027, 1, 26, 10)
    with app.tandem.sessions() as session:
        weeks, rates, pulses = weekly(session, "T0001", at)
    assert weeks[-1] == at - timedelta(weeks=2) and len(weeks) == 12
    assert rates[-2:] == [1 / 4, 1.0] and pulses[-2:] == [4.0, 11 / 3]
    assert set(rates[:-2]) == {None}
