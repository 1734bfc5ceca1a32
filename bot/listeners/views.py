"""Modal submissions: one listener per CallbackId."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.ids import BlockId, CallbackId
from bot.listeners.answers import team_of
from bot.services import agreement, goals, imports, program_settings
from bot.services.checkins import reflections
from bot.services.submissions import Submission
from bot.slack.state import plain_values


def _finish(ack: Ack, submission: Submission) -> None:
    ack(**submission.ack_args())
    if submission.then is not None:
        submission.then()


def agreement_part(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    role = "mentor" if view["callback_id"] == CallbackId.AGREEMENT_MENTOR else "mentee"
    submission = agreement.submit_part(
        tandem,
        team_id=team_of(body),
        user_id=body["user"]["id"],
        role=role,
        metadata=view.get("private_metadata", ""),
        values=plain_values(view),
        now=tandem.clock.now(),
    )
    _finish(ack, submission)


def goals_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    tandem = context["tandem"]
    submission = goals.submit_goals(
        tandem,
        team_id=team_of(body),
        user_id=body["user"]["id"],
        metadata=view.get("private_metadata", ""),
        values=plain_values(view),
        now=tandem.clock.now(),
    )
    _finish(ack, submission)


def checkin_reflection(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    values = plain_values(view)
    submission = reflections.save_reflection(
        tandem,
        team_id=team_of(body),
        user_id=body["user"]["id"],
        checkin_id=view.get("private_metadata", ""),
        text=values.get(BlockId.REFLECTION) or "",
        share="share" in (values.get(BlockId.REFLECTION_SHARE) or []),
    )
    _finish(ack, submission)


def settings_saved(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    submission = program_settings.save_settings(
        tandem,
        team_id=team_of(body),
        user_id=body["user"]["id"],
        values=plain_values(view),
        now=tandem.clock.now(),
    )
    _finish(ack, submission)


def import_checked(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    submission = imports.check_submission(
        tandem,
        team_id=team_of(body),
        user_id=body["user"]["id"],
        text=plain_values(view).get(BlockId.IMPORT_CSV) or "",
        view_id=view["id"],
        now=tandem.clock.now(),
    )
    _finish(ack, submission)


def import_confirmed(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    submission = imports.confirm_submission(
        tandem,
        team_id=team_of(body),
        user_id=body["user"]["id"],
        metadata=view.get("private_metadata", ""),
        view_id=view["id"],
        now=tandem.clock.now(),
    )
    _finish(ack, submission)


def register(app: App) -> None:
    """Register every view_submission listener (one per CallbackId)."""
    app.view(CallbackId.CHECKIN_REFLECTION)(checkin_reflection)
    app.view(CallbackId.AGREEMENT_MENTOR)(agreement_part)
    app.view(CallbackId.AGREEMENT_MENTEE)(agreement_part)
    app.view(CallbackId.GOALS)(goals_saved)
    app.view(CallbackId.PROGRAM_SETTINGS)(settings_saved)
    app.view(CallbackId.IMPORT_CSV)(import_checked)
    app.view(CallbackId.IMPORT_CONFIRM)(import_confirmed)
