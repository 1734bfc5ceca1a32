"""The transcript as terminal lines: the date, the conversation, who said or did what, and
the buttons offered."""

from __future__ import annotations

import re
from typing import Any

from bot.demo.mrkdwn import unmarked
from bot.demo.names import Names
from bot.demo.people import controls, label
from bot.demo.record import Entry
from bot.formatting import unescape

_LINK = re.compile(r"<([@#!]?)([^>|]*)(?:\|([^>]*))?>")
WIDTH = 110
INDENT = 45  # where the text starts after the date and the conversation


def plain(text: str, names: Names | None = None) -> str:
    """mrkdwn as a person reads it: links by their label, mentions by name, one line."""

    def link(match: re.Match[str]) -> str:
        sigil, target, shown = match.groups()
        if sigil == "@":
            return "@" + (shown or (names.person(target) if names else target))
        if sigil == "#":
            return "#" + (shown or (names.conversation(target).lstrip("#") if names else target))
        if sigil == "!":
            return "@" + (shown or target)
        return shown or target

    return " ".join(unmarked(unescape(_LINK.sub(link, text))).split())


def cut(text: str, width: int = WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def buttons(blocks: list[dict[str, Any]]) -> str:
    return " ".join(f"[{label(e)}]" for _, e in controls({"blocks": blocks}))


def line(entry: Entry, names: Names, labels: dict[str, str]) -> str:
    """One entry as a line (with a second line for the buttons a message offers)."""
    where = names.conversation(entry.conversation)
    fields = {
        "who": names.person(entry.author),
        "name": names.person(entry.author),
        "to": names.person(entry.to),
        "title": entry.title,
        "text": cut(plain(entry.text, names)),
        "files": ", ".join(f.name for f in entry.files),
    }
    template = labels[entry.title] if entry.kind == "action" else labels[entry.kind]
    if entry.kind == "modal":
        fields["title"] = entry.title
    text = f"{entry.at:%a %d %b %H:%M}  {cut(where, 26):<26} {template.format(**fields)}"
    offered = buttons(entry.blocks) if entry.kind in ("message", "modal") else ""
    if offered:
        text += "\n" + " " * INDENT + labels["buttons"].format(text=cut(offered, WIDTH - 12))
    return text
