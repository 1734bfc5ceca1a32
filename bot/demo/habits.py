"""What the simulated people know to do with Tandem's messages, keyed by the action_id of a
control in the message (in the order of HABITS: the first whose control is there decides),
and how they fill in its modals (MODALS, by callback_id). A feature whose messages people
should answer adds its habit and its modal here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.demo.people import Actor, controls
from bot.ids import ActionId, CallbackId

Habit = Callable[[Actor, str, dict[str, Any]], None]  # actor, channel, message


def control(
    actor: Actor, channel: str, ts: str, action_id: str
) -> tuple[str, dict[str, Any]] | None:
    """The control as the message shows it now (a click may have changed its block_id)."""
    message = actor.message(channel, ts)
    return next(((b, e) for b, e in controls(message) if e.get("action_id") == action_id), None)


def press(actor: Actor, channel: str, ts: str, action_id: str) -> dict[str, Any] | None:
    found = control(actor, channel, ts, action_id)
    if found is None:
        return None
    return actor.press(channel, actor.message(channel, ts), found[0], found[1])


def pick(actor: Actor, channel: str, ts: str, action_id: str, ending: str) -> None:
    """Choose, in the message's first select of that action_id, the option whose value ends
    with `ending`."""
    found = control(actor, channel, ts, action_id)
    if found is None:
        return
    block_id, element = found
    option = next((o for o in element.get("options") or [] if o["value"].endswith(ending)), None)
    if option is not None:
        actor.press(channel, actor.message(channel, ts), block_id, element, option)


def agreement(actor: Actor, channel: str, message: dict[str, Any]) -> None:
    """The welcome's "Set up our agreement": each member fills in their part once."""
    if "agreement" in actor.done:
        return
    actor.done.add("agreement")
    view = press(actor, channel, str(message["ts"]), ActionId.AGREEMENT_OPEN)
    answers = MODALS.get(str(view.get("callback_id"))) if view else None
    if view is not None and answers is not None:
        actor.submit(view, answers(actor))


def checkin(actor: Actor, channel: str, message: dict[str, Any]) -> None:
    """A check-in: remind me tomorrow, or a pulse, then a reflection, a reply, or nothing."""
    ts, person = str(message["ts"]), actor.person
    if ts not in actor.checkins:
        actor.checkins.append(ts)
    n = actor.checkins.index(ts) + 1
    if (person.silent_from and n >= person.silent_from) or f"answered:{ts}" in actor.done:
        return
    if n in person.remind and f"remind:{ts}" not in actor.done:
        actor.done.add(f"remind:{ts}")
        press(actor, channel, ts, ActionId.CHECKIN_REMIND)
        return  # Tandem's reminder tomorrow brings them back (see `reminder`)
    actor.done.add(f"answered:{ts}")
    pulse = person.nth(person.pulses, n)
    if pulse:
        press(actor, channel, ts, f"checkin_pulse_{pulse}")
    if n in person.progress:
        pick(actor, channel, ts, ActionId.CHECKIN_GOAL, f":{person.progress[n]}")
    way = person.nth(person.ways, n)
    if way == "modal" and person.reflections:
        view = press(actor, channel, ts, ActionId.CHECKIN_REFLECT)
        if view is not None:
            text = person.nth(person.reflections, actor.count("reflection"))
            share = ["share"] if n in person.share else []
            actor.submit(view, {"reflection": text, "reflection_share": share})
    elif way == "reply" and person.replies:
        actor.write(person.nth(person.replies, actor.count("reply")))


def reminder(actor: Actor, channel: str, message: dict[str, Any]) -> None:
    """A reminder of an open check-in: they answer that check-in now (if they would)."""
    if actor.checkins:
        original = actor.message(channel, actor.checkins[-1])
        if original:
            checkin(actor, channel, original)


HABITS: dict[str, Habit] = {
    ActionId.AGREEMENT_OPEN: agreement,
    ActionId.CHECKIN_PULSE_1: checkin,
    ActionId.CHECKIN_REFLECT: reminder,
}


def react(actor: Actor, channel: str, ts: str) -> None:
    """Do what they know to do with the message (as it stands now): the first habit of
    HABITS whose control the message has."""
    message = actor.message(channel, ts)
    offered = {str(element.get("action_id")) for _, element in controls(message)}
    for action_id, habit in HABITS.items():
        if action_id in offered:
            habit(actor, channel, message)
            return


def _goals(actor: Actor) -> dict[str, Any]:
    """The goal they reached (by its words), ticked in `/mentor goals`."""
    done = actor.person.goal_done
    goal = actor.person.agreement.get(f"goal_{done.get('goal', 1)}") if done else None
    return {"goals_done": [goal]} if goal else {}


def _settings(actor: Actor) -> dict[str, Any]:
    return {"shoutout_channel": actor.play.stage.cast.shoutout_channel}


# How a person fills in a modal Tandem opened for them, by its callback_id.
MODALS: dict[str, Callable[[Actor], dict[str, Any]]] = {
    CallbackId.AGREEMENT_MENTOR: lambda actor: actor.person.agreement,
    CallbackId.AGREEMENT_MENTEE: lambda actor: actor.person.agreement,
    CallbackId.GOALS: _goals,
    CallbackId.GOALS_DONE: _goals,
    CallbackId.PROGRAM_SETTINGS: _settings,
}


def type_command(actor: Actor, text: str) -> None:
    """`/mentor text`; a modal it opens is filled in (if they know how) and submitted."""
    view = actor.command(text)
    if view is not None:
        answers = MODALS.get(str(view.get("callback_id")))
        if answers is not None:
            actor.submit(view, answers(actor))
