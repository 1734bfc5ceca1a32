"""Reading `/mentor schedule [@mentor @mentee] weekly|biweekly|monthly DAY HH:MM`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.command_text import user_id
from bot.domain.schedule import BIWEEKLY, MONTHLY, WEEKLY, Cadence, parse_time

EVERY = {"weekly": WEEKLY, "biweekly": BIWEEKLY, "fortnightly": BIWEEKLY, "monthly": MONTHLY}
DAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}


@dataclass(frozen=True)
class ScheduleArgs:
    people: tuple[str, ...]  # user IDs mentioned: none (my pair), a partner, or a pair
    cadence: Cadence | None  # None: show the schedule instead of changing it


@dataclass(frozen=True)
class ScheduleProblem:
    problem: str  # usage / not_a_user / same_person / cadence / day / weekend / time
    token: str = ""


def parse_schedule_args(args: tuple[str, ...]) -> ScheduleArgs | ScheduleProblem:
    """Mentions may come anywhere; the other words are cadence, weekday and time, in order."""
    people: list[str] = []
    words: list[str] = []
    for token in args:
        found = user_id(token)
        if found is not None:
            people.append(found)
        elif token.startswith(("<@", "@", "<!")):
            return ScheduleProblem("not_a_user", token)
        else:
            words.append(token)
    if len(people) > 2 or len(words) not in (0, 3):
        return ScheduleProblem("usage")
    if len(people) == 2 and people[0] == people[1]:
        return ScheduleProblem("same_person", args[0])
    if not words:
        return ScheduleArgs(tuple(people), None)
    every, day, at = words
    if every.lower() not in EVERY:
        return ScheduleProblem("cadence", every)
    weekday = DAYS.get(day.lower().rstrip(".,"))
    if weekday is None:
        return ScheduleProblem("day", day)
    if weekday >= 5:
        return ScheduleProblem("weekend", day)
    clock = parse_time(at)
    if clock is None:
        return ScheduleProblem("time", at)
    return ScheduleArgs(tuple(people), Cadence(EVERY[every.lower()], weekday, clock))
