"""`/mentor settings`: the program's defaults, edited by owners in a modal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.audit import audit
from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.domain.feedback import DEFAULT_EVERY
from bot.domain.program import KEEP_CHOICES, ProgramChoice, check_program
from bot.domain.tip_schedule import TIPS_AT, TIPS_WEEKDAY
from bot.ids import BlockId
from bot.models import ProgramSettings
from bot.results import Result, field_errors, open_modal, replace_modal, reply
from bot.services.program.owners import is_owner
from bot.services.tips.slots import replan_team
from bot.slack.gateway import SlackFailure
from bot.slack.views.program_settings import saved_view, settings_message, settings_modal

# Joining fails harmlessly when Tandem is already in the channel.
ALREADY_IN = frozenset({"already_in_channel"})


def current_settings(session: Session, team_id: str) -> ProgramSettings:
    """The stored settings, or the defaults (not yet saved) for a new workspace."""
    found = session.get(ProgramSettings, team_id)
    if found is not None:
        return found
    return ProgramSettings(
        team_id=team_id,
        shoutout_channel_id=None,
        cadence="weekly",
        cadence_weekday=1,
        cadence_time="10:00",
        tips_enabled=True,
        tips_every_days=7,
        digest_enabled=True,
        feedback_every_rounds=DEFAULT_EVERY,
        tips_weekday=TIPS_WEEKDAY,
        tips_time=TIPS_AT,
        reflections_kept_days=None,
    )


def settings_command(tandem: Tandem, request: CommandRequest) -> Result:
    if request.args:
        text = " ".join(request.args)
        return reply(text=tandem.composer.render("pairs/usage.j2", command="settings", text=text))
    with tandem.sessions() as session:
        view = settings_modal(tandem.composer, current_settings(session, request.team_id))
    return open_modal(view=view)


def save_settings(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    values: dict[str, Any],
    view_id: str,
    now: datetime,
) -> Result:
    """Check and save the settings. A new celebrations channel must be joined first; that
    is a Slack call, so it happens after Slack has been answered (a slow or rate-limited
    call before the ack would make Slack show the owner an error): the modal says it is
    checking, then shows the saved settings, or the form again with why nothing was saved."""
    errors = tandem.composer.data("settings/words.toml")["errors"]
    chosen = check_program(values)
    if isinstance(chosen, dict):
        return field_errors({block: errors[code] for block, code in chosen.items()})
    with tandem.sessions() as session:
        if not is_owner(session, tandem.settings, team_id, user_id):
            return field_errors({BlockId.CADENCE: errors["not_owner"]})
        row = session.get(ProgramSettings, team_id)
        joining = bool(chosen.shoutout_channel) and chosen.shoutout_channel != (
            row.shoutout_channel_id if row else None
        )
    if not joining:
        return replace_modal(view=_save(tandem, team_id, user_id, chosen, now))
    checking = tandem.composer.render("settings/joining.j2", channel=chosen.shoutout_channel)
    return replace_modal(
        view=settings_message(tandem.composer, checking),
        then=lambda: _join_then_save(tandem, team_id, user_id, chosen, view_id, now),
    )


def _join_then_save(
    tandem: Tandem, team_id: str, user_id: str, chosen: ProgramChoice, view_id: str, now: datetime
) -> None:
    slack = tandem.slack_for(team_id)
    try:
        slack.join(str(chosen.shoutout_channel))
    except SlackFailure as failure:
        if failure.error not in ALREADY_IN:
            problem = tandem.composer.render("settings/join_failed.j2", error=failure.error)
            view = settings_modal(tandem.composer, _unsaved(team_id, chosen), problem=problem)
            slack.update_view(view_id, view)
            return
    slack.update_view(view_id, _save(tandem, team_id, user_id, chosen, now))


def _unsaved(team_id: str, chosen: ProgramChoice) -> ProgramSettings:
    """What the owner chose, to show in the form again (not added to any session)."""
    return ProgramSettings(
        team_id=team_id,
        shoutout_channel_id=chosen.shoutout_channel,
        cadence=chosen.cadence,
        cadence_weekday=chosen.weekday,
        cadence_time=chosen.time,
        tips_enabled=chosen.tips_every_days is not None,
        tips_every_days=chosen.tips_every_days or 7,
        digest_enabled=chosen.digest,
        feedback_every_rounds=(
            DEFAULT_EVERY if chosen.feedback_every_rounds is None else chosen.feedback_every_rounds
        ),
        tips_weekday=chosen.tips_weekday,
        tips_time=chosen.tips_time,
        reflections_kept_days=KEEP_CHOICES.get(chosen.reflections_kept or "forever"),
    )


def _save(
    tandem: Tandem, team_id: str, user_id: str, chosen: ProgramChoice, now: datetime
) -> dict[str, Any]:
    """Save and audit the settings; the view that says what was saved."""
    with tandem.sessions.begin() as session:
        row = session.get(ProgramSettings, team_id)
        if row is None:
            row = current_settings(session, team_id)
            session.add(row)
        row.shoutout_channel_id = chosen.shoutout_channel
        row.cadence, row.cadence_weekday, row.cadence_time = (
            chosen.cadence,
            chosen.weekday,
            chosen.time,
        )
        rhythm = (row.tips_every_days, row.tips_weekday, row.tips_time)
        row.tips_enabled = chosen.tips_every_days is not None
        row.tips_every_days = chosen.tips_every_days or row.tips_every_days
        row.digest_enabled = chosen.digest
        if chosen.feedback_every_rounds is not None:
            row.feedback_every_rounds = chosen.feedback_every_rounds
        row.tips_weekday, row.tips_time = chosen.tips_weekday, chosen.tips_time
        if (row.tips_every_days, row.tips_weekday, row.tips_time) != rhythm:
            replan_team(session, team_id, now)
        if chosen.reflections_kept is not None:
            row.reflections_kept_days = KEEP_CHOICES[chosen.reflections_kept]
        row.updated_by, row.updated_at = user_id, now
        audit(
            session,
            team_id=team_id,
            actor_id=user_id,
            action="settings.update",
            at=now,
            summary="changed the program settings",
            shoutout_channel=chosen.shoutout_channel,
            cadence=chosen.cadence,
            weekday=chosen.weekday,
            time=chosen.time,
            tips_every_days=chosen.tips_every_days,
            digest=chosen.digest,
            feedback_every_rounds=row.feedback_every_rounds,
            tips_weekday=chosen.tips_weekday,
            tips_time=chosen.tips_time,
            reflections_kept_days=row.reflections_kept_days,
        )
        return saved_view(tandem.composer, row)
