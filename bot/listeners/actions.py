"""Block actions: buttons and selects in messages, the Home tab and modals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.commands.registry import Outcome
from bot.ids import ActionId
from bot.listeners.answers import action_value, show, team_of
from bot.services import agreement, goals, pair_admin
from bot.services.checkins import answers as checkin_answers
from bot.services.checkins import reflections
from bot.slack.views.checkins import PULSE_ACTIONS

Listener = Callable[..., None]


def by_value(
    service: Callable[..., Outcome | None], key: str, *, replace: bool = False
) -> Listener:
    """A listener for a button whose value names what it acts on (a pair, a check-in, a page)."""

    def listener(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        ack()
        tandem = context["tandem"]
        outcome = service(
            tandem, team_id=team_of(body), user_id=body["user"]["id"], **{key: action_value(body)}
        )
        show(tandem, body, respond, outcome, replace=replace)

    return listener


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


def register(app: App) -> None:
    """Register every block_actions listener (one per ActionId)."""
    for pulse in PULSE_ACTIONS:
        app.action(pulse)(checkin_pulse)
    app.action(ActionId.CHECKIN_REFLECT)(by_value(reflections.open_reflection, "checkin_id"))
    app.action(ActionId.CHECKIN_GOAL)(checkin_goal)
    app.action(ActionId.CHECKIN_SHARE)(checkin_share)
    app.action(ActionId.CHECKIN_SKIP)(by_value(checkin_answers.skip_week, "checkin_id"))
    app.action(ActionId.CHECKIN_REMIND)(by_value(checkin_answers.remind_tomorrow, "checkin_id"))
    app.action(ActionId.AGREEMENT_OPEN)(by_value(agreement.open_agreement, "pair_id"))
    app.action(ActionId.GOALS_EDIT)(by_value(goals.open_goals, "pair_id"))
    app.action(ActionId.PAIRS_PAGE)(by_value(pair_admin.turn_page, "value", replace=True))
