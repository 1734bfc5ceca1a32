"""Block actions: buttons and selects in messages, the Home tab and modals.

Each listener acks, decodes the payload with bot/slack/wire.py into plain values, calls one
service and shows its Result.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.ids import ActionId
from bot.listeners.answers import installed_team, show, user_of
from bot.results import Result
from bot.services.agreement import goals, parts
from bot.services.celebrations import goals as goals_done
from bot.services.checkins import answers as checkin_answers
from bot.services.checkins import reflections
from bot.services.feedback import assessment, giving, reception
from bot.services.pairs import admin as pair_admin
from bot.services.succession import ratings
from bot.services.tips import command as tips
from bot.slack.origin import origin_of
from bot.slack.wire import (
    PULSE_ACTIONS,
    checkin_of_block,
    parse_feedback_value,
    parse_goal_option,
    parse_id,
    parse_page,
    parse_tip_share,
    pulse_score,
)

Listener = Callable[..., None]


def _value(action: dict[str, Any]) -> object:
    return action.get("value")


def by_value(
    service: Callable[..., Result], key: str, decode: Callable[[object], object] = parse_id
) -> Listener:
    """A listener for a button whose value names what it acts on (a pair, a check-in, a page)."""

    def listener(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        context: BoltContext,
    ) -> None:
        ack()
        tandem, team_id = context["tandem"], installed_team(context)
        result = service(
            tandem,
            team_id=team_id,
            user_id=user_of(body),
            now=tandem.clock.now(),
            **{key: decode(_value(action))},
        )
        show(tandem, team_id, body, respond, result)

    return listener


def checkin_pulse(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    tandem, team_id = context["tandem"], installed_team(context)
    result = checkin_answers.record_pulse(
        tandem,
        team_id=team_id,
        user_id=user_of(body),
        checkin_id=parse_id(_value(action)),
        pulse=pulse_score(str(action.get("action_id"))) or 0,
        now=tandem.clock.now(),
        origin=origin_of(body),
    )
    show(tandem, team_id, body, respond, result)


def checkin_goal(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    tandem, team_id = context["tandem"], installed_team(context)
    choice = parse_goal_option((action.get("selected_option") or {}).get("value"))
    result = checkin_answers.record_goal(
        tandem,
        team_id=team_id,
        user_id=user_of(body),
        checkin_id=choice.checkin_id if choice else None,
        goal_id=choice.goal_id if choice else 0,
        percent=choice.percent if choice else -1,
        now=tandem.clock.now(),
        origin=origin_of(body),
    )
    show(tandem, team_id, body, respond, result)


def checkin_share(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    tandem, team_id = context["tandem"], installed_team(context)
    result = checkin_answers.set_sharing(
        tandem,
        team_id=team_id,
        user_id=user_of(body),
        checkin_id=checkin_of_block(action.get("block_id")),
        share=bool(action.get("selected_options")),
        now=tandem.clock.now(),
        origin=origin_of(body),
    )
    show(tandem, team_id, body, respond, result)


def register(app: App) -> None:
    """Register every block_actions listener (one per ActionId)."""
    for pulse in PULSE_ACTIONS:
        app.action(pulse)(checkin_pulse)
    app.action(ActionId.CHECKIN_REFLECT)(by_value(reflections.open_reflection, "checkin_id"))
    app.action(ActionId.CHECKIN_GOAL)(checkin_goal)
    app.action(ActionId.CHECKIN_SHARE)(checkin_share)
    app.action(ActionId.CHECKIN_SKIP)(by_value(checkin_answers.skip_week, "checkin_id"))
    app.action(ActionId.CHECKIN_REMIND)(by_value(checkin_answers.remind_tomorrow, "checkin_id"))
    app.action(ActionId.AGREEMENT_OPEN)(by_value(parts.open_agreement, "pair_id"))
    app.action(ActionId.GOALS_EDIT)(by_value(goals.open_goals, "pair_id"))
    app.action(ActionId.GOALS_DONE_OPEN)(by_value(goals_done.open_goals_done, "pair_id"))
    for page_button in (ActionId.PAIRS_PAGE, ActionId.PAIRS_PAGE_PREVIOUS):
        app.action(page_button)(by_value(pair_admin.turn_page, "page", parse_page))
    app.action(ActionId.FEEDBACK_OPEN)(
        by_value(giving.open_feedback, "target", parse_feedback_value)
    )
    for action, answer in ((ActionId.FEEDBACK_THANKS, "thanks"), (ActionId.FEEDBACK_TALK, "talk")):
        app.action(action)(by_value(partial(reception.react, reception=answer), "feedback_id"))
    app.action(ActionId.FEEDBACK_NOTE)(by_value(reception.open_note, "feedback_id"))
    app.action(ActionId.SELF_ASSESSMENT_OPEN)(by_value(assessment.open_assessment, "pair_id"))
    app.action(ActionId.TIP_SHARE)(by_value(tips.share_tip, "share", parse_tip_share))
    app.action(ActionId.READINESS_OPEN)(by_value(ratings.open_ratings, "round_id"))
