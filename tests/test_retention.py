"""How long reflection texts are kept: chosen in `/mentor settings`, cleared by the daily
`retention` sweep as `tandem tick --now` moves through virtual days. Figures stay; only the
words older than the program keeps them go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.models import CheckIn, Feedback, GoalAssessment, ProgramSettings
from tests.support.constants import OWNER
from tests.support.feedback import at
from tests.support.flows import open_by_command, settings_form
from tests.support.privacy import ANA_DELIVERED, BEN_NOTE, BEN_REFLECTION, seed
from tests.support.runner import RunningApp

WRITTEN = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)  # the seeded words; answered an hour later
DAY = timedelta(days=1)


def _save(app: RunningApp, kept: str) -> str:
    view = open_by_command(app, OWNER, "settings")
    kept_field = next(b for b in view["blocks"] if b.get("block_id") == "reflections_kept")
    assert kept_field["element"]["initial_option"]["value"] == "forever"  # the default
    answer = app.driver.view_submission(OWNER, view, settings_form(reflections_kept=kept)).json()
    assert answer["response_action"] == "update", answer
    return str(answer["view"]["blocks"][0]["text"]["text"])


def _words(app: RunningApp) -> tuple[set[str | None], set[str | None], set[str], set[str]]:
    with app.tandem.sessions() as s:
        return (
            {c.reflection for c in s.scalars(select(CheckIn))},
            {f.reflection for f in s.scalars(select(Feedback))},
            {f.situation for f in s.scalars(select(Feedback))},
            {a.note for a in s.scalars(select(GoalAssessment))},
        )


def _retention_line(lines: list[str]) -> str:
    return next(line for line in lines if line.startswith("retention:"))


def test_kept_for_as_long_as_the_program_runs_by_default(app: RunningApp) -> None:
    seed(app, WRITTEN)
    lines = at(app, WRITTEN + 400 * DAY)
    assert _retention_line(lines).startswith("retention: 0 reflection text(s)")
    reflections, notes, _, assessed = _words(app)
    assert BEN_REFLECTION in reflections and BEN_NOTE in notes and assessed != {""}


def test_reflections_older_than_the_setting_are_cleared_by_the_daily_sweep(
    app: RunningApp,
) -> None:
    seed(app, WRITTEN)
    saved = _save(app, "90")
    assert "Reflection texts are kept: 90 days." in saved
    with app.tandem.sessions() as s:
        row = s.get(ProgramSettings, "T0001")
        assert row is not None and row.reflections_kept_days == 90

    # 90 days after they were written, to the hour: not older than 90 days yet.
    lines = at(app, WRITTEN + 90 * DAY)
    assert _retention_line(lines).startswith("retention: 0 ")
    assert BEN_REFLECTION in _words(app)[0]

    # A day later (the sweep runs daily): two check-in reflections, two notes on feedback
    # and one self-assessment note are older than that and go; the feedback itself stays.
    lines = at(app, WRITTEN + 91 * DAY + timedelta(hours=2))
    assert _retention_line(lines).startswith("retention: 5 reflection text(s)")
    reflections, notes, situations, assessed = _words(app)
    assert reflections == {None} and notes == {None} and assessed == {""}
    assert ANA_DELIVERED in situations
    with app.tandem.sessions() as s:
        answered = select(CheckIn).where(CheckIn.answered_at.is_not(None))
        assert [c.pulse for c in s.scalars(answered)] == [4, 4]

    # Within the day the sweep does not run again.
    assert not [x for x in at(app, WRITTEN + 91 * DAY + timedelta(hours=3)) if "retention" in x]


def test_a_choice_outside_the_list_is_refused_and_nothing_is_saved(app: RunningApp) -> None:
    view = open_by_command(app, OWNER, "settings")
    answer = app.driver.view_submission(OWNER, view, settings_form(reflections_kept="7")).json()
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {
        "reflections_kept": "Please pick how long reflection texts are kept."
    }
    with app.tandem.sessions() as s:
        assert s.get(ProgramSettings, "T0001") is None
