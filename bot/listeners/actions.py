"""Block actions: buttons and selects in messages, the Home tab and modals."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.ids import ActionId
from bot.listeners.answers import action_value, show, team_of
from bot.services import agreement, goals, pair_admin


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


def register(app: App) -> None:
    """Register every block_actions listener (one per ActionId)."""
    app.action(ActionId.AGREEMENT_OPEN)(open_agreement)
    app.action(ActionId.GOALS_EDIT)(open_goals)
    app.action(ActionId.PAIRS_PAGE)(turn_pairs_page)
