"""`tandem prompts check` and `preview`: the shipped prompts pass; a broken copy fails with
each problem's file and line; an owner's folder overrides file by file; the bot refuses to
start on broken prompts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.composer import Composer
from bot.listeners.registry import Listened
from bot.promptcheck.messages import check_messages
from bot.promptcheck.problems import Report, Samples
from bot.promptcheck.run import check_prompts
from bot.settings import load_settings

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


def _run(capsys: pytest.CaptureFixture[str], *argv: str, env: dict[str, str] | None = None):
    code = main(list(argv), env=env or {})
    out = capsys.readouterr()
    return code, out.out, out.err


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _only_warns(capsys: pytest.CaptureFixture[str], folder: Path, warning: str) -> None:
    """The check passes with this warning; with --strict, the warning fails it."""
    code, out, _ = _run(capsys, "prompts", "check", str(folder))
    assert code == 0
    assert any(line.startswith(warning) for line in out.splitlines())
    assert _run(capsys, "prompts", "check", "--strict", str(folder))[0] == 1


def test_the_shipped_prompts_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "prompts", "check")
    assert code == 0, out + err
    assert out.startswith("Prompts OK:")


def test_a_broken_copy_fails_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "prompts"
    shutil.copytree(PROMPTS, copy)
    # The welcome uses a value Tandem does not pass; pulse.j2 never closes its if; a word
    # list is no longer TOML at line 2.
    welcome = (PROMPTS / "welcome/welcome.j2").read_text().splitlines()
    mentoring = next(n for n, line in enumerate(welcome, 1) if "is mentoring" in line)
    _replace(copy / "welcome/welcome.j2", "is mentoring {{ mentee | mention }}", "{{ sponsor }}")
    with (copy / "checkins/pulse.j2").open("a") as handle:
        handle.write("{% if pulse %}thanks\n")
    _replace(
        copy / "pairs/words.toml",
        "\n",
        "\nbroken = \n",
    )

    code, out, _ = _run(capsys, "prompts", "check", str(copy))

    assert code == 1
    lines = out.splitlines()
    assert f"{copy}/welcome/welcome.j2:{mentoring}: UndefinedError: 'sponsor' is undefined" in lines
    pulse_lines = len((PROMPTS / "checkins/pulse.j2").read_text().splitlines()) + 1
    assert any(
        line.startswith(f"{copy}/checkins/pulse.j2:{pulse_lines}: TemplateSyntaxError")
        for line in lines
    )
    assert any(line.startswith(f"{copy}/pairs/words.toml:2: not valid TOML") for line in lines)


def test_a_button_label_longer_than_slack_takes_is_named_in_its_word_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = tmp_path / "mine"
    (owner / "welcome").mkdir(parents=True)
    label = "Set up our agreement: goals, rhythm, ground rules and everything else we need"
    (owner / "welcome/words.toml").write_text(f'# ours\nagreement_button = "{label}"\n')

    code, out, _ = _run(capsys, "prompts", "check", str(owner))

    assert code == 1
    assert (
        f"{owner}/welcome/words.toml:2: welcome: {len(label)} characters where Slack takes 75"
        in out
    )


def test_an_owner_folder_overrides_file_by_file(tmp_path: Path) -> None:
    owner = tmp_path / "mine"
    (owner / "pausing").mkdir(parents=True)
    (owner / "pausing/no_pair.j2").write_text("You have no pair to pause yet, friend.\n")
    settings = load_settings({"TANDEM_PROMPTS_DIR": str(owner)}, cwd=tmp_path)
    composer = Composer(override=settings.prompts_dir)

    assert composer.render("pausing/no_pair.j2") == "You have no pair to pause yet, friend."
    shipped = Composer().render("pausing/resumed.j2", was_paused=True)
    assert composer.render("pausing/resumed.j2", was_paused=True) == shipped
    assert check_prompts(composer).ok


def test_a_template_without_sample_data_is_named_with_its_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = tmp_path / "mine"
    (owner / "ideas").mkdir(parents=True)
    (owner / "ideas/idea.j2").write_text("{{ mentor | mention }}, try {{ idea }} this week.\n")

    _only_warns(
        capsys,
        owner,
        'warning: ideas/idea.j2: no sample data; add [template."ideas/idea.j2"] to '
        "prompts/samples.toml with idea, mentor",
    )


def test_every_action_id_needs_a_listener() -> None:
    composer = Composer()
    everything_but_paging = Listened()
    everything_but_paging.actions = ["agreement_open", "goals_edit", "goals_done_open"]
    report = Report()
    check_messages(composer, Samples(composer), everything_but_paging, report)
    assert any(
        "pairs_page: [ERROR] action_id pairs_page has no listener" in p.message
        for p in report.problems
    )


def test_tandem_refuses_to_start_on_broken_prompts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = tmp_path / "mine"
    (owner / "pausing").mkdir(parents=True)
    (owner / "pausing/no_pair.j2").write_text("line one\n{{ pair.mentor | mention }\n")
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tandem.db'}",
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "TANDEM_PROMPTS_DIR": str(owner),
    }
    code, _, err = _run(capsys, "tick", "--now", "2027-01-04T09:00:00Z", env=env)
    assert code == 2
    assert "the prompts have 1 problem(s)" in err
    assert f"{owner}/pausing/no_pair.j2:2: TemplateSyntaxError" in err


def test_preview_shows_readable_text_and_block_kit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "prompts", "preview", "checkin")
    assert code == 0
    readable, block_kit = out.split("== Block Kit ==")
    assert "What would make this mentorship worth your time" in readable
    assert "[1]  [2]  [3]  [4]  [5]" in readable
    blocks = json.loads(block_kit)["blocks"]
    assert blocks[0]["type"] == "section"
    code, out, _ = _run(capsys, "prompts", "preview", "pausing/no_pair.j2")
    assert code == 0 and '"type": "section"' in out
    assert _run(capsys, "prompts", "preview", "no_such_message")[0] == 1


def test_a_sample_out_of_date_is_a_warning_not_a_broken_prompt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The code passes a value the sample lacks (someone changed a template and its caller):
    the shipped template fails with the sample too, so the sample is at fault, not the
    prompts, and Tandem still starts."""
    owner = tmp_path / "mine"
    owner.mkdir()
    samples = (PROMPTS / "samples.toml").read_text()
    without = samples.replace('[template."members_only.j2"]\nname = "kudos"', "")
    stale = without + '\n[template."members_only.j2"]\nnom = "kudos"\n'
    (owner / "samples.toml").write_text(stale)

    _only_warns(
        capsys,
        owner,
        "warning: members_only.j2: its sample in prompts/samples.toml is out of date "
        "(UndefinedError: 'name' is undefined)",
    )
