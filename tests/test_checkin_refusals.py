"""Bad input on check-ins: over-long and empty reflections, stale and foreign clicks, Unicode."""

import json
import shutil
from pathlib import Path

from sqlalchemy import select

from bot.composer import Composer
from bot.models import CheckIn, Pair
from bot.paths import prompts_dir
from bot.scheduler.tick import run_pass
from tests.support.checkins import (
    CREATED,
    MENTEE,
    MENTOR,
    checkin_of,
    click_in_dm,
    eventually,
    open_reflection,
    prompt_both,
    seed_pair,
    submit_reflection,
    tick,
    utc,
)
from tests.support.flows import checkboxes, reply, state, text_value
from tests.support.runner import RunningApp


def _click(app: RunningApp, user: str, action_id: str, checkin: CheckIn, value: str = "") -> str:
    """Click a control in the DM; the text of the ephemeral refusal that answered it."""
    before = len(app.fake.calls_to("response_url"))
    click_in_dm(app, user, action_id, checkin, value=value or str(checkin.id))
    answer = reply(app, before + 1)
    assert answer["response_type"] == "ephemeral" and answer.get("replace_original") is False
    return str(answer["text"])


def _snapshot(app: RunningApp) -> list[tuple]:
    with app.tandem.sessions() as session:
        rows = session.scalars(select(CheckIn).order_by(CheckIn.id))
        return [(c.id, c.state, c.pulse, c.reflection, c.shared, c.remind_at) for c in rows]


def _click(app: RunningApp, user: str, action_id: str, checkin: CheckIn, value: str = "") -> str:
    before = len(app.fake.calls_to("response_url"))
    app.driver.block_action(
        user,
        action_id,
        value=value or str(checkin.id),
        channel=checkin.channel_id,
        message_ts=checkin.message_ts,
    )
    answer = reply(app, before + 1)
    assert answer["response_type"] == "ephemeral" and answer.get("replace_original") is False
    return str(answer["text"])


def test_a_reflection_longer_than_slack_allows_is_refused_with_the_limit(
    app: RunningApp,
) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTEE)
    view = open_reflection(app, MENTEE, checkin)
    before = _snapshot(app)
    answer = submit_reflection(app, MENTEE, view, "x" * 3001)
    assert answer["response_action"] == "errors"
    message = answer["errors"]["reflection"]
    assert "3,000 characters" in message and "3,001" in message
    assert _snapshot(app) == before
    assert submit_reflection(app, MENTEE, view, "y" * 3000) == {}  # exactly the limit is fine
    assert eventually(app, MENTEE, lambda c: c.reflection is not None).reflection == "y" * 3000


def test_an_empty_reflection_is_refused(app: RunningApp) -> None:
    prompt_both(app)
    view = open_reflection(app, MENTEE, checkin_of(app, MENTEE))
    before = _snapshot(app)
    for blank in ("", "   \n\t  "):
        answer = submit_reflection(app, MENTEE, view, blank)
        assert answer["response_action"] == "errors"
        assert answer["errors"]["reflection"].startswith("Please write at least a few words")
    assert _snapshot(app) == before


def test_a_click_on_someone_elses_check_in_changes_nothing(app: RunningApp) -> None:
    prompt_both(app)
    mentors = checkin_of(app, MENTOR)
    before = _snapshot(app)
    for action in ("checkin_pulse_1", "checkin_skip", "checkin_remind", "checkin_reflect"):
        text = _click(app, MENTEE, action, mentors)
        assert text == "That check-in belongs to someone else, so I did not change anything."
    assert _snapshot(app) == before
    assert app.fake.calls_to("chat.update") == [] and app.fake.calls_to("views.open") == []


def test_a_click_on_a_superseded_check_in_is_explained(app: RunningApp) -> None:
    prompt_both(app)
    old = checkin_of(app, MENTOR)
    tick(app, utc(2027, 1, 19, 9))  # the next check-in supersedes it
    assert checkin_of(app, MENTOR).id != old.id
    before = _snapshot(app)
    text = _click(app, MENTOR, "checkin_pulse_3", old)
    assert text.startswith("This check-in closed when a newer one arrived")
    assert _snapshot(app) == before


def test_a_check_in_answered_and_then_superseded_cannot_be_changed(app: RunningApp) -> None:
    prompt_both(app)
    old = checkin_of(app, MENTOR)
    view = open_reflection(app, MENTOR, old)
    tick(app, utc(2027, 1, 19, 9))
    # The modal was still open when the next check-in arrived: the words stay in it.
    answer = submit_reflection(app, MENTOR, view, "Written while the week rolled over")
    assert answer["response_action"] == "errors"
    assert "closed when a newer one arrived" in answer["errors"]["reflection"]
    assert "Copy your words" in answer["errors"]["reflection"]


def test_a_click_in_an_ended_pair_is_explained(app: RunningApp) -> None:
    pair_id, _ = prompt_both(app)
    with app.tandem.sessions.begin() as session:
        pair = session.get_one(Pair, pair_id)
        pair.status, pair.ended_at = "ended", utc(2027, 1, 12, 15, 30)
    checkin = checkin_of(app, MENTEE)
    before = _snapshot(app)
    text = _click(app, MENTEE, "checkin_pulse_5", checkin)
    assert text.startswith("This mentorship pair has ended")
    assert _snapshot(app) == before


def test_a_click_with_an_unknown_check_in_is_explained(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTEE)
    for value in ("999999", "not-a-number"):
        text = _click(app, MENTEE, "checkin_pulse_5", checkin, value=value)
        assert text == "I could not find that check-in, so nothing was changed."


