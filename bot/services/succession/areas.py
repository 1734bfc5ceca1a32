"""`/mentor areas`: the program's list of capability areas, kept by its owners."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.audit import audit
from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.succession import area_lines, area_list_problem
from bot.ids import BlockId
from bot.models import AreaList
from bot.results import Result, field_errors, open_modal, replace_modal
from bot.services.program.owners import is_owner
from bot.services.succession.pairs import program_areas
from bot.slack.views.readiness import notice_modal
from bot.slack.views.succession import WORDS, areas_modal


def areas_command(tandem: Tandem, request: CommandRequest) -> Result:
    """Open the list in a modal, one area a line (owners only, by the command table)."""
    with tandem.sessions() as session:
        areas = program_areas(session, tandem.composer, request.team_id)
    return open_modal(areas_modal(tandem.composer, areas))


def save_areas(
    tandem: Tandem, *, team_id: str, user_id: str, values: Mapping[str, Any], now: datetime
) -> Result:
    """Keep the owner's list; pairs choose from it from now on (their own areas stay)."""
    words = tandem.composer.data(WORDS)["errors"]
    areas = area_lines(str(values.get(BlockId.AREA_LIST) or ""))
    problem = area_list_problem(areas)
    if problem is not None:
        return field_errors({BlockId.AREA_LIST: words[problem]})
    with tandem.sessions.begin() as session:
        if not is_owner(session, tandem.settings, team_id, user_id):
            return field_errors({BlockId.AREA_LIST: words["owners_only"]})
        row = session.get(AreaList, team_id)
        if row is None:
            row = AreaList(team_id=team_id)
            session.add(row)
        row.areas, row.updated_by, row.updated_at = areas, user_id, now
        audit(
            session,
            team_id=team_id,
            actor_id=user_id,
            action="succession.areas",
            at=now,
            areas=areas,
        )
    text = tandem.composer.render("succession/saved.j2", what="areas", areas=areas)
    return replace_modal(notice_modal(tandem.composer, "areas", text))
