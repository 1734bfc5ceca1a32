"""Slack mrkdwn as HTML, as Slack shows it: links, mentions, *bold*, _italic_, ~strike~,
`code`, code blocks, quotes and emoji. Everything else is escaped, so nothing a message
carries can become markup."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markupsafe import Markup

_LINK = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")
_CODE_BLOCK = re.compile(r"```(.+?)```", re.S)
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)~(?![\w~])")
_EMOJI = re.compile(r":([a-z0-9_+-]+):")
_SLOT = re.compile("\x00(\\d+)\x00")

EMOJI = {
    "handshake": "🤝",
    "seedling": "🌱",
    "fire": "🔥",
    "muscle": "💪",
    "speech_balloon": "💬",
    "arrows_counterclockwise": "🔄",
    "dart": "🎯",
    "calendar": "📅",
    "sparkles": "✨",
    "star": "⭐",
    "birthday": "🎂",
    "mortar_board": "🎓",
    "clap": "👏",
    "raised_hands": "🙌",
    "tada": "🎉",
    "bulb": "💡",
    "wave": "👋",
    "pushpin": "📌",
    "memo": "📝",
    "white_check_mark": "✅",
    "warning": "⚠️",
    "chart_with_upwards_trend": "📈",
    "ear": "👂",
    "mag": "🔍",
    "books": "📚",
    "key": "🔑",
    "bar_chart": "📊",
    "hourglass_flowing_sand": "⏳",
    "trophy": "🏆",
    "heart": "❤️",
    "rocket": "🚀",
    "compass": "🧭",
    "gift": "🎁",
    "lock": "🔒",
    "double_vertical_bar": "⏸️",
    "fast_forward": "⏩",
    "handshake_tone": "🤝",
    "people_holding_hands": "🧑‍🤝‍🧑",
    "thinking_face": "🤔",
    "eyes": "👀",
    "bell": "🔔",
    "seedling_pot": "🪴",
}


def emoji(name: str) -> str:
    return EMOJI.get(name, f":{name}:")


def _emoji(text: str) -> str:
    return _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


def _inline(text: str) -> str:
    text = _CODE.sub(r"<code>\1</code>", text)
    text = _BOLD.sub(r"<b>\1</b>", text)
    text = _ITALIC.sub(r"<i>\1</i>", text)
    return _STRIKE.sub(r"<s>\1</s>", text)


def _quotes(text: str) -> str:
    lines, out, quoted = text.split("\n"), [], []
    for line in lines:
        if line.startswith("&gt;"):
            quoted.append(line[4:].lstrip())
            continue
        if quoted:
            out.append("<blockquote>" + "<br>".join(quoted) + "</blockquote>")
            quoted = []
        out.append(line + "<br>")
    if quoted:
        out.append("<blockquote>" + "<br>".join(quoted) + "</blockquote>")
    joined = "".join(out)
    return joined[:-4] if joined.endswith("<br>") else joined


def to_html(text: str, person: Callable[[str], str], channel: Callable[[str], str]) -> Markup:
    """mrkdwn (as Slack receives it, with &amp; &lt; &gt; escaped) as safe HTML."""
    slots: list[str] = []

    def link(match: re.Match[str]) -> str:
        sigil, target, shown = match.groups()
        if sigil == "@":
            piece = f'<span class="mention">@{html.escape(shown or person(target))}</span>'
        elif sigil == "#":
            piece = f'<span class="mention">#{html.escape(shown or channel(target))}</span>'
        elif sigil == "!":
            piece = f'<span class="mention">@{html.escape(shown or target.split("^")[0])}</span>'
        else:
            url = html.unescape(target)
            safe = url if url.startswith(("http://", "https://", "mailto:")) else "#"
            label = html.escape(html.unescape(shown or target))
            piece = f'<a href="{html.escape(safe)}">{label}</a>'
        slots.append(piece)
        return f"\x00{len(slots) - 1}\x00"

    text = _LINK.sub(link, text)
    text = html.escape(html.unescape(text), quote=False)
    blocks = []
    for index, part in enumerate(_CODE_BLOCK.split(text)):
        blocks.append(f"<pre>{part}</pre>" if index % 2 else _quotes(_inline(_emoji(part))))
    rendered = _SLOT.sub(lambda m: slots[int(m.group(1))], "".join(blocks))
    return Markup(rendered)  # every piece above was escaped


def plain_html(text: str) -> Markup:
    """plain_text as HTML: escaped, emoji shown, line breaks kept."""
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return Markup(_emoji(escaped))  # escaped above


def unmarked(text: str) -> str:
    """mrkdwn's *bold*, _italic_, ~strike~ and `code` as their words, emoji as emoji."""
    for pattern in (_CODE, _BOLD, _ITALIC, _STRIKE):
        text = pattern.sub(r"\1", text)
    return _emoji(text)
