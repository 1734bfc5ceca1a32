"""The people of the demo, read from prompts/demo/cast.toml."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.composer import Composer


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    real_name: str
    title: str
    tz: str
    role: str  # owner, mentor or mentee
    delay: int = 4  # hours between a message arriving and their answer
    pulses: tuple[int, ...] = ()
    ways: tuple[str, ...] = ("click",)
    reflections: tuple[str, ...] = ()
    replies: tuple[str, ...] = ()
    remind: frozenset[int] = frozenset()
    share: frozenset[int] = frozenset()
    silent_from: int | None = None
    progress: dict[int, int] = field(default_factory=dict)  # check-in -> percent of goal 1
    agreement: dict[str, Any] = field(default_factory=dict)
    goal_done: dict[str, int] = field(default_factory=dict)
    # What they give in the feedback rounds (one table per round they answer, in order):
    # situation, behaviour, impact, next_step; "" for a round they let pass.
    feedback: tuple[dict[str, str], ...] = ()
    received: tuple[str, ...] = ()  # "thanks" or "talk", for each feedback they receive
    feedback_note: str = ""  # a private note on the first feedback they receive
    readiness: tuple[tuple[int, ...], ...] = ()  # each round: a 1-5 rating per area, in order
    assessment: tuple[dict[str, Any], ...] = ()  # each month: progress and notes per goal
    handovers: tuple[dict[str, str], ...] = ()  # each logged: shared, area, how

    def nth(self, values: tuple[Any, ...], n: int) -> Any:
        """The entry for the nth (1-based) check-in; the last repeats; None if empty."""
        return values[min(n, len(values)) - 1] if values else None

    @staticmethod
    def only(values: tuple[Any, ...], n: int) -> Any:
        """The nth (1-based) entry; None past the last (nothing repeats)."""
        return values[n - 1] if 0 < n <= len(values) else None


@dataclass(frozen=True)
class Moment:
    """A command someone types: in `week` (1-based), on `day` (0 = Monday), at `hour` local."""

    who: Person
    week: int
    day: int
    hour: int
    command: str
    kind: str = "command"  # or "post" (a message in the pair channel), "log" (see play.py)


@dataclass(frozen=True)
class Pair:
    mentor: Person
    mentee: Person
    moments: tuple[Moment, ...]

    def partner_of(self, person: Person) -> Person:
        return self.mentee if person is self.mentor else self.mentor


@dataclass(frozen=True)
class Cast:
    start: datetime
    owner: Person
    pairs: tuple[Pair, ...]
    shoutout_channel: str
    status_weekday: int
    status_hour: int
    owner_moments: tuple[Moment, ...] = ()

    @property
    def people(self) -> tuple[Person, ...]:
        return (self.owner, *(p for pair in self.pairs for p in (pair.mentor, pair.mentee)))

    def pair_of(self, person: Person) -> Pair | None:
        return next((p for p in self.pairs if person in (p.mentor, p.mentee)), None)


def _person(data: dict[str, Any], role: str) -> Person:
    return Person(
        id=data["id"],
        name=data["name"],
        real_name=data["real_name"],
        title=data["title"],
        tz=data["tz"],
        role=role,
        delay=int(data.get("delay", 4)),
        pulses=tuple(data.get("pulses", ())),
        ways=tuple(data.get("ways", ("click",))),
        reflections=tuple(data.get("reflections", ())),
        replies=tuple(data.get("replies", ())),
        remind=frozenset(data.get("remind", ())),
        share=frozenset(data.get("share", ())),
        silent_from=data.get("silent_from"),
        progress={int(n): int(p) for n, p in data.get("progress", {}).items()},
        agreement=dict(data.get("agreement", {})),
        goal_done=dict(data.get("goal_done", {})),
        feedback=tuple(data.get("feedback", ())),
        received=tuple(data.get("received", ())),
        feedback_note=data.get("feedback_note", ""),
        readiness=tuple(tuple(r) for r in data.get("readiness", ())),
        assessment=tuple(data.get("assessment", ())),
        handovers=tuple(data.get("handovers", ())),
    )


def _pair(data: dict[str, Any]) -> Pair:
    mentor, mentee = _person(data["mentor"], "mentor"), _person(data["mentee"], "mentee")
    people = {"mentor": mentor, "mentee": mentee}
    moments = tuple(
        Moment(
            people[m["who"]],
            int(m["week"]),
            int(m["day"]),
            int(m["hour"]),
            m.get("command", ""),
            m.get("kind", "command"),
        )
        for m in data.get("moments", ())
    )
    return Pair(mentor, mentee, moments)


def load_cast(pairs: int, composer: Composer | None = None) -> Cast:
    """The owner and the first `pairs` pairs of prompts/demo/cast.toml."""
    data = (composer or Composer()).data("demo/cast.toml")
    owner = _person(data["owner"], "owner")
    return Cast(
        start=data["start"],
        owner=owner,
        pairs=tuple(_pair(p) for p in data["pairs"][:pairs]),
        shoutout_channel=data["shoutout_channel"],
        status_weekday=int(data["status_weekday"]),
        status_hour=int(data["status_hour"]),
        owner_moments=tuple(
            Moment(owner, int(m["week"]), int(m["day"]), int(m["hour"]), m["command"])
            for m in data.get("owner_moments", ())
        ),
    )


def most_pairs(composer: Composer | None = None) -> int:
    return len((composer or Composer()).data("demo/cast.toml")["pairs"])
