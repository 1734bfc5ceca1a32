"""What the simulated people know to do with Tandem's messages, keyed by the action_id of a
control in the message (in the order of HABITS: the first whose control is there decides),
and how they fill in its modals (MODALS, by callback_id). A feature whose messages people
should answer adds its habit and its modal here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.demo.people import Actor, controls
from bot.ids import ActionId, BlockId, CallbackId, ShortcutId

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
    _fill(actor, press(actor, channel, str(message["ts"]), ActionId.AGREEMENT_OPEN))


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


def in_order(view: dict[str, Any], prefix: str, answers: Any) -> dict[str, Any]:
    """Answers for a modal's input blocks whose block_id starts with `prefix` (one per goal,
    one per area), in the order the modal shows them; None leaves one as offered."""
    ids = [
        str(b.get("block_id"))
        for b in view.get("blocks") or []
        if b.get("type") == "input" and str(b.get("block_id", "")).startswith(prefix)
    ]
    return {i: a for i, a in zip(ids, answers or (), strict=False) if a is not None}


def open_once(
    actor: Actor, channel: str, message: dict[str, Any], action_id: str, given: tuple[Any, ...]
) -> tuple[dict[str, Any], Any] | None:
    """A message whose button opens a form, each value answered once (a reminder carries the
    value of the nudge it follows): their next entry of `given` and the form it opened;
    None if they answered it already or have nothing (more) to give."""
    element = next((e for _, e in controls(message) if e.get("action_id") == action_id), {})
    key = f"{action_id}:{element.get('value', '')}"
    if key in actor.done:
        return None
    actor.done.add(key)
    entry = actor.person.only(given, actor.count(action_id))
    view = press(actor, channel, str(message["ts"]), action_id) if entry else None
    return (view, entry) if view is not None else None


def feedback(actor: Actor, channel: str, message: dict[str, Any]) -> None:
    """A feedback nudge (or its reminder): in each round, the words they have for it."""
    opened = open_once(actor, channel, message, ActionId.FEEDBACK_OPEN, actor.person.feedback)
    if opened is not None:
        actor.submit(*opened)


def received(actor: Actor, channel: str, message: dict[str, Any]) -> None:
    """Feedback from their partner: "Thanks, this helps" or "Let's talk about it"; on the
    first one, the private note they keep for themselves, if they have one."""
    ts, person = str(message["ts"]), actor.person
    n = actor.count("received")
    answer = person.only(person.received, n)
    if answer:
        talk = answer == "talk"
        press(actor, channel, ts, ActionId.FEEDBACK_TALK if talk else ActionId.FEEDBACK_THANKS)
    if n == 1 and person.feedback_note:
        view = press(actor, channel, ts, ActionId.FEEDBACK_NOTE)
        if view is not None:
            actor.submit(view, {BlockId.FEEDBACK_NOTE: person.feedback_note})


def readiness(actor: Actor, channel: str, message: dict[str, Any]) -> None:
    """A readiness round: each area rated 1-5 as they see it (0 leaves one unrated)."""
    given = actor.person.readiness
    opened = open_once(actor, channel, message, ActionId.READINESS_OPEN, given)
    if opened is not None:
        view, ratings = opened
        scores = [str(r) if r else None for r in ratings]
        actor.submit(view, in_order(view, BlockId.READINESS_AREA, scores))


def self_assessment(actor: Actor, channel: str, message: dict[str, Any]) -> None:
    """The monthly look at their goals: a percent and a note per open goal."""
    given = actor.person.assessment
    opened = open_once(actor, channel, message, ActionId.SELF_ASSESSMENT_OPEN, given)
    if opened is not None:
        view, month = opened
        answers = in_order(view, BlockId.ASSESS_PROGRESS, [str(p) for p in month["progress"]])
        answers |= in_order(view, BlockId.ASSESS_NOTE, month.get("notes", ()))
        actor.submit(view, answers)


HABITS: dict[str, Habit] = {
    ActionId.AGREEMENT_OPEN: agreement,
    ActionId.CHECKIN_PULSE_1: checkin,
    ActionId.CHECKIN_REFLECT: reminder,
    ActionId.FEEDBACK_OPEN: feedback,
    ActionId.FEEDBACK_THANKS: received,
    ActionId.READINESS_OPEN: readiness,
    ActionId.SELF_ASSESSMENT_OPEN: self_assessment,
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


def _handover(actor: Actor) -> dict[str, Any]:
    """What they handed over (from a message, the message's words stay as what was shared)."""
    given = actor.person.only(actor.person.handovers, actor.count("handover")) or {}
    blocks = {
        "shared": BlockId.HANDOVER_SHARED,
        "area": BlockId.HANDOVER_AREA,
        "how": BlockId.HANDOVER_HOW,
    }
    return {str(blocks[key]): value for key, value in given.items() if key in blocks}


def _settings(actor: Actor) -> dict[str, Any]:
    return {"shoutout_channel": actor.play.stage.cast.shoutout_channel}


# How a person fills in a modal Tandem opened for them, by its callback_id.
MODALS: dict[str, Callable[[Actor], dict[str, Any]]] = {
    CallbackId.AGREEMENT_MENTOR: lambda actor: actor.person.agreement,
    CallbackId.AGREEMENT_MENTEE: lambda actor: actor.person.agreement,
    CallbackId.GOALS: _goals,
    CallbackId.GOALS_DONE: _goals,
    CallbackId.PROGRAM_SETTINGS: _settings,
    CallbackId.HANDOVER: _handover,
}


def _fill(actor: Actor, view: dict[str, Any] | None) -> None:
    """Fill in and submit a modal, if they know how."""
    answers = MODALS.get(str(view.get("callback_id"))) if view is not None else None
    if view is not None and answers is not None:
        actor.submit(view, answers(actor))


def type_command(actor: Actor, text: str) -> None:
    """`/mentor text`; a modal it opens is filled in (if they know how) and submitted; a
    tip it shows them is shared with their partner."""
    before = len(actor.play.recorder.entries)
    _fill(actor, actor.command(text))
    for entry in actor.play.recorder.entries[before:]:
        if entry.kind == "ephemeral" and entry.to == actor.person.id:
            shown = {"blocks": entry.blocks, "ts": ""}
            share = next(
                (c for c in controls(shown) if c[1].get("action_id") == ActionId.TIP_SHARE), None
            )
            if share is not None:
                actor.press(entry.conversation, shown, share[0], share[1])
                return


def log_last_message(actor: Actor, shortcut: str) -> None:
    """Log their partner's last message in the pair channel as knowledge transfer, with the
    message shortcut named `shortcut`."""
    channel, partner = actor.pair_channel(), actor.partner
    said = [
        m
        for m in actor.play.app.fake.messages_in(channel)
        if partner and m.get("user") == partner.id
    ]
    if said:
        _fill(actor, actor.shortcut(ShortcutId.LOG_HANDOVER, shortcut, channel, said[-1]))
