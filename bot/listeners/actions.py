"""Block actions: buttons and selects in messages, the Home tab and modals."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.ids import ActionId
from bot.listeners.answers import action_value, show, team_of
from bot.services import agreement, goals, pair_admin
from bot.services.checkins import answers as checkin_answers
from bot.services.checkins import reflections
from bot.slack.views.checkins import PULSE_ACTIONS


def open_agreement(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    tandem = context["tandem"]
    outcome = agreement.open_agreement(
        tandem, team_id=team_of(body), user_id=body["user"]["id"], pair_id=action_value(body)
    )
    show(tandem, body, respond, outcome)


def open_goals(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    tandem = context["tandem"]
    outcome = goals.open_goals(
        tandem, team_id=team_of(body), user_id=body["user"]["id"], pair_id=action_value(body)
    )
    show(tandem, body, respond, outcome)


def turn_pairs_page(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    tandem = context["tandem"]
    outcome = pair_admin.turn_page(
        tandem, team_id=team_of(body), user_id=body["user"]["id"], value=action_value(body)
    )
    show(tandem, body, respond, outcome, replace=True)


def checkin_pulse(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    tandem = context["tandem"]
    outcome = checkin_answers.record_pulse(
        tandem,
        team_id=team_of(body),
        user_id=body["user"]["id"],
        checkin_id=action_value(body),
        pulse=PULSE_ACTIONS.index(action["action_id"]) + 1,
    )
    show(tandem, body, respond, outcome)


def checkin_reflect(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    tandem = context["tandem"]
    outcome = reflections.open_reflection(
        tandem, team_id=team_of(body), user_id=body["user"]["id"], checkin_id=action_value(body)
    )
    show(tandem, body, respond, outcome)


def checkin_goal(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    tandem = context["tandem"]
    outcome = checkin_answers.record_goal(
        tandem,
        team_id=team_of(body),
        user_id=body["user"]["id"],
        value=str((action.get("selected_option") or {}).get("value") or ""),
    )
    show(tandem, body, respond, outcome)


def checkin_share(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    tandem = context["tandem"]
    outcome = checkin_answers.set_sharing(
        tandem,
        team_id=team_of(body),
        user_id=body["user"]["id"],
        checkin_id=str(action.get("block_id") or "").rpartition(":")[2],
        share=bool(action.get("selected_options")),
    )
    show(tandem, body, respond, outcome)


def checkin_skip(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    tandem = context["tandem"]
    outcome = checkin_answers.skip_week(
        tandem, team_id=team_of(body), user_id=body["user"]["id"], checkin_id=action_value(body)
    )
    show(tandem, body, respond, outcome)


def checkin_remind(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    tandem = context["tandem"]
    outcome = checkin_answers.remind_tomorrow(
        tandem, team_id=team_of(body), user_id=body["user"]["id"], checkin_id=action_value(body)
    )
    show(tandem, body, respond, outcome)


def register(app: App) -> None:
    """Register every block_actions listener (one per ActionId)."""
    for pulse in PULSE_ACTIONS:
        app.action(pulse)(checkin_pulse)
    app.action(ActionId.CHECKIN_REFLECT)(checkin_reflect)
    app.action(ActionId.CHECKIN_GOAL)(checkin_goal)
    app.action(ActionId.CHECKIN_SHARE)(checkin_share)
    app.action(ActionId.CHECKIN_SKIP)(checkin_skip)
    app.action(ActionId.CHECKIN_REMIND)(checkin_remind)
    app.action(ActionId.AGREEMENT_OPEN)(open_agreement)
    app.action(ActionId.GOALS_EDIT)(open_goals)
    app.action(ActionId.PAIRS_PAGE)(turn_pairs_page)
