"""Renders the words in prompts/: one Jinja environment, every value escaped for Slack."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from bot.formatting import Mrkdwn, channel_link, escape, user_mention
from bot.paths import prompts_dir


def _finalize(value: Any) -> Any:
    # Every {{ value }} passes through here, so user text can never inject mrkdwn.
    if value is None:
        return ""
    return escape(value)


class Composer:
    """Renders message text from templates and reads word lists (TOML) from prompts/."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or prompts_dir()
        self.env = Environment(
            loader=FileSystemLoader(str(self.root)),
            undefined=StrictUndefined,
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        self.env.filters["mention"] = user_mention
        self.env.filters["channel"] = channel_link
        self.env.filters["mrkdwn"] = Mrkdwn
        self._inline: dict[str, Template] = {}  # templates from word lists, by their source

    def render(self, template: str, /, **context: Any) -> str:
        """Render prompts/<template> (a .j2 file) to mrkdwn text."""
        return self.env.get_template(template).render(**context).strip()

    def render_text(self, source: str, /, **context: Any) -> str:
        """Render a template written inside a word list (a TOML string) like a .j2 file."""
        template = self._inline.get(source)
        if template is None:
            template = self._inline[source] = self.env.from_string(source)
        return template.render(**context).strip()

    def data(self, name: str) -> dict[str, Any]:
        """Load prompts/<name> (a TOML file), cached per composer."""
        return _load_toml(self.root / name)


@cache
def _load_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)