def test_an_answered_check_in_cannot_be_skipped(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTEE)
    click_in_dm(app, MENTEE, "checkin_pulse_4", checkin)
    eventually(app, MENTEE, lambda c: c.state == "answered")
    text = _click(app, MENTEE, "checkin_skip", checkin)
    assert text.startswith("You have already answered this check-in, so there is nothing to skip")
    assert checkin_of(app, MENTEE).state == "answered"


UNICODE = "Дякую 🙏🏽 — שלום, ‏مرحبا‎ 👩🏾‍💻 café ﷽ e\u0301 \u200b tab\tend"


def test_unicode_emoji_and_right_to_left_text_round_trip_unchanged(app: RunningApp) -> None:
    prompt_both(app)
    checkin = checkin_of(app, MENTEE)
    assert submit_reflection(app, MENTEE, open_reflection(app, MENTEE, checkin), UNICODE) == {}
    assert eventually(app, MENTEE, lambda c: c.reflection is not None).reflection == UNICODE
    mentor = checkin_of(app, MENTOR)
    app.driver.direct_message(MENTOR, UNICODE + " <&>")
    stored = eventually(app, MENTOR, lambda c: c.reflection is not None)
    assert stored.id == mentor.id and stored.reflection == UNICODE + " <&>"


def test_a_reply_when_no_check_in_is_open_is_not_kept(app: RunningApp) -> None:
    seed_pair(app)
    tick(app, CREATED)
    _, ts = app.driver.direct_message(MENTOR, "hello?")
    [answer] = app.fake.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") == ts)
    assert "none is open right now, so I did not keep this" in answer.args["text"]
    assert "Your next check-in arrives on Tuesday 12 January at 10:00." in answer.args["text"]
    app.fake.add_user("USTRANGER", "stranger")
    _, ts = app.driver.direct_message("USTRANGER", "hi")
    [answer] = app.fake.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") == ts)
    assert "you are not in a mentorship pair yet" in answer.args["text"]
    # The answers above are sent after the decision to keep nothing was carried out.
    with app.tandem.sessions() as session:
        assert (
            session.scalars(select(CheckIn.reflection).where(CheckIn.reflection.is_not(None))).all()
            == []
        )


def test_sharing_without_a_pair_channel_is_explained_and_stays_private(app: RunningApp) -> None:
    seed_pair(app, channel=False)
    for when in (CREATED, utc(2027, 1, 12, 9)):
        tick(app, when)
    checkin = checkin_of(app, MENTOR)
    before = len(app.fake.calls_to("response_url"))
    app.driver.block_action(
        MENTOR,
        "checkin_share",
        block_id=f"checkin_controls:{checkin.id}",
        selected_options=[{"value": "share"}],
        channel=checkin.channel_id,
        message_ts=checkin.message_ts,
    )
    answer = reply(app, before + 1)
    assert answer["text"].startswith("Your pair has no channel yet")
    assert checkin_of(app, MENTOR).shared is False
    # The DM is updated with the box unticked, under a new block_id: Slack keeps what was
    # clicked in an input whose block_id stays the same across chat.update.
    [update] = app.fake.wait_for_update()
    controls = [b for b in update.args["blocks"] if b.get("type") == "actions"][-1]
    assert controls["block_id"] == f"checkin_controls:{checkin.id}:1"
    [share] = [e for e in controls["elements"] if e["action_id"] == "checkin_share"]
    assert "initial_options" not in share
    view = open_reflection(app, MENTOR, checkin)
    response = app.driver.view_submission(
        MENTOR,
        view,
        state(reflection=text_value("Worth sharing"), reflection_share=checkboxes("share")),
    )
    errors = json.loads(response.body)["errors"]
    assert errors["reflection_share"].startswith("Your pair has no channel yet")
    assert checkin_of(app, MENTOR).reflection is None


def test_a_broken_questions_file_holds_prompts_back_without_losing_them(
    app: RunningApp, tmp_path: Path
) -> None:
    seed_pair(app)
    tick(app, CREATED)
    broken = tmp_path / "prompts"
    shutil.copytree(prompts_dir(), broken)
    (broken / "checkins" / "questions.toml").write_text('[[question]]\nid = "x"\nstage = "soon"\n')
    good = app.tandem.composer
    app.tandem.composer = Composer(broken)
    lines = run_pass(app.tandem, utc(2027, 1, 12, 9))
    assert any("not queued: prompts/checkins/questions.toml" in line for line in lines)
    assert any(line.startswith("deliveries:") for line in lines)  # the rest of the pass ran
    with app.tandem.sessions() as session:
        states = set(session.scalars(select(CheckIn.state)))
    assert states == {"planned"}
    app.tandem.composer = good  # fixed within 12 hours: the prompt still goes out
    run_pass(app.tandem, utc(2027, 1, 12, 10))
    assert checkin_of(app, MENTOR).period == "2027-01-12"


def test_a_dm_reply_that_would_make_the_reflection_too_long_is_not_saved(
    app: RunningApp,
) -> None:
    prompt_both(app)
    first = "x" * 2990
    _, ts = app.driver.direct_message(MENTEE, first)
    app.fake.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") == ts)
    _, ts = app.driver.direct_message(MENTEE, "and one more thought")
    [answer] = app.fake.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") == ts)
    assert "longer than 3,000 characters" in answer.args["text"]
    assert "I did not save it" in answer.args["text"]
    assert checkin_of(app, MENTEE).reflection == first
