"""Reading `@mentor @mentee [#channel]` from the text of an owner command."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.command_text import channel_id, user_id


class ArgsProblem(StrEnum):
    USAGE = "usage"  # wrong number of words
    NOT_A_USER = "not_a_user"  # a word where a person was expected (a group, @here, a name)
    NOT_A_CHANNEL = "not_a_channel"
    SAME_PERSON = "same_person"


@dataclass(frozen=True)
class PairArgs:
    mentor: str
    mentee: str
    channel: str | None = None


@dataclass(frozen=True)
class ArgsRefusal:
    problem: ArgsProblem
    token: str = ""  # the word that was wrong, to quote back


def parse_pair_args(args: tuple[str, ...], *, allow_channel: bool) -> PairArgs | ArgsRefusal:
    """`<@U1> <@U2>` (and, when allowed, `<#C1>`) from escaped command words."""
    most = 3 if allow_channel else 2
    if not 2 <= len(args) <= most:
        return ArgsRefusal(ArgsProblem.USAGE)
    people: list[str] = []
    for token in args[:2]:
        found = user_id(token)
        if found is None:
            return ArgsRefusal(ArgsProblem.NOT_A_USER, token)
        people.append(found)
    channel = None
    if len(args) == 3:
        channel = channel_id(args[2])
        if channel is None:
            return ArgsRefusal(ArgsProblem.NOT_A_CHANNEL, args[2])
    if people[0] == people[1]:
        return ArgsRefusal(ArgsProblem.SAME_PERSON, args[0])
    return PairArgs(mentor=people[0], mentee=people[1], channel=channel)


def has_mentions(args: tuple[str, ...]) -> bool:
    """True if any word is a user mention (the owner form of pause/resume)."""
    return any(user_id(token) is not None for token in args) or any(
        token.startswith(("<@", "@")) for token in args
    )
