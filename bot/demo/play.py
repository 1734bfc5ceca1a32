"""The calendar: the owner sets up the program, then every simulated hour the moments due
are typed, people answer what they have read, and one scheduler pass runs (`run_pass`, as
`tandem tick --now` does), until the last week is over."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.demo.cast import Person
from bot.demo.habits import log_last_message, react, type_command
from bot.demo.people import Actor
from bot.demo.record import Recorder
from bot.demo.stage import Stage
from bot.scheduler.tick import run_pass

HOUR = timedelta(hours=1)


class DemoFailed(Exception):
    """The demo stopped; the message names the step it was playing."""


@dataclass
class Play:
    stage: Stage
    recorder: Recorder
    actors: dict[str, Actor] = field(default_factory=dict)  # user ID -> actor
    step: str = "setting up"

    @property
    def app(self) -> Any:
        return self.stage.app

    @property
    def now(self) -> datetime:
        return self.stage.clock.at

    def at(self, when: datetime) -> None:
        self.stage.clock.at = when

    def did(self, actor: Actor, where: str, kind: str, text: str, title: str = "") -> None:
        self.recorder.take(self.now)  # what came before this, first
        self.recorder.did(self.now, actor.person, where, kind, text, title)

    def settled(self, actor: Actor, where: str, before: int) -> dict[str, Any] | None:
        """Wait for the app to finish; record its answers; the modal it opened, if any."""
        self.app.settle()
        self.recorder.take(self.now, actor.person, where)
        opened = [
            c
            for c in self.app.fake.calls[before:]
            if c.method in ("views.open", "views.push") and c.ok
        ]
        return dict(opened[-1].response["view"]) if opened else None

    def channel_ids(self) -> dict[str, str]:
        with self.app.fake.lock:
            return {c.name: c.id for c in self.app.fake.channels.values() if not c.is_im}

    def doing(self, step: str, action: Callable[..., Any], *args: Any) -> Any:
        """Run one step; if it fails, say which."""
        self.step = f"{self.now:%a %d %b %Y %H:%M} UTC: {step}"
        try:
            return action(*args)
        except DemoFailed:
            raise
        except Exception as exc:
            raise DemoFailed(f"{self.step} failed: {type(exc).__name__}: {exc}") from exc


def local_time(person: Person, start: datetime, week: int, day: int, hour: int) -> datetime:
    """Week (1-based), weekday and local hour of a person, as a UTC instant on the hour."""
    local = ZoneInfo(person.tz)
    monday = start.astimezone(local).date() - timedelta(days=start.astimezone(local).weekday())
    date = monday + timedelta(weeks=week - 1, days=day)
    return datetime(date.year, date.month, date.day, hour, tzinfo=local).astimezone(start.tzinfo)


Typed = tuple[datetime, Person, str, str]  # when, who, the text, the kind of moment


def moments(play: Play, weeks: int) -> list[Typed]:
    """What people do of their own accord, in order: the owner's weekly status, the pairs'
    moments (a command, a message in the pair channel, or logging the partner's last
    message there as knowledge transfer)."""
    cast = play.stage.cast
    owner = cast.owner
    found = [
        (
            local_time(owner, cast.start, week, cast.status_weekday, cast.status_hour),
            owner,
            "status",
            "command",
        )
        for week in range(1, weeks + 1)
    ]
    for moment in cast.owner_moments:
        week = moment.week or weeks
        when = local_time(owner, cast.start, week, moment.day, moment.hour)
        found.append((when, owner, moment.command, "command"))
    for pair in cast.pairs:
        for moment in pair.moments:
            partner = pair.partner_of(moment.who)
            text = moment.command.format(partner=f"<@{partner.id}|{partner.name}>")
            when = local_time(moment.who, cast.start, moment.week, moment.day, moment.hour)
            found.append((when, moment.who, text, moment.kind))
        done = pair.mentee.goal_done
        if done:
            when = local_time(pair.mentee, cast.start, done["week"], done["day"], done["hour"])
            found.append((when, pair.mentee, "goals", "command"))
    return sorted((m for m in found if m[0] >= cast.start), key=lambda m: m[0])


def setup(play: Play) -> None:
    """The owner picks the shoutout channel and pairs everyone (Monday of week 1)."""
    cast = play.stage.cast
    owner = play.actors[cast.owner.id]
    play.doing(
        "the owner sets the shoutout channel in /mentor settings", type_command, owner, "settings"
    )
    for pair in cast.pairs:
        mentor, mentee = pair.mentor, pair.mentee
        text = f"pair <@{mentor.id}|{mentor.name}> <@{mentee.id}|{mentee.name}>"
        play.doing(
            f"the owner pairs {mentor.real_name} and {mentee.real_name}", owner.command, text
        )


def hour(play: Play, now: datetime, typed: list[Typed]) -> None:
    """One simulated hour: moments due, answers due, one scheduler pass, people read."""
    play.at(now)
    while typed and typed[0][0] <= now:
        _, person, text, kind = typed.pop(0)
        actor, name = play.actors[person.id], person.real_name
        if kind == "post":
            play.doing(f"{name} writes in their pair channel", actor.post, text)
        elif kind == "log":
            play.doing(
                f"{name} logs a message as knowledge transfer", log_last_message, actor, text
            )
        else:
            play.doing(f"{name} types /mentor {text}", type_command, actor, text)
    for actor in play.actors.values():
        for channel, ts in actor.due(now):
            name = actor.person.real_name
            play.doing(f"{name} answers a message in {channel}", react, actor, channel, ts)
    play.doing("a scheduler pass", run_pass, play.app.tandem, now)
    play.recorder.take(now)
    for actor in play.actors.values():
        actor.look(now)


def play_weeks(
    stage: Stage,
    weeks: int,
    on_entries: Callable[[list[Any]], None],
    on_week: Callable[[int, datetime], None],
) -> Play:
    """Play `weeks` weeks from the cast's start, a scheduler pass every simulated hour (as a
    cron running `tandem tick` would; sweeps that look at the local hour see every hour),
    except the hours that are the weekend for everyone in the cast: Tandem keeps to working
    days, so those passes would find nothing due, and the first pass after looks back."""
    cast, fake = stage.cast, stage.app.fake
    play = Play(stage, Recorder(fake, cast))
    for person in cast.people:
        play.actors[person.id] = Actor(person, cast.pair_of(person), fake.dm_with(person.id), play)
    play.at(cast.start)
    setup(play)
    typed = moments(play, weeks)
    printed, week = 0, 1
    now, end = cast.start, cast.start + timedelta(weeks=weeks)
    zones = {ZoneInfo(person.tz) for person in cast.people}
    while now < end:
        if any(now.astimezone(zone).weekday() < 5 for zone in zones):
            hour(play, now, typed)
        on_entries(play.recorder.entries[printed:])
        printed = len(play.recorder.entries)
        now += HOUR
        while week < weeks and now >= cast.start + timedelta(weeks=week):
            on_week(week, now)
            week += 1
    on_week(week, end)
    return play
