"""One pair's first four weeks of check-ins, simulated against the fake Slack.

An owner pairs Ana (mentor, Berlin) and Ben (mentee, New York) with `/mentor pair` on
Monday 4 January 2027; the scheduler then runs a pass every hour of simulated time, and the
two of them answer as people do (a click, the modal, a reply, a skip, nothing at all). Every
Slack call is labelled with the simulated instant it happened at, and the transcript says
who got what, when, in their own local time.

    python -m tests.support.four_weeks      # prints the transcript (SQLite in a temp dir)
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.bootstrap import build_tandem
from bot.clock import FixedClock
from bot.db import schema
from bot.db.engine import make_engine
from bot.domain.schedule import zone
from bot.sandbox import FakeSlack
from bot.sandbox.model import REPLACE
from bot.scheduler.tick import run_pass
from bot.settings import Settings
from tests.support.checkins import checkin_of, eventually, utc
from tests.support.flows import MENTEE_PART, button, checkboxes, click, open_view, state
from tests.support.flows import text_value as text_input
from tests.support.runner import RunningApp, run_in_thread

OWNER = "UOWNER001"
ANA, BEN = "UANA00001", "UBEN00001"
PEOPLE = {ANA: ("Ana", "Europe/Berlin"), BEN: ("Ben", "America/New_York")}
START = utc(2027, 1, 4, 9)  # Monday 4 January 2027
END = utc(2027, 2, 4)  # after the fourth week's check-ins and reminders


@dataclass
class Simulation:
    app: RunningApp
    lines: list[str] = field(default_factory=list)
    seen: int = 0  # fake Slack calls already written to the transcript
    channel: str = ""
    dm_users: dict[str, str] = field(default_factory=dict)  # DM channel -> user

    def at(self, when: datetime) -> None:
        self.app.tandem.clock.at = when  # type: ignore[attr-defined]

    def note(self, when: datetime, who: str, what: str) -> None:
        self.lines.append(f"{_stamp(when, who)}  {PEOPLE.get(who, ('owner', ''))[0]:<5} {what}")

    def record(self, when: datetime, actor: str = "") -> None:
        """Describe the Slack calls made since the last record, as of `when`."""
        calls = self.app.fake.calls[self.seen :]
        self.seen = len(self.app.fake.calls)
        for call in calls:
            described = _describe(call.method, call.args, call.response, self)
            if described is not None:
                who, what = described
                who = who or actor
                self.lines.append(f"{_stamp(when, who)}  -> {_name(who):<5} {what}")


def _name(user: str) -> str:
    return PEOPLE.get(user, ("owner", ""))[0] if user.startswith("U") else user


def _stamp(when: datetime, user: str) -> str:
    tz = PEOPLE.get(user, ("", "UTC"))[1]
    local = when.astimezone(zone(tz))
    city = tz.split("/")[-1].replace("_", " ")
    return f"{when:%a %d %b %H:%M} UTC | {local:%a %H:%M} {city:<8}"


def _first_line(text: str, width: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _question(blocks: Any) -> str:
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks or []
    for block in blocks:
        text = (block.get("text") or {}).get("text", "")
        if text.startswith("*This week's question*"):
            return _first_line(text.split("\n", 1)[1].lstrip(">"), 80)
    return ""


def _describe(
    method: str, args: dict[str, Any], response: dict[str, Any], sim: Simulation
) -> tuple[str, str] | None:
    """(recipient, what they got) for a call a person would notice; None for the rest."""
    if not response.get("ok"):
        return None
    pair_channel = sim.channel
    dm_user = sim.dm_users.get(str(response.get("channel") or args.get("channel") or ""), "")
    channel = str(args.get("channel", ""))
    metadata = args.get("metadata") or {}
    kind = (metadata.get("event_payload") or {}).get("kind") if isinstance(metadata, dict) else None
    if method == "chat.postMessage" and kind == "checkin":
        return channel, f'check-in DM: "{_question(args.get("blocks"))}"'
    if method == "chat.postMessage" and kind == "checkin_reminder":
        return channel, "reminder DM: the check-in is still open"
    if method == "chat.postMessage" and kind and channel == pair_channel:
        return "#pair", f"pair channel, {kind}: {_first_line(args.get('text', ''), 70)}"
    if method == "chat.postMessage" and kind:
        return channel, f"{kind} DM"
    if method == "chat.postMessage" and args.get("thread_ts"):
        return dm_user, f"reply in thread: {_first_line(args['text'], 70)}"
    if method == "chat.postMessage" and channel == pair_channel:
        return "#pair", f"pair channel: {_first_line(args.get('text', ''), 80)}"
    if method == REPLACE or (method == "chat.update" and channel.startswith("D")):
        return dm_user, f"DM updated: {_first_line(args.get('text', ''), 60)}"
    if method == "chat.update" and channel == pair_channel:
        return "#pair", f"pair channel post edited: {_first_line(args.get('text', ''), 60)}"
    if method == "response_url":
        return "", f"(ephemeral) {_first_line(args.get('text', ''), 80)}"
    if method == "views.open":
        return "", "modal opened: " + str((args.get("view") or {}).get("callback_id", ""))
    return None


Action = Callable[[Simulation], None]


def _pulse(user: str, value: int) -> Action:
    def act(sim: Simulation) -> None:
        checkin = checkin_of(sim.app, user)
        sim.app.driver.block_action(
            user,
            f"checkin_pulse_{value}",
            value=str(checkin.id),
            channel=checkin.channel_id,
            message_ts=checkin.message_ts,
        )
        eventually(sim.app, user, lambda c: c.pulse == value)

    return act


def _reflect(user: str, words: str, share: bool = False) -> Action:
    def act(sim: Simulation) -> None:
        checkin = checkin_of(sim.app, user)
        view = open_view(
            sim.app,
            click(sim.app, user, "checkin_reflect", str(checkin.id), channel=checkin.channel_id),
        )
        values = state(
            reflection=text_input(words),
            reflection_share=checkboxes("share") if share else checkboxes(),
        )
        sim.app.driver.view_submission(user, view, values)
        eventually(sim.app, user, lambda c: c.reflection == words and (c.shared_ts or not share))

    return act


def _reply(user: str, words: str) -> Action:
    def act(sim: Simulation) -> None:
        _, ts = sim.app.driver.direct_message(user, words)
        sim.app.fake.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") == ts)

    return act


def _button(user: str, action_id: str) -> Action:
    def act(sim: Simulation) -> None:
        checkin = checkin_of(sim.app, user)
        before = len(sim.app.fake.calls)
        sim.app.driver.block_action(
            user,
            action_id,
            value=str(checkin.id),
            channel=checkin.channel_id,
            message_ts=checkin.message_ts,
        )
        if action_id == "checkin_remind":
            sim.app.fake.wait_for("response_url", lambda c: sim.app.fake.calls.index(c) >= before)
        else:
            sim.app.fake.wait_for_update(lambda c: sim.app.fake.calls.index(c) >= before)

    return act


def _goal(user: str, position: int, percent: int) -> Action:
    def act(sim: Simulation) -> None:
        checkin = checkin_of(sim.app, user)
        [prompt] = [
            c
            for c in sim.app.fake.calls_to("chat.postMessage", channel=user)
            if c.args.get("metadata", {})
            .get("event_payload", {})
            .get("key", "")
            .endswith(checkin.period)
        ]
        blocks = prompt.args["blocks"]
        options = [
            b["accessory"]["options"]
            for b in blocks
            if b.get("accessory", {}).get("action_id") == "checkin_goal"
        ][position - 1]
        value = next(o["value"] for o in options if o["value"].endswith(f":{percent}"))
        before = len(sim.app.fake.updates())
        sim.app.driver.block_action(
            user,
            "checkin_goal",
            selected_option={"value": value},
            channel=checkin.channel_id,
            message_ts=checkin.message_ts,
        )
        sim.app.fake.wait_for_update(count=before + 1)

    return act


# What Ana and Ben do, at what (UTC) time, described in the transcript.
SCRIPT: list[tuple[datetime, str, str, Action]] = [
    (utc(2027, 1, 12, 11), ANA, "taps trust pulse 4", _pulse(ANA, 4)),
    (
        utc(2027, 1, 13, 17),
        BEN,
        "replies in the DM after the reminder",
        _reply(
            BEN,
            "Honestly I wasn't sure what to ask Ana for. Writing it down helped: "
            "I want to run planning myself.",
        ),
    ),
    (utc(2027, 1, 19, 9, 30), ANA, "clicks 'Remind me tomorrow'", _button(ANA, "checkin_remind")),
    (
        utc(2027, 1, 20, 12),
        ANA,
        "writes a private reflection in the modal",
        _reflect(
            ANA,
            "I talked too much in our last call. "
            "Next time I'll ask two questions before giving advice.",
        ),
    ),
    (utc(2027, 1, 19, 16), BEN, "taps pulse 5 and shares a reflection", _pulse(BEN, 5)),
    (
        utc(2027, 1, 19, 16, 5),
        BEN,
        "(the reflection, shared with Ana)",
        _reflect(
            BEN,
            "Ana listened without jumping in <3 & asked what *I* thought first. "
            "That made it easy to be honest.",
            share=True,
        ),
    ),
    (utc(2027, 1, 26, 10), ANA, "clicks 'Skip this week'", _button(ANA, "checkin_skip")),
    (utc(2027, 1, 26, 15, 30), BEN, "moves goal 1 to 50%", _goal(BEN, 1, 50)),
    (
        utc(2027, 2, 2, 12),
        ANA,
        "replies in the DM",
        _reply(ANA, "Ben ran the planning session. I only took notes. Proud of him."),
    ),
    # Ben does not answer the fourth check-in: one reminder, then nothing.
]


def simulate(app: RunningApp) -> list[str]:
    """Run the four weeks against a running app; return the transcript lines."""
    sim = Simulation(app)
    fake = app.fake
    fake.add_user(ANA, "ana", tz="Europe/Berlin")
    fake.add_user(BEN, "ben", tz="America/New_York")
    for user in (ANA, BEN):
        sim.dm_users[fake.dm_with(user)] = user
    sim.at(START)
    sim.note(START, OWNER, "runs /mentor pair @ana @ben")
    app.driver.command(OWNER, f"pair <@{ANA}|ana> <@{BEN}|ben>")
    welcome = fake.wait_for("chat.postMessage")[-1]
    sim.channel = str(welcome.response["channel"])
    fake.wait_for("response_url")
    sim.note(START, BEN, "fills in the mentee agreement (two goals)")
    view = open_view(
        app,
        click(
            app,
            BEN,
            "agreement_open",
            button(welcome.response["message"], "agreement_open")["value"],
            channel=sim.channel,
        ),
    )
    app.driver.view_submission(BEN, view, MENTEE_PART)
    fake.wait_for("chat.postMessage", lambda c: c.args.get("channel") == sim.channel, count=2)
    sim.record(START)
    script = sorted(SCRIPT, key=lambda step: step[0])
    now = START
    while now <= END:
        while script and script[0][0] <= now:
            when, who, what, act = script.pop(0)
            sim.at(when)
            sim.note(when, who, what)
            act(sim)
            sim.record(when, who)
        run_pass(app.tandem, now)
        sim.record(now)
        now += timedelta(minutes=15)
    return sim.lines


def run_simulation(simulation: Callable[[RunningApp], list[str]], start: datetime) -> list[str]:
    """Run a simulation against a fresh fake Slack and SQLite database; its lines."""
    with tempfile.TemporaryDirectory() as folder:
        fake = FakeSlack().start()
        fake.add_user(OWNER, "olive", tz="Europe/Berlin")
        url = f"sqlite:///{Path(folder) / 'tandem.db'}"
        engine = make_engine(url)
        schema.upgrade(engine)
        settings = Settings(
            database_url=url,
            slack_api_url=fake.api_url,
            slack_bot_token="xoxb-test-token",
            slack_signing_secret="simulation",
            owners=(OWNER,),
            slack_posts_per_second=1000,
        )
        tandem = build_tandem(settings, engine=engine, clock=FixedClock(start))
        app = run_in_thread(tandem, fake)
        try:
            return simulation(app)
        finally:
            app.stop()
            fake.stop()
            engine.dispose()


def main() -> None:
    for line in run_simulation(simulate, START):
        print(line)


if __name__ == "__main__":
    main()
