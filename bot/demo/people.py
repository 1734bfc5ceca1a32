"""A simulated person: reads what is new in their conversations after each scheduler pass
and, some hours later (in their waking hours), does what they know to do with it.

What they know is in `habits.py`, keyed by the action_id of a control in a message; a new
feature's message is answered once its buttons have a habit there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.demo.cast import Pair, Person
from bot.demo.forms import fill, filled
from bot.demo.record import as_json
from bot.sandbox import BOT_USER

if TYPE_CHECKING:
    from bot.demo.play import Play

WAKING = range(8, 21)  # local hours in which people answer


def controls(message: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(block_id, element) of every interactive element of a message, in order."""
    found = []
    for block in message.get("blocks") or []:
        elements = list(block.get("elements") or [])
        if block.get("accessory"):
            elements.append(block["accessory"])
        found += [(str(block.get("block_id", "")), e) for e in elements if e.get("action_id")]
    return found


def label(element: dict[str, Any]) -> str:
    """What a control shows: a button's text, a select's placeholder, a checkbox's words."""
    options = element.get("options") or [{}]
    text = element.get("text") or element.get("placeholder") or options[0].get("text") or {}
    return str(text.get("text", element.get("action_id", "")))


@dataclass
class Actor:
    person: Person
    pair: Pair | None
    dm: str
    play: Play
    seen: dict[str, int] = field(default_factory=dict)  # channel -> messages read
    todo: list[tuple[datetime, str, str]] = field(default_factory=list)  # when, channel, ts
    done: set[str] = field(default_factory=set)  # what they did once (habits' memory)
    checkins: list[str] = field(default_factory=list)  # ts of check-ins received, in order
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> int:
        """How many times they did `what`, this one included (1 the first time)."""
        self.counts[what] = self.counts.get(what, 0) + 1
        return self.counts[what]

    @property
    def partner(self) -> Person | None:
        return self.pair.partner_of(self.person) if self.pair else None

    def _conversations(self) -> list[str]:
        fake = self.play.app.fake
        with fake.lock:
            return [
                c.id
                for c in fake.channels.values()
                if c.id == self.dm or (not c.is_im and self.person.id in c.members)
            ]

    def answer_time(self, now: datetime) -> datetime:
        """When they get to a message that arrived at `now`: after their delay, awake."""
        when = now + timedelta(hours=self.person.delay)
        local = ZoneInfo(self.person.tz)
        while when.astimezone(local).hour not in WAKING or when.astimezone(local).weekday() > 4:
            when += timedelta(hours=1)
        return when

    def look(self, now: datetime) -> None:
        """Notice new messages from Tandem that have something to press."""
        fake = self.play.app.fake
        for channel in self._conversations():
            messages = fake.messages_in(channel)
            for message in messages[self.seen.get(channel, 0) :]:
                if message.get("user") == BOT_USER and controls(message):
                    self.todo.append((self.answer_time(now), channel, str(message["ts"])))
            self.seen[channel] = len(messages)

    def due(self, now: datetime) -> list[tuple[str, str]]:
        ready = [(c, ts) for when, c, ts in self.todo if when <= now]
        self.todo = [t for t in self.todo if t[0] > now]
        return ready

    def later(self, when: datetime, channel: str, ts: str) -> None:
        self.todo.append((when, channel, ts))

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        return next((m for m in self.play.app.fake.messages_in(channel) if m.get("ts") == ts), {})

    # What a person can do in Slack; each waits for Tandem's answer and records it.
    def press(
        self,
        channel: str,
        message: dict[str, Any],
        block_id: str,
        element: dict[str, Any],
        option: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        """Click a button (or pick `option` in a select); the modal it opened, if any."""
        shown = option["text"]["text"] if option else label(element)
        self.play.did(self, channel, "action", shown, title="select" if option else "button")
        before = len(self.play.app.fake.calls)
        self.play.app.driver.block_action(
            self.person.id,
            str(element["action_id"]),
            value=element.get("value"),
            block_id=block_id,
            channel=channel,
            message_ts=str(message.get("ts")),
            selected_option=option,
        )
        return self.play.settled(self, channel, before)

    def command(self, text: str) -> dict[str, Any] | None:
        """Type `/mentor text` in the DM with Tandem; the modal it opened, if any."""
        self.play.did(self, self.dm, "action", f"/mentor {text}", title="command")
        before = len(self.play.app.fake.calls)
        self.play.app.driver.command(self.person.id, text, channel=self.dm)
        return self.play.settled(self, self.dm, before)

    def write(self, text: str) -> None:
        """Write a message to Tandem in the DM."""
        self.play.did(self, self.dm, "written", text)
        self.play.app.driver.direct_message(self.person.id, text)
        self.play.settled(self, self.dm, len(self.play.app.fake.calls))

    def pair_channel(self) -> str:
        """Their pair channel's ID ("" before Tandem made it)."""
        partner = self.partner
        fake = self.play.app.fake
        with fake.lock:
            return next(
                (
                    c.id
                    for c in fake.channels.values()
                    if not c.is_im
                    and partner is not None
                    and {self.person.id, partner.id} <= set(c.members)
                ),
                "",
            )

    def post(self, text: str) -> None:
        """Write a message in their pair channel."""
        channel = self.pair_channel()
        self.play.did(self, channel, "written", text)
        self.play.app.driver.channel_message(self.person.id, channel, text)

    def shortcut(
        self, callback_id: str, name: str, channel: str, message: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Choose the message shortcut `name` on `message`; the modal it opened, if any."""
        self.play.did(self, channel, "action", name, title="shortcut")
        before = len(self.play.app.fake.calls)
        self.play.app.driver.message_action(
            self.person.id, callback_id, channel=channel, message=message
        )
        return self.play.settled(self, channel, before)

    def submit(self, view: dict[str, Any], answers: dict[str, Any]) -> None:
        """Fill the modal from `answers` and submit it; show what Tandem answered."""
        values = fill(view, answers, self.play.channel_ids())
        title = str((view.get("title") or {}).get("text", ""))
        where = self.play.recorder.filled_in(self.person.id, filled(view, values)) or self.dm
        self.play.did(self, where, "action", title, title="submit")
        response = self.play.app.driver.view_submission(self.person.id, view, values)
        answer = as_json(response.body) if response.body else {}
        if isinstance(answer, dict) and answer.get("response_action") == "errors":
            # What the cast answers must be what Tandem accepts: say so, not play on.
            raise ValueError(f"Tandem refused the form {title!r}: {answer.get('errors')}")
        if isinstance(answer, dict) and answer.get("response_action") == "update":
            shown = self.play.recorder.modal(self.play.now, answer["view"], self.person, where)
            self.play.recorder.entries.append(shown)
        self.play.settled(self, where, len(self.play.app.fake.calls))
