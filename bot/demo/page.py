"""The HTML transcript: one self-contained file, every conversation with its Block Kit drawn
as Slack draws it, a timeline of the weeks and the chart.

Its templates are prompts/demo/*.html.j2, rendered by an HTML-escaping Jinja environment of
its own (the composer's escapes for Slack mrkdwn, which is not what a web page needs).
"""

from __future__ import annotations

import base64
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from bot.demo.chart import chart
from bot.demo.metrics import Week, by_pair
from bot.demo.mrkdwn import emoji, plain_html, to_html
from bot.demo.names import Names
from bot.demo.play import Play
from bot.demo.record import Entry
from bot.demo.terminal import cut, plain
from bot.paths import prompts_dir
from bot.sandbox import BOT_USER

COLOURS = ("#2b7bb9", "#e8912d", "#2eb67d", "#e01e5a", "#4a154b", "#1264a3", "#7c3085")
# Outbox kinds that are routine (the check-in DMs): the timeline lists the rest.
ROUTINE = frozenset({"checkin", "checkin_reminder"})


@dataclass
class Conversation:
    id: str
    label: str
    about: str
    days: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    reactions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _environment(names: Names) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(prompts_dir() / "demo")),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def text(value: Any) -> Markup:
        """A Block Kit text object (or a bare mrkdwn string) as HTML."""
        if isinstance(value, dict):
            if value.get("type") == "plain_text":
                return plain_html(str(value.get("text", "")))
            value = value.get("text", "")
        return to_html(str(value or ""), names.person, _channel_name(names))

    env.filters["text"] = text
    env.filters["emoji"] = emoji
    env.filters["person"] = names.person
    env.filters["conversation"] = names.conversation
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.filters["plain"] = lambda value: plain(str(value), names)
    env.filters["initial"] = lambda user: names.person(user)[:1]
    env.filters["colour"] = lambda user: COLOURS[sum(map(ord, user)) % len(COLOURS)]
    return env


def _channel_name(names: Names) -> Any:
    return lambda channel_id: names.conversation(channel_id).lstrip("#")


def _order(conversation: Conversation, names: Names, play: Play) -> tuple[int, str]:
    if conversation.id == play.stage.shoutout_channel:
        return (0, "")
    return (2 if names.is_dm(conversation.id) else 1, conversation.label)


def conversations(play: Play, names: Names) -> list[Conversation]:
    found: dict[str, Conversation] = {}
    for entry in play.recorder.entries:
        if not entry.conversation:
            continue
        conversation = found.get(entry.conversation)
        if conversation is None:
            channel = play.app.fake.channels.get(entry.conversation)
            members = sorted(channel.members - {BOT_USER}) if channel and not channel.is_im else []
            about = (
                names.role(channel.user or "")
                if channel and channel.is_im
                else ", ".join(names.person(m) for m in members)
            )
            conversation = Conversation(
                entry.conversation, names.conversation(entry.conversation), about
            )
            found[entry.conversation] = conversation
        if entry.kind == "reaction":
            conversation.reactions[entry.ts].append(entry.text)
        else:
            conversation.days[f"{entry.at:%A %d %B %Y}"].append(entry)
    return sorted(found.values(), key=lambda c: _order(c, names, play))


def milestone(entry: Entry) -> bool:
    """Worth a line in the timeline: a command someone typed or a message shortcut they
    chose, or a message the scheduler sent to a channel or a DM that is not a routine
    check-in."""
    if entry.kind == "action" and entry.title in ("command", "shortcut"):
        return True
    return (
        entry.author == BOT_USER and entry.kind == "message" and entry.feature not in ROUTINE | {""}
    )


def timeline(play: Play, names: Names, weeks: int) -> list[dict[str, Any]]:
    """Per week: its dates, and what people started and what the scheduler marked."""
    start = play.stage.cast.start
    found: list[dict[str, Any]] = []
    for week in range(1, weeks + 1):
        first = start + timedelta(weeks=week - 1)
        items = [
            e
            for e in play.recorder.entries
            if first <= e.at < first + timedelta(weeks=1) and milestone(e)
        ]
        found.append(
            {"week": week, "first": first, "last": first + timedelta(days=6), "messages": items}
        )
    return found


def pair_lines(play: Play, names: Names, weeks: int) -> dict[str, list[Week]]:
    """Each pair's weekly pulse, labelled with its channel."""
    start = play.stage.cast.start
    found = by_pair(play.app.tandem, start, weeks)
    return {names.conversation(channel): their for channel, their in found.items()}


def write_page(
    out: Path,
    play: Play,
    names: Names,
    weeks: list[Week],
    count: int,
    seconds: float,
    labels: dict[str, str],
) -> dict[str, int]:
    """Write the transcript to `out`; how many conversations and Tandem messages it shows."""
    env = _environment(names)
    listed = conversations(play, names)
    entries = play.recorder.entries
    positions = {id(e): i for i, e in enumerate(entries)}
    page = env.get_template("page.html.j2").render(
        labels=labels,
        weeks=count,
        seconds=seconds,
        people=len(play.stage.cast.people),
        conversations=listed,
        timeline=timeline(play, names, count),
        numbers=weeks,
        chart=chart(weeks, pair_lines(play, names, count)),
        names=names,
        bot=BOT_USER,
        summary=lambda e: cut(plain(e.text, names), 120),
        anchor=lambda e: f"e{positions[id(e)]}",
    )
    out.write_text(page, encoding="utf-8")
    messages = sum(1 for e in entries if e.author == BOT_USER and e.kind == "message")
    return {"conversations": len(listed), "messages": messages}
