"""`tandem demo`: the real bot plays eight weeks against the sandbox Slack, with no token, no
network (proxies point at a closed port) and no settings, and writes its transcript; the
transcript is opened in headless Chromium and read as a person would see it."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.png import colours

ROOT = Path(__file__).resolve().parent.parent
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens there
RAW = ('{"', '"type"', "{{", "{%", "action_id", "block_id", "mrkdwn", "plain_text", "}}")


@dataclass
class Played:
    code: int
    out: str
    err: str
    page: Path


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Played:
    """`tandem demo` with its defaults (eight weeks, three pairs), as a fresh process."""
    folder = tmp_path_factory.mktemp("demo")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "HTTPS_PROXY": CLOSED,
        "HTTP_PROXY": CLOSED,
        "https_proxy": CLOSED,
        "http_proxy": CLOSED,
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Played(done.returncode, done.stdout, done.stderr, folder / "tandem-demo.html")


def test_the_demo_plays_eight_weeks_and_prints_the_transcript(played: Played) -> None:
    assert played.code == 0, played.err
    out = played.out
    for week in range(1, 9):
        assert f"── week {week} of 8 ·" in out
    assert "Olivia Brandt types /mentor pair" in out
    assert "Ben Okafor clicks [Set up our agreement]" in out
    assert "Tandem opens a form for Ben Okafor: Your part as mentee" in out
    assert re.search(r"DM Ana Costa +Tandem: Time for your check-in with Ben", out)
    assert "buttons: [Reflect] [1] [2] [3] [4] [5]" in out
    assert "Ana Costa clicks [4]" in out
    assert 'Ana Costa submits "Your reflection"' in out
    assert "Ben Okafor: I wasn't sure what to ask Ana for." in out  # a reply in the DM
    assert "Ana Costa clicks [Remind me tomorrow]" in out
    assert "is still open" in out  # a reminder
    assert "Olivia Brandt types /mentor status" in out
    assert re.search(r"Mon 22 Feb 09:00  DM Olivia Brandt +Tandem: Good morning!", out)  # digest
    assert re.search(r"Tandem shares tandem-status-\S+\.csv, tandem-status-\S+\.png", out)
    assert "Kudos from @Ben Okafor to @Ana Costa" in out
    assert "#mentoring-wins" in out
    assert f"Transcript written to {played.page}" in out
    assert played.page.stat().st_size > 50_000
    assert '<img src="data:image/png;base64,' in played.page.read_text()  # the report's chart


def test_people_use_feedback_tips_readiness_handovers_and_self_assessment(
    played: Played,
) -> None:
    assert played.code == 0, played.err
    out = played.out
    # The feedback round: both sides give, both see each other's at the same moment.
    assert 'Ana Costa submits "Feedback"' in out and 'Ben Okafor submits "Feedback"' in out
    revealed = re.search(
        r"(\w{3} \d\d \w{3} \d\d:\d\d)  DM Ana Costa +Tandem: Feedback from @Ben", out
    )
    assert revealed, "Ana never got Ben's feedback"
    assert f"{revealed.group(1)}  DM Ben Okafor              Tandem: Feedback from @Ana" in out
    assert "Chloé Martin clicks [Let's talk about it]" in out
    assert "@Ana Costa read your feedback and answered: Thanks, this helps." in out  # how it landed
    assert "@Chloé Martin read your feedback and would like to talk about it." in out
    assert 'Ben Okafor submits "A note for yourself"' in out
    for silent in ("Hiro Tanaka", "Isha Rao"):  # the drifting pair gives none
        assert f"{silent} clicks [Give feedback]" not in out
    # Tips: one asked for and shared; the mentor's private coaching after the pulse fell.
    assert "Ben Okafor clicks [Share with my partner]" in out
    shared = (
        r"(.{16})  DM Ben Okafor +Ben Okafor clicks \[Share with my partner\]\n"
        r"\1  #mentoring-ana-ben +Tandem: Tip: "
    )
    assert re.search(shared, out)
    assert re.search(r"DM Chloé Martin +Tandem: A few ideas for your next conversation", out)
    # Readiness: both rate, both see the two sides.
    assert (
        "Ben Okafor clicks [Rate readiness]" in out and "Ana Costa clicks [Rate readiness]" in out
    )
    assert re.search(r"DM Ben Okafor +Tandem: 🧭 Readiness round 1: you have both rated", out)
    # Knowledge transfer: by command, and by the message shortcut on Ana's message.
    assert "Ana Costa types /mentor handover" in out
    assert 'Ben Okafor chooses "Log knowledge transfer" on a message' in out
    assert out.count("#mentoring-ana-ben         Tandem: 📚 Knowledge transfer logged by") == 2
    # The monthly look at their goals.
    assert 'Ben Okafor submits "How your goals are going"' in out


def test_the_transcript_is_slack_as_a_person_sees_it_in_chromium(
    played: Played, tmp_path: Path
) -> None:
    assert played.code == 0, played.err
    browser = _chromium()
    shot = tmp_path / "demo.png"
    _run(browser, "--window-size=1280,1600", f"--screenshot={shot}", played.page.as_uri())
    counted = colours(shot)
    commonest = counted.most_common(1)[0][1]
    assert len(counted) > 50 and commonest < 0.9 * sum(counted.values()), "a blank screenshot"

    text = _rendered_text(browser, played.page, tmp_path)
    for words in (
        "Set up our agreement",  # the welcome in the pair channel
        "Our mentorship agreement",  # the agreement, pinned
        "Time for your check-in",  # a check-in DM
        "is still open",  # its reminder
        "Saved as your reflection",  # a reply in the DM, kept as the reflection
        "shared a reflection",  # a reflection shared in the pair channel
        "Kudos from",  # kudos
        "🎯",  # a goal reached, celebrated
        "Program status",  # the owner's /mentor status
        "Here is your weekly look at the mentoring program",  # the owner's weekly digest
        ".png",  # the owner's report, its chart shown
        "Form shown to Olivia Brandt",  # a modal
        "Time for some feedback for",  # a feedback nudge
        "given in the same round as yours",  # feedback revealed to both at once
        "read your feedback and answered",  # how it landed, to the giver
        "Tip: ",  # a tip in a pair channel
        "Shared with your partner in #mentoring-ana-ben",  # /mentor tip, shared
        "A few ideas for your next conversation",  # a mentor's private coaching
        "you have both rated",  # the readiness reveal
        "Worth talking about next time: Decision making",  # two points apart
        "Knowledge transfer logged by",  # a handover
        "Your monthly look at your goals",  # the self-assessment DM ...
        "How your goals are going",  # ... and its form
    ):
        assert words in text, words
    assert re.search(r"Decision making: @Ben Okafor 2/5 · @Ana Costa 4/5", text)
    assert "Monday 04 January 2027" in text and "Tuesday 23 February 2027" in text
    assert "Week 8 · Mon 22 Feb 2027" in text
    for raw in RAW:
        assert raw not in text, f"{raw!r} is visible in the page"
    # User text is shown as written, never as markup.
    assert "& the team leaves with owners" in text


def test_bad_arguments_give_one_line_and_exit_code_2(tmp_path: Path) -> None:
    for args, expected in (
        (["--weeks", "0"], "tandem: --weeks 0 is outside 1 to 52.\n"),
        (["--weeks", "53"], "tandem: --weeks 53 is outside 1 to 52.\n"),
        (["--pairs", "0"], "tandem: --pairs 0 is outside 1 to 6.\n"),
        (
            ["--out", str(tmp_path / "missing" / "demo.html")],
            f"tandem: cannot write the transcript to {tmp_path / 'missing' / 'demo.html'}: "
            "No such file or directory.\n",
        ),
        (
            ["--out", str(tmp_path)],
            f"tandem: cannot write the transcript to {tmp_path}: it is a directory.\n",
        ),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "bot", "demo", *args],
            cwd=tmp_path,
            env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert (done.returncode, done.stderr, done.stdout) == (2, expected, ""), args
    assert list(tmp_path.iterdir()) == []


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    message = "headless Chromium is not installed (apt-get install -y chromium; .ci/run does it)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _run(browser: str, *args: str) -> str:
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# Run in a copy of the page: the text as the browser lays it out (innerText leaves out what
# CSS hides), put where --dump-dom prints it.
_READER = """<script>
document.addEventListener("DOMContentLoaded", () => {
  const seen = document.body.innerText;
  const pre = document.createElement("pre");
  pre.id = "rendered";
  pre.textContent = seen;
  document.body.replaceChildren(pre);
});
</script>"""


def _rendered_text(browser: str, page: Path, folder: Path) -> str:
    copy = folder / "read.html"
    copy.write_text(page.read_text(encoding="utf-8").replace("</head>", _READER + "</head>"))
    dom = _run(browser, "--dump-dom", copy.as_uri())
    found = re.search(r'<pre id="rendered">(.*?)</pre>', dom, re.S)
    assert found, dom[:500]
    return html.unescape(found.group(1))


def test_a_crash_names_the_step_it_was_playing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import cli
    from bot.demo import play

    def broken_pass(*_: object) -> list[str]:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(play, "run_pass", broken_pass)
    out = tmp_path / "demo.html"
    code = cli.main(["demo", "--weeks", "1", "--pairs", "1", "--out", str(out)])
    assert code == 1
    assert capsys.readouterr().err == (
        "tandem demo: Mon 04 Jan 2027 09:00 UTC: a scheduler pass failed: "
        "RuntimeError: the disk is full\n"
    )
    assert not out.exists()
