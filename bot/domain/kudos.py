"""Reading `/mentor kudos @person text` and `/mentor shoutouts on|off`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.command_text import user_id
from bot.formatting import unescape

MAX_KUDOS = 500  # characters of thanks: a few sentences, and a shoutout line stays short
# A person or channel Slack escaped with its name (<@U1|ana>, <#C1|general>) reads as @ana or
# #general; anything else in angle brackets (<!channel>, <!here>) stays text and is escaped
# when shown, so kudos can never notify a channel.
_NAMED = re.compile(r"<([@#])[UWCG][A-Z0-9]+\|([^<>|]+)>")


class KudosProblem(StrEnum):
    USAGE = "usage"  # nobody named
    NOT_A_USER = "not_a_user"  # a group, @here, a channel or a plain word
    NO_TEXT = "no_text"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class KudosArgs:
    recipient: str  # a user ID
    text: str  # as the person typed it (Slack's escaping undone); escaped again when shown


@dataclass(frozen=True)
class KudosRefusal:
    problem: KudosProblem
    token: str = ""


def parse_kudos(args: tuple[str, ...]) -> KudosArgs | KudosRefusal:
    """`<@U123|ana> thanks for ...` from the escaped command words."""
    if not args:
        return KudosRefusal(KudosProblem.USAGE)
    recipient = user_id(args[0])
    if recipient is None:
        return KudosRefusal(KudosProblem.NOT_A_USER, args[0])
    text = unescape(_NAMED.sub(r"\1\2", " ".join(args[1:]))).strip()
    if not text:
        return KudosRefusal(KudosProblem.NO_TEXT)
    if len(text) > MAX_KUDOS:
        return KudosRefusal(KudosProblem.TOO_LONG)
    return KudosArgs(recipient=recipient, text=text)


def parse_toggle(args: tuple[str, ...]) -> bool | str | None:
    """`on` -> True, `off` -> False, nothing -> None (show the setting); else the words."""
    if not args:
        return None
    word = " ".join(args).strip().lower()
    if word in ("on", "off"):
        return word == "on"
    return " ".join(args)
