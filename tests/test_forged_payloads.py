"""Forged and replayed interactive payloads, one row per listener.

Slack signs what it sends, but the `value` of a button, the `block_id` of a checkbox and a
modal's `private_metadata` are what Tandem once wrote and anyone who can click can copy. A
forged payload here is the real action_id or callback_id, valid answers, and a value or
metadata naming an object of pair A (Ana and Ben), sent by Dan (mentee of pair B) and by Cal
(in no pair). Each must be refused kindly (an ephemeral reply, or the modal's field error),
open no modal, tell nobody else, and leave every row of every table as it was.

listener (bot/listeners/)     object it names                 checked by (bot/services/)
action checkin_pulse_1..5     check-in id (value)             checkins/access.py:find_for_action
action checkin_reflect        check-in id (value)             checkins/access.py:find_for_action
action checkin_goal           "check-in:goal:pct" (option)    find_for_action; the goal's pair
action checkin_share          check-in id (block_id)          checkins/access.py:find_for_action
action checkin_skip, _remind  check-in id (value)             checkins/access.py:find_for_action
action agreement_open         pair id (value)                 agreement/parts.py:usable_pair
action goals_edit             pair id (value)                 agreement/parts.py:usable_pair
action goals_done_open        pair id (value)                 celebrations/goals.py:_pairs
action pairs_page, _previous  page number (value)             pairs/admin.py:turn_page (owner)
action feedback_open          "pair:round" (value)            feedback/access.py:partners_in
action feedback_thanks, _talk feedback id (value)             feedback/reception.py:_mine
action feedback_note          feedback id (value)             feedback/reception.py:_mine
action self_assessment_open   pair id (value)                 feedback/assessment.py (mentee)
view checkin_reflection       check-in id (metadata)          checkins/access.py:find_for_action
view agreement_mentor, _mentee pair id (metadata)             agreement/parts.py:usable_pair
view goals                    pair id (metadata)              agreement/parts.py:usable_pair
view goals_done               goal ids (metadata, boxes)      celebrations/goals.py:save_goals_done
view program_settings         the workspace                   program/settings.py:save_settings
view import_csv, _confirm     the workspace, import id        imports/command.py:_owner
view feedback                 pair id, round (metadata)       feedback/access.py:partners_in
view feedback_note            feedback id (metadata)          feedback/reception.py:_mine
view self_assessment          pair id (metadata)              feedback/assessment.py (mentee)
action tip_share              "pair:rounds:tip" (value)       tips/command.py:share_tip
action readiness_open         readiness round id (value)      succession/pairs.py:live_pair
view succession_role          pair id (metadata)              succession/profiles.py:save_role
view succession_areas         the workspace                   succession/areas.py (owner)
view handover                 pair id (metadata)              succession/pairs.py:live_pair
view readiness                readiness round id (metadata)   succession/ratings.py:save_ratings
shortcut log_handover         the channel of the message      succession/handovers.py:from_message
view forget_me                nothing: the sender themselves  privacy/forgetting.py:forget

Every action_id and callback_id the listeners register must have a row (the first test), so
a new listener without one fails. Replays (the same valid click or submission twice) are
below the forgeries: the second changes nothing and sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from bot.ids import ActionId, BlockId, CallbackId, ShortcutId
from bot.listeners.registry import listened
from bot.models.succession import Handover
from bot.sandbox import TEAM, Call
from bot.slack import wire
from tests.support.checkins import MENTEE, MENTOR
from tests.support.driver import Response
from tests.support.feedback import MENTOR_WORDS
from tests.support.flows import (
    MENTEE_PART,
    MENTOR_PART,
    checkboxes,
    select_value,
    settings_form,
    state,
    text_value,
)
from tests.support.hostile import (
    CAL,
    DAN,
    PAIR_A_WORDS,
    World,
    build_world,
    changed,
    rows_of_pair,
    snapshot,
)
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

# Rows Tandem keeps about requests, not about people: a refused click may still be recorded.
BOOKKEEPING = ("handled_events", "job_runs")


@dataclass(frozen=True)
class Click:
    action_id: str
    value: Callable[[World], str | None]
    extra: Callable[[World], dict[str, Any]] = lambda w: {}


@dataclass(frozen=True)
class Shortcut:
    """A message shortcut on a message in a channel (pair A's)."""

    callback_id: str
    channel: Callable[[World], str]


@dataclass(frozen=True)
class Own:
    """A modal that names no object: it acts on whoever submits it (forget_me erases the
    submitter). Forged, it may change the sender's own rows and never pair A's."""

    callback_id: str


@dataclass(frozen=True)
class Submit:
    callback_id: str
    metadata: Callable[[World], str]
    values: Callable[[World], dict[str, Any]]


def _checkin(w: World) -> str:
    return str(w.mentee_checkin)


def _pair(w: World) -> str:
    return str(w.pair)


def _feedback(w: World) -> str:
    return str(w.feedback)


def _pair_meta(w: World) -> str:
    return wire.pair_metadata(w.pair)


def _goal_option(w: World) -> dict[str, Any]:
    value = wire.goal_option(wire.GoalChoice(w.mentee_checkin, w.goal, 50))
    return {"selected_option": {"value": value}}


def _share(w: World) -> dict[str, Any]:
    return {
        "block_id": wire.controls_block(w.mentee_checkin),
        "selected_options": [{"value": "share"}],
    }


CSV = "mentor_email,mentee_email\nana@example.com,ben@example.com\n"

FORGED: dict[str, Click | Submit | Shortcut | Own] = {
    **{
        str(pulse): Click(pulse, _checkin)
        for pulse in (wire.pulse_action(score) for score in range(1, 6))
    },
    ActionId.CHECKIN_REFLECT: Click(ActionId.CHECKIN_REFLECT, _checkin),
    ActionId.CHECKIN_GOAL: Click(ActionId.CHECKIN_GOAL, lambda w: None, _goal_option),
    ActionId.CHECKIN_SHARE: Click(ActionId.CHECKIN_SHARE, lambda w: None, _share),
    ActionId.CHECKIN_SKIP: Click(ActionId.CHECKIN_SKIP, _checkin),
    ActionId.CHECKIN_REMIND: Click(ActionId.CHECKIN_REMIND, _checkin),
    ActionId.AGREEMENT_OPEN: Click(ActionId.AGREEMENT_OPEN, _pair),
    ActionId.GOALS_EDIT: Click(ActionId.GOALS_EDIT, _pair),
    ActionId.GOALS_DONE_OPEN: Click(ActionId.GOALS_DONE_OPEN, _pair),
    ActionId.PAIRS_PAGE: Click(ActionId.PAIRS_PAGE, lambda w: "2"),
    ActionId.PAIRS_PAGE_PREVIOUS: Click(ActionId.PAIRS_PAGE_PREVIOUS, lambda w: "1"),
    ActionId.FEEDBACK_OPEN: Click(
        ActionId.FEEDBACK_OPEN, lambda w: wire.feedback_value(w.pair, w.round)
    ),
    ActionId.FEEDBACK_THANKS: Click(ActionId.FEEDBACK_THANKS, _feedback),
    ActionId.FEEDBACK_TALK: Click(ActionId.FEEDBACK_TALK, _feedback),
    ActionId.FEEDBACK_NOTE: Click(ActionId.FEEDBACK_NOTE, _feedback),
    ActionId.SELF_ASSESSMENT_OPEN: Click(ActionId.SELF_ASSESSMENT_OPEN, _pair),
    CallbackId.CHECKIN_REFLECTION: Submit(
        CallbackId.CHECKIN_REFLECTION,
        _checkin,
        lambda w: state(
            reflection=text_value("Written into someone else's check-in"),
            reflection_share=checkboxes("share"),
        ),
    ),
    CallbackId.AGREEMENT_MENTOR: Submit(
        CallbackId.AGREEMENT_MENTOR, _pair_meta, lambda w: MENTOR_PART
    ),
    CallbackId.AGREEMENT_MENTEE: Submit(
        CallbackId.AGREEMENT_MENTEE, _pair_meta, lambda w: MENTEE_PART
    ),
    CallbackId.GOALS: Submit(
        CallbackId.GOALS,
        _pair_meta,
        lambda w: {k: v for k, v in MENTEE_PART.items() if k.startswith(("goal_", "success_"))},
    ),
    CallbackId.GOALS_DONE: Submit(
        CallbackId.GOALS_DONE,
        lambda w: wire.goals_done_metadata({w.goal: False}),
        lambda w: state(
            **{
                wire.goals_done_block(w.pair): {
                    **checkboxes(),
                    "selected_options": [{"value": str(w.goal)}],
                }
            }
        ),
    ),
    CallbackId.PROGRAM_SETTINGS: Submit(
        CallbackId.PROGRAM_SETTINGS, lambda w: "", lambda w: settings_form()
    ),
    CallbackId.IMPORT_CSV: Submit(
        CallbackId.IMPORT_CSV, lambda w: "", lambda w: state(import_csv=text_value(CSV))
    ),
    CallbackId.IMPORT_CONFIRM: Submit(
        CallbackId.IMPORT_CONFIRM, lambda w: wire.import_metadata(1), lambda w: {}
    ),
    CallbackId.FEEDBACK: Submit(
        CallbackId.FEEDBACK,
        lambda w: wire.feedback_metadata(w.pair, w.round),
        lambda w: state(**{k: text_value(v) for k, v in MENTOR_WORDS.items()}),
    ),
    CallbackId.FEEDBACK_NOTE: Submit(
        CallbackId.FEEDBACK_NOTE,
        _feedback,
        lambda w: state(feedback_note_text=text_value("A note on someone else's feedback")),
    ),
    CallbackId.SELF_ASSESSMENT: Submit(
        CallbackId.SELF_ASSESSMENT,
        _pair_meta,
        lambda w: state(
            **{
                wire.assessment_block(BlockId.ASSESS_PROGRESS, w.goal): select_value("90"),
                wire.assessment_block(BlockId.ASSESS_NOTE, w.goal): text_value("Not mine"),
            }
        ),
    ),
    ActionId.TIP_SHARE: Click(
        ActionId.TIP_SHARE,
        lambda w: wire.tip_share_value(wire.TipShare(w.pair, 0, "feedback-describe-what-you-saw")),
    ),
    ActionId.READINESS_OPEN: Click(ActionId.READINESS_OPEN, lambda w: str(w.readiness)),
    CallbackId.SUCCESSION_ROLE: Submit(
        CallbackId.SUCCESSION_ROLE,
        _pair_meta,
        lambda w: state(
            target_role=text_value("Head of finance"), other_areas=text_value("Budgets")
        ),
    ),
    CallbackId.SUCCESSION_AREAS: Submit(
        CallbackId.SUCCESSION_AREAS,
        lambda w: "",
        lambda w: state(area_list=text_value("Budgets\nHiring")),
    ),
    CallbackId.HANDOVER: Submit(
        CallbackId.HANDOVER,
        lambda w: wire.handover_metadata(w.pair, None),
        lambda w: state(
            handover_shared=text_value("How the forecast is built"),
            handover_area=select_value("Stakeholder relationships"),
            handover_how=select_value("conversation"),
        ),
    ),
    CallbackId.READINESS: Submit(
        CallbackId.READINESS,
        lambda w: str(w.readiness),
        lambda w: state(**{wire.readiness_block(0): select_value("5")}),
    ),
    ShortcutId.LOG_HANDOVER: Shortcut(ShortcutId.LOG_HANDOVER, lambda w: w.channel),
    CallbackId.FORGET_ME: Own(CallbackId.FORGET_ME),
}


def test_every_listener_has_a_row() -> None:
    heard = listened()
    actions = {str(a) for a in heard.actions}
    assert all(isinstance(a, str) for a in heard.actions), "a pattern needs rows of its own"
    assert set(FORGED) == actions | heard.views | heard.shortcuts
    assert actions == {str(a) for a in ActionId} and heard.views == {str(c) for c in CallbackId}
    assert heard.shortcuts == {str(s) for s in ShortcutId}


def _sent_to_others(calls: list[Call], sender: str, sender_dm: str) -> list[Call]:
    """Messages (not the ephemeral answer) that reached anyone but the sender."""
    return [
        c
        for c in calls
        if c.method.startswith(("chat.", "views.", "files.", "conversations.invite"))
        and c.args.get("channel") not in (sender, sender_dm)
        and c.args.get("user_id") != sender
    ]


def _send(
    app: RunningApp, world: World, sender: str, row: Click | Submit | Shortcut | Own
) -> Response:
    if isinstance(row, Own):
        view = {"id": "VFORGED02", "callback_id": row.callback_id, "private_metadata": ""}
        return app.driver.view_submission(sender, view, {})
    if isinstance(row, Shortcut):
        return app.driver.interactive(
            {
                "type": "message_action",
                "callback_id": row.callback_id,
                "team": {"id": TEAM, "domain": "fake"},
                "user": {"id": sender, "username": sender.lower(), "team_id": TEAM},
                "channel": {"id": row.channel(world), "name": "mentoring"},
                "message": {
                    "type": "message",
                    "user": MENTEE,
                    "ts": "1800000000.000300",
                    "text": "How I build the forecast",
                },
                "message_ts": "1800000000.000300",
                "response_url": app.driver.response_url(),
                "trigger_id": app.fake.issue_trigger(),
            }
        )
    if isinstance(row, Click):
        extra = row.extra(world)
        return app.driver.block_action(
            sender,
            row.action_id,
            value=row.value(world),
            channel=app.fake.dm_with(sender),
            message_ts="1800000000.000200",
            **extra,
        )
    view = {
        "id": "VFORGED01",
        "callback_id": row.callback_id,
        "private_metadata": row.metadata(world),
    }
    return app.driver.view_submission(sender, view, row.values(world))


@pytest.mark.parametrize("name", sorted(FORGED))
def test_a_forged_payload_is_refused_kindly_and_changes_nothing(app: RunningApp, name: str) -> None:
    world = build_world(app)
    row = FORGED[name]
    if isinstance(row, Own):
        _acts_only_on_the_sender(app, world, row)
        return
    for sender in (DAN, CAL):
        before = snapshot(app, skip=BOOKKEEPING)
        seen = len(app.fake.calls)
        replies = len(app.fake.calls_to("response_url"))
        response = _send(app, world, sender, row)
        assert response.status == 200, (name, sender, response)
        if not isinstance(row, Submit):
            [answer] = app.fake.wait_for("response_url", count=replies + 1)[replies:]
            text = str(answer.args.get("text") or "")
            assert answer.args.get("response_type") == "ephemeral", (name, answer.args)
        else:
            text = _refusal_in(response.json())
        assert text.strip(), (name, sender)
        assert "went wrong" not in text.lower(), (name, sender, text)
        if name == ActionId.FEEDBACK_OPEN and sender == DAN:
            # In a pair of his own, Dan is told the button is not his pair's.
            assert "a mentorship you are not part of" in text, text
        assert not [w for w in PAIR_A_WORDS if w in text], (name, sender, text)
        calls = app.fake.calls[seen:]
        assert not [c for c in calls if c.method == "views.open"], (name, sender)
        assert _sent_to_others(calls, sender, app.fake.dm_with(sender)) == [], (name, sender)
        assert changed(before, snapshot(app, skip=BOOKKEEPING)) == {}, (name, sender)


def _acts_only_on_the_sender(app: RunningApp, world: World, row: Own) -> None:
    pair_a = rows_of_pair(app, world.pair, (MENTOR, MENTEE))
    dan = rows_of_pair(app, 0, (DAN,))
    seen = len(app.fake.calls)
    for sender in (DAN, CAL):
        response = _send(app, world, sender, row)
        assert response.status == 200, (row, sender, response)
        assert "errors" not in _json(response), response.body
    assert rows_of_pair(app, world.pair, (MENTOR, MENTEE)) == pair_a
    assert rows_of_pair(app, 0, (DAN,)) != dan  # it did act: on Dan, who sent it
    told = {world.channel, MENTOR, MENTEE, app.fake.dm_with(MENTOR), app.fake.dm_with(MENTEE)}
    assert not [c for c in app.fake.calls[seen:] if c.args.get("channel") in told]


def _json(response: Response) -> dict[str, Any]:
    return dict(response.json()) if response.body else {}


def _refusal_in(body: dict[str, Any]) -> str:
    """A submission's refusal: a field error, or the modal replaced by one that says why."""
    if body.get("response_action") == "errors":
        return " ".join(body["errors"].values())
    assert body.get("response_action") == "update", body
    return " ".join(str((b.get("text") or {}).get("text", "")) for b in body["view"]["blocks"])


# The same valid click or submission, sent twice as Slack (or a double click) would: the
# owner of the object sends it, so the first one acts and the second must change nothing.
REPLAYED: dict[str, Click | Submit | Shortcut | Own] = {
    ActionId.CHECKIN_PULSE_3: FORGED[ActionId.CHECKIN_PULSE_3],
    ActionId.CHECKIN_SKIP: FORGED[ActionId.CHECKIN_SKIP],
    ActionId.FEEDBACK_THANKS: FORGED[ActionId.FEEDBACK_THANKS],
    ActionId.FEEDBACK_TALK: FORGED[ActionId.FEEDBACK_TALK],
    CallbackId.CHECKIN_REFLECTION: Submit(
        CallbackId.CHECKIN_REFLECTION,
        _checkin,
        lambda w: state(
            reflection=text_value("I asked for help once."), reflection_share=checkboxes()
        ),
    ),
    CallbackId.FEEDBACK: FORGED[CallbackId.FEEDBACK],
    CallbackId.FEEDBACK_NOTE: FORGED[CallbackId.FEEDBACK_NOTE],
    CallbackId.GOALS_DONE: FORGED[CallbackId.GOALS_DONE],
    CallbackId.SELF_ASSESSMENT: FORGED[CallbackId.SELF_ASSESSMENT],
    ActionId.TIP_SHARE: FORGED[ActionId.TIP_SHARE],
    CallbackId.READINESS: Submit(
        CallbackId.READINESS,
        lambda w: str(w.readiness),
        lambda w: state(**{wire.readiness_block(0): select_value("4")}),
    ),
    CallbackId.HANDOVER: FORGED[CallbackId.HANDOVER],
}


def _handover_posted(app: RunningApp) -> bool:
    with app.tandem.sessions() as session:
        return bool(
            session.scalar(select(Handover.channel_ts).where(Handover.channel_ts.is_not(None)))
        )


# Replays whose first delivery goes on after Slack's answer (a post, then its ts kept).
FINISHED_AFTER: dict[str, Callable[[RunningApp], bool]] = {CallbackId.HANDOVER: _handover_posted}

# How often the check-in DM was redrawn (chat.update of the same message, same content): a
# replayed click may redraw it, which is no second side effect.
REDRAWN = ("checkins.dm_revision",)


def _answered(app: RunningApp, world: World, row: Click | Submit | Shortcut | Own) -> None:
    """Send as the mentee (the owner of every object named) and wait for the answer: an
    ephemeral reply or the check-in DM updated, or the submission's own answer."""
    seen = (len(app.fake.calls_to("response_url")), len(app.fake.updates()))
    response = _send(app, world, MENTEE, row)
    assert response.status == 200, response
    if isinstance(row, Click):
        wait_until(
            lambda: (len(app.fake.calls_to("response_url")), len(app.fake.updates())),
            lambda now: now[0] > seen[0] or now[1] > seen[1],
            what=f"the answer to {row.action_id}",
        )
    elif response.body:
        assert response.json().get("response_action") != "errors", response.body


@pytest.mark.parametrize("name", sorted(REPLAYED))
def test_a_replayed_payload_acts_once(app: RunningApp, name: str) -> None:
    world = build_world(app)
    row = REPLAYED[name]
    before = snapshot(app, skip=BOOKKEEPING, ignore=REDRAWN)
    _answered(app, world, row)
    if name in FINISHED_AFTER:
        wait_until(lambda: FINISHED_AFTER[name](app), bool, what=f"the rest of {name}")
    once = snapshot(app, skip=BOOKKEEPING, ignore=REDRAWN)
    assert changed(before, once), f"{name} did nothing the first time"
    posted = len(app.fake.calls_to("chat.postMessage"))
    _answered(app, world, row)
    assert changed(once, snapshot(app, skip=BOOKKEEPING, ignore=REDRAWN)) == {}
    assert len(app.fake.calls_to("chat.postMessage")) == posted
