"""`/mentor import` and `tandem pairs import`: many pairs from a CSV, checked row by row.

Nothing is added from a file with problems unless the owner confirms adding the valid rows
(the modal's button, or `--yes` on the command line). Rows are checked against Slack after
the modal is acknowledged, so a long file never runs into Slack's three-second limit.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.csv_rows import MAX_ROWS, CsvRows, FileProblem, Problem, check_people, read_csv
from bot.domain.states import ImportState
from bot.ids import BlockId
from bot.models import PairImport
from bot.results import Result, field_errors, open_modal, replace_modal, reply
from bot.services.imports.start import (
    PER_MINUTE,
    Started,
    live_pair_keys,
    post_progress,
    start_import,
)
from bot.services.people.lookup import resolve_people
from bot.services.program.owners import is_owner
from bot.slack.gateway import SlackFailure
from bot.slack.views.imports import import_modal, message_view, report_view

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checked:
    import_id: int
    total: int
    valid: int
    problems: list[str]  # one line per row that cannot be added


def import_command(tandem: Tandem, request: CommandRequest) -> Result:
    if request.args:
        text = " ".join(request.args)
        return reply(text=tandem.composer.render("pairs/usage.j2", command="import", text=text))
    return open_modal(view=import_modal(tandem.composer))


def file_problem(tandem: Tandem, problem: FileProblem) -> str:
    return tandem.composer.render("imports/file_problem.j2", problem=problem, limit=MAX_ROWS)


def problem_line(tandem: Tandem, problem: dict[str, Any]) -> str:
    return tandem.composer.render("imports/problem.j2", **problem)


def new_import(
    tandem: Tandem,
    *,
    team_id: str,
    requested_by: str,
    source: str,
    notify_user: str | None,
    total: int,
    now: datetime,
) -> int:
    with tandem.sessions.begin() as session:
        job = PairImport(
            team_id=team_id,
            requested_by=requested_by,
            source=source,
            state=ImportState.CHECKING,
            total_rows=total,
            rows=[],
            problems=[],
            pair_count=0,
            notify_user=notify_user,
            progress_shown=0,
            created_at=now,
        )
        session.add(job)
        session.flush()
        return job.id


def check_import(tandem: Tandem, import_id: int, team_id: str, parsed: CsvRows) -> Checked:
    """Resolve every row's people with Slack, check them, and keep the result on the import."""
    values = {value for row in parsed.rows for value in (row.mentor, row.mentee)}
    people = resolve_people(tandem, team_id, parsed.kind, values)
    with tandem.sessions() as session:
        existing = live_pair_keys(session, team_id)
    valid, found = check_people(parsed.rows, people, existing)
    problems: list[Problem] = sorted([*parsed.problems, *found], key=lambda p: p.line)
    stored = [{"line": p.line, "problem": p.problem.value, "detail": p.detail} for p in problems]
    with tandem.sessions.begin() as session:
        job = session.get(PairImport, import_id)
        assert job is not None
        job.rows = [
            {"line": r.line, "mentor": asdict(r.mentor), "mentee": asdict(r.mentee)} for r in valid
        ]
        job.problems, job.state = stored, ImportState.CHECKED
    return Checked(
        import_id=import_id,
        total=parsed.total,
        valid=len(valid),
        problems=[problem_line(tandem, p) for p in stored],
    )


def cancel(tandem: Tandem, import_id: int) -> None:
    with tandem.sessions.begin() as session:
        job = session.get(PairImport, import_id)
        if job is not None and job.state in (ImportState.CHECKING, ImportState.CHECKED):
            job.state = ImportState.CANCELLED


def started_text(tandem: Tandem, started: Started, notify: bool) -> str:
    return tandem.composer.render(
        "imports/report.j2",
        section="started",
        added=started.added,
        skipped=started.skipped,
        minutes=started.minutes,
        per_minute=PER_MINUTE,
        notify=notify,
    )


def _owner(tandem: Tandem, team_id: str, user_id: str) -> bool:
    with tandem.sessions() as session:
        return is_owner(session, tandem.settings, team_id, user_id)


def check_submission(
    tandem: Tandem, *, team_id: str, user_id: str, text: str, view_id: str, now: datetime
) -> Result:
    """The pasted CSV: shape errors on the field; otherwise 'checking', then the report."""
    if not _owner(tandem, team_id, user_id):
        return field_errors(
            {BlockId.IMPORT_CSV: tandem.composer.render("owners_only.j2", name="import")}
        )
    parsed = read_csv(text)
    if isinstance(parsed, FileProblem):
        return field_errors({BlockId.IMPORT_CSV: file_problem(tandem, parsed)})
    import_id = new_import(
        tandem,
        team_id=team_id,
        requested_by=user_id,
        source="slack",
        notify_user=user_id,
        total=parsed.total,
        now=now,
    )
    checking = tandem.composer.render("imports/report.j2", section="checking", total=parsed.total)
    return replace_modal(
        view=message_view(tandem.composer, checking),
        then=lambda: finish_check(tandem, import_id, team_id, user_id, parsed, view_id, now),
    )


def finish_check(
    tandem: Tandem,
    import_id: int,
    team_id: str,
    user_id: str,
    parsed: CsvRows,
    view_id: str,
    now: datetime,
) -> None:
    """After the ack: check with Slack, then add everything or show the report."""
    slack = tandem.slack_for(team_id)
    try:
        checked = check_import(tandem, import_id, team_id, parsed)
    except SlackFailure as failure:
        cancel(tandem, import_id)
        text = tandem.composer.render(
            "imports/report.j2", section="slack_failed", error=failure.error
        )
        slack.update_view(view_id, message_view(tandem.composer, text))
        return
    if checked.problems:
        view = report_view(
            tandem.composer,
            import_id=import_id,
            total=checked.total,
            valid=checked.valid,
            problems=checked.problems,
        )
        slack.update_view(view_id, view)
        return
    started = start_import(tandem, import_id, user_id, now)
    assert started is not None
    slack.update_view(view_id, message_view(tandem.composer, started_text(tandem, started, True)))
    post_progress(tandem, import_id)


def confirm_submission(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    import_id: int | None,
    view_id: str,
    now: datetime,
) -> Result:
    """'Add the valid rows': the pairs are saved after the ack (a long file takes a while)."""
    with tandem.sessions() as session:
        job = session.get(PairImport, import_id) if import_id else None
        state = job.state if job is not None and job.team_id == team_id else ImportState.CANCELLED
        valid = len(job.rows) if job is not None else 0
    if not _owner(tandem, team_id, user_id):
        text = tandem.composer.render("owners_only.j2", name="import")
        return replace_modal(view=message_view(tandem.composer, text))
    if state != ImportState.CHECKED:
        text = tandem.composer.render("imports/report.j2", section="already", state=state)
        return replace_modal(view=message_view(tandem.composer, text))
    adding = tandem.composer.render("imports/report.j2", section="adding", count=valid)
    assert import_id is not None  # a checked import was found
    job_id = import_id
    return replace_modal(
        view=message_view(tandem.composer, adding),
        then=lambda: start_and_report(tandem, job_id, team_id, user_id, view_id, now),
    )


def start_and_report(
    tandem: Tandem, import_id: int, team_id: str, user_id: str, view_id: str, now: datetime
) -> None:
    started = start_import(tandem, import_id, user_id, now)
    if started is None:
        text = tandem.composer.render("imports/report.j2", section="already", state="running")
    else:
        text = started_text(tandem, started, True)
    tandem.slack_for(team_id).update_view(view_id, message_view(tandem.composer, text))
    if started is not None:
        post_progress(tandem, import_id)
