"""Modal submissions: one listener per CallbackId.

Each listener decodes the view (bot/slack/state.py, bot/slack/wire.py) into plain values,
calls one service and answers Slack with its Result before running any slow part.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.ids import BlockId, CallbackId
from bot.listeners.answers import finish, installed_team, user_of
from bot.services.agreement import goals, parts
from bot.services.celebrations import goals as goals_done
from bot.services.checkins import reflections
from bot.services.feedback import assessment, giving, reception
from bot.services.imports import command as imports
from bot.services.privacy import forgetting
from bot.services.program import settings as program_settings
from bot.services.succession import areas as succession_areas
from bot.services.succession import handovers, profiles, ratings
from bot.slack.state import plain_values
from bot.slack.wire import (
    assessment_entries,
    chosen_goals,
    parse_feedback_metadata,
    parse_goals_done_metadata,
    parse_handover_metadata,
    parse_id,
    parse_import_metadata,
    parse_pair_metadata,
    shared,
)


def agreement_part(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    role = "mentor" if view["callback_id"] == CallbackId.AGREEMENT_MENTOR else "mentee"
    result = parts.submit_part(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        role=role,
        pair_id=parse_pair_metadata(view.get("private_metadata")),
        values=plain_values(view),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def goals_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    tandem = context["tandem"]
    result = goals.submit_goals(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        pair_id=parse_pair_metadata(view.get("private_metadata")),
        values=plain_values(view),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def goals_marked(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    result = goals_done.save_goals_done(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        listed=parse_goals_done_metadata(view.get("private_metadata")),
        chosen=chosen_goals(plain_values(view)),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def checkin_reflection(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    values = plain_values(view)
    text = values.get(BlockId.REFLECTION)
    result = reflections.save_reflection(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        checkin_id=parse_id(view.get("private_metadata")),
        text=text if isinstance(text, str) else "",
        share=shared(values.get(BlockId.REFLECTION_SHARE)),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def settings_saved(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    result = program_settings.save_settings(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        values=plain_values(view),
        view_id=str(view.get("id") or ""),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def forget_me(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    tandem = context["tandem"]
    result = forgetting.forget(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        view_id=str(view.get("id") or ""),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def import_checked(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    text = plain_values(view).get(BlockId.IMPORT_CSV)
    result = imports.check_submission(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        text=text if isinstance(text, str) else "",
        view_id=view["id"],
        now=tandem.clock.now(),
    )
    finish(ack, result)


def import_confirmed(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    result = imports.confirm_submission(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        import_id=parse_import_metadata(view.get("private_metadata")),
        view_id=view["id"],
        now=tandem.clock.now(),
    )
    finish(ack, result)


def feedback_given(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    result = giving.submit_feedback(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        target=parse_feedback_metadata(view.get("private_metadata")),
        values=plain_values(view),
        view_id=str(view.get("id") or ""),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def role_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    tandem = context["tandem"]
    result = profiles.save_role(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        pair_id=parse_pair_metadata(view.get("private_metadata")),
        values=plain_values(view),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def areas_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    tandem = context["tandem"]
    result = succession_areas.save_areas(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        values=plain_values(view),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def feedback_note(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    text = plain_values(view).get(BlockId.FEEDBACK_NOTE)
    result = reception.save_note(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        feedback_id=parse_id(view.get("private_metadata")),
        text=text if isinstance(text, str) else "",
        now=tandem.clock.now(),
    )
    finish(ack, result)


def handover_logged(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    pair_id, source_ts = parse_handover_metadata(view.get("private_metadata"))
    result = handovers.save_handover(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        pair_id=pair_id,
        source_ts=source_ts,
        view_id=str(view.get("id") or ""),
        values=plain_values(view),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def self_assessed(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    result = assessment.save_assessment(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        pair_id=parse_pair_metadata(view.get("private_metadata")),
        entries=assessment_entries(plain_values(view)),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def readiness_rated(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    tandem = context["tandem"]
    result = ratings.save_ratings(
        tandem,
        team_id=installed_team(context),
        user_id=user_of(body),
        round_id=parse_id(view.get("private_metadata")),
        values=plain_values(view),
        now=tandem.clock.now(),
    )
    finish(ack, result)


def closed(ack: Ack) -> None:
    """A modal closed without submitting: nothing was saved, nothing changes."""
    ack()


def register(app: App) -> None:
    """Register every view_submission listener (one per CallbackId), and view_closed."""
    for callback_id in CallbackId:
        app.view_closed(callback_id)(closed)
    app.view(CallbackId.CHECKIN_REFLECTION)(checkin_reflection)
    app.view(CallbackId.AGREEMENT_MENTOR)(agreement_part)
    app.view(CallbackId.AGREEMENT_MENTEE)(agreement_part)
    app.view(CallbackId.GOALS)(goals_saved)
    app.view(CallbackId.GOALS_DONE)(goals_marked)
    app.view(CallbackId.PROGRAM_SETTINGS)(settings_saved)
    app.view(CallbackId.FORGET_ME)(forget_me)
    app.view(CallbackId.IMPORT_CSV)(import_checked)
    app.view(CallbackId.IMPORT_CONFIRM)(import_confirmed)
    app.view(CallbackId.FEEDBACK)(feedback_given)
    app.view(CallbackId.FEEDBACK_NOTE)(feedback_note)
    app.view(CallbackId.SELF_ASSESSMENT)(self_assessed)
    app.view(CallbackId.SUCCESSION_ROLE)(role_saved)
    app.view(CallbackId.SUCCESSION_AREAS)(areas_saved)
    app.view(CallbackId.HANDOVER)(handover_logged)
    app.view(CallbackId.READINESS)(readiness_rated)
