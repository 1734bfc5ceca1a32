"""One pair's feedback exchange, simulated against the fake Slack.

Ana (mentor, Berlin) and Ben (mentee, New York) are paired on Monday 4 January 2027. A
scheduler pass runs every 30 simulated minutes; after their second check-in round both are
nudged, Ana writes first (held), Ben writes two days later (both revealed at once), each
answers the other's feedback, Ana keeps a private note, and Ben sends one more outside the
round. The transcript says who got what, when, in their own local time.

    python -m tests.support.feedback_exchange      # prints the transcript
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from bot.formatting import unescape
from bot.scheduler.tick import run_pass
from tests.support.checkins import posts, utc
from tests.support.feedback import MENTEE_WORDS, MENTOR_WORDS, dm_of, open_from
from tests.support.flows import MENTEE_PART, button, click, open_view, state, text_value
from tests.support.four_weeks import (
    ANA,
    BEN,
    OWNER,
    START,
    Simulation,
    _first_line,
    _stamp,
    run_simulation,
)
from tests.support.runner import RunningApp

END = utc(2027, 1, 27, 12)
NOTE = "I jump in to rescue too early. Next review: count to five before I help."


def _shown(args: dict[str, Any]) -> str:
    blocks = args.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    texts = [b["text"]["text"] for b in blocks if isinstance(b.get("text"), dict)]
    return unescape(" ".join(" ".join(texts).split()) or str(args.get("text", "")))


def describe(sim: Simulation, method: str, args: dict[str, Any]) -> tuple[str, str] | None:
    """(recipient, what they saw) for the messages of this exchange; None for the rest."""
    kind = ((args.get("metadata") or {}).get("event_payload") or {}).get("kind")
    channel = str(args.get("channel", ""))
    if method == "chat.postMessage" and channel == sim.channel:
        return "#pair", f"pair channel: {_first_line(_shown(args), 90)}"
    if method == "chat.postMessage" and kind == "feedback_delivery":
        return channel, "feedback in DM: " + _shown(args).split(" Only you can see")[0]
    if method == "chat.postMessage" and kind in ("feedback_nudge", "feedback_reminder"):
        return channel, f"{kind.replace('_', ' ')} DM: {_first_line(_shown(args), 110)}"
    if method == "chat.postMessage" and kind:
        return channel, f"{kind.replace('_', ' ')} DM: {_first_line(_shown(args), 110)}"
    if method == "response_url":
        return "", f"(their DM, updated) {_first_line(_shown(args), 110)}"
    if method == "views.open":
        return "", "modal opened: " + str((args.get("view") or {}).get("title", {}).get("text"))
    return None


def record(sim: Simulation, when: datetime, actor: str = "") -> None:
    calls = sim.app.fake.calls[sim.seen :]
    sim.seen = len(sim.app.fake.calls)
    for call in calls:
        found = describe(sim, call.method, call.args) if call.response.get("ok") else None
        if found is not None:
            who = found[0] or actor
            name = {ANA: "Ana", BEN: "Ben"}.get(who, who)
            sim.lines.append(f"{_stamp(when, who)}  -> {name:<5} {found[1]}")


def _submit(sim: Simulation, user: str, view: dict[str, Any], words: dict[str, str]) -> str:
    """Submit the feedback modal (after recording the modal opening); what it answered."""
    record(sim, sim.app.tandem.clock.now(), user)
    values = state(**{name: text_value(text) for name, text in words.items()})
    answer = sim.app.driver.view_submission(user, view, values).json()
    return _first_line(unescape(answer["view"]["blocks"][0]["text"]["text"]), 110)


def _click_dm(sim: Simulation, user: str, kind: str, action_id: str) -> dict[str, Any]:
    message = dm_of(sim.app, posts(sim.app, user, kind)[-1])
    value = str(button(message, action_id)["value"])
    sim.app.driver.block_action(
        user, action_id, value=value, channel=message["channel"], message_ts=message["ts"]
    )
    return message


def _pair_up(sim: Simulation) -> None:
    app, fake = sim.app, sim.app.fake
    sim.at(START)
    sim.note(START, OWNER, "runs /mentor pair @ana @ben; Ben fills in his goals")
    app.driver.command(OWNER, f"pair <@{ANA}|ana> <@{BEN}|ben>")
    welcome = fake.wait_for("chat.postMessage")[-1]
    sim.channel = str(welcome.response["channel"])
    fake.wait_for("response_url")  # the pair is saved
    value = button(welcome.response["message"], "agreement_open")["value"]
    view = open_view(app, click(app, BEN, "agreement_open", value, channel=sim.channel))
    app.driver.view_submission(BEN, view, MENTEE_PART)
    fake.wait_for("chat.postMessage", lambda c: c.args.get("channel") == sim.channel, count=2)
    sim.seen = len(fake.calls)


def _act(sim: Simulation, when: datetime) -> str:
    """What Ana and Ben do at this instant (the script); who acted, if anyone."""
    app, fake = sim.app, sim.app.fake
    if when == utc(2027, 1, 20, 11):
        sim.note(when, ANA, "opens the nudge's button and writes feedback for Ben")
        view = open_from(app, ANA, posts(app, ANA, "feedback_nudge")[-1])
        sim.note(when, ANA, "is told: " + _submit(sim, ANA, view, MENTOR_WORDS))
        return ANA
    if when == utc(2027, 1, 22, 16):
        sim.note(when, BEN, "runs /mentor feedback and writes feedback for Ana")
        before = len(fake.calls_to("views.open"))
        app.driver.command(BEN, "feedback")
        view = open_view(app, fake.wait_for("views.open", count=before + 1)[-1])
        sim.note(when, BEN, "is told: " + _submit(sim, BEN, view, MENTEE_WORDS))
        return BEN
    if when == utc(2027, 1, 22, 17):
        sim.note(when, BEN, "clicks 'Thanks, this helps' on Ana's feedback")
        _click_dm(sim, BEN, "feedback_delivery", "feedback_thanks")
        fake.wait_for("response_url", count=2)
        return BEN
    if when == utc(2027, 1, 25, 8):
        sim.note(when, ANA, "clicks 'Let's talk about it' on Ben's feedback")
        _click_dm(sim, ANA, "feedback_delivery", "feedback_talk")
        fake.wait_for("response_url", count=3)
        sim.note(when, ANA, "adds a private note (nobody else will see it)")
        before = len(fake.calls_to("views.open"))
        _click_dm(sim, ANA, "feedback_delivery", "feedback_note")
        view = open_view(app, fake.wait_for("views.open", count=before + 1)[-1])
        app.driver.view_submission(ANA, view, state(feedback_note_text=text_value(NOTE)))
        return ANA
    if when == utc(2027, 1, 26, 17):
        sim.note(when, BEN, "sends more feedback outside a round")
        before = len(fake.calls_to("views.open"))
        app.driver.command(BEN, "feedback")
        view = open_view(app, fake.wait_for("views.open", count=before + 1)[-1])
        words = {
            "situation": "In this morning's one-to-one",
            "behaviour": "you asked how I wanted to use the hour before opening your notes",
            "impact": "we spent it on what I was stuck on",
            "next_step": "",
        }
        sim.note(when, BEN, "is told: " + _submit(sim, BEN, view, words))
        return BEN
    return ""


def simulate(app: RunningApp) -> list[str]:
    sim = Simulation(app)
    app.fake.add_user(ANA, "ana", tz="Europe/Berlin")
    app.fake.add_user(BEN, "ben", tz="America/New_York")
    _pair_up(sim)
    now = START
    while now <= END:
        sim.at(now)
        actor = _act(sim, now)
        record(sim, now, actor)
        run_pass(app.tandem, now)
        record(sim, now)
        now += timedelta(minutes=30)
    return sim.lines


def main() -> None:
    for line in run_simulation(simulate, START):
        print(line)


if __name__ == "__main__":
    main()
