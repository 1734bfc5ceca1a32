"""`tandem pairs import FILE.csv --team TEAM_ID`: the same import, from the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.context import Tandem
from bot.domain.csv_rows import FileProblem, read_csv
from bot.services.imports.command import (
    cancel,
    check_import,
    file_problem,
    new_import,
    started_text,
)
from bot.services.imports.start import post_progress, start_import


def _plain(text: str) -> str:
    """Terminal text from mrkdwn made for Slack (which has &, < and > escaped)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass
class FileImport:
    lines: list[str] = field(default_factory=list)
    code: int = 0  # 0: pairs added; 1: nothing added (problems, not confirmed)


def import_file(
    tandem: Tandem,
    *,
    team_id: str,
    text: str,
    confirm: bool,
    notify_user: str | None,
    now: datetime,
) -> FileImport:
    """Check every row; add the valid ones if all are valid or `confirm` is set."""
    result = FileImport()
    parsed = read_csv(text)
    if isinstance(parsed, FileProblem):
        result.lines.append(_plain(file_problem(tandem, parsed)))
        result.code = 1
        return result
    import_id = new_import(
        tandem,
        team_id=team_id,
        requested_by=notify_user or "cli",
        source="cli",
        notify_user=notify_user,
        total=parsed.total,
        now=now,
    )
    checked = check_import(tandem, import_id, team_id, parsed)
    result.lines.append(
        f"Checked {checked.total} rows: {checked.valid} can be added, "
        f"{len(checked.problems)} cannot."
    )
    result.lines += [_plain(line) for line in checked.problems]
    if checked.problems and not confirm:
        cancel(tandem, import_id)
        result.lines.append(
            "Nothing was added. Fix the rows above and run the import again, or add "
            f"--yes to add the {checked.valid} valid rows and leave these out."
            if checked.valid
            else "Nothing was added: no row can be added."
        )
        result.code = 1
        return result
    started = start_import(tandem, import_id, notify_user or "cli", now)
    assert started is not None
    text = started_text(tandem, started, notify_user is not None)
    result.lines.append(_plain(text.replace("*", "")))
    result.lines.append(
        "The channels are created by the running scheduler (tandem serve, tandem scheduler) "
        "or by tandem tick."
    )
    post_progress(tandem, import_id)
    return result
