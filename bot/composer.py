"""Renders the words in prompts/: one Jinja environment, every value escaped for Slack.

An owner's own folder (TANDEM_PROMPTS_DIR) overrides the shipped prompts file by file: a
template or word list found there is used instead of the shipped one, everything else comes
from prompts/.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, Template

from bot.formatting import Mrkdwn, channel_link, escape, user_mention
from bot.paths import prompts_dir

# Told of every render: (template name, or the source of an inline template; its context).
RenderHook = Callable[[str, dict[str, Any]], None]


def _finalize(value: Any) -> Any:
    # Every {{ value }} passes through here, so user text can never inject mrkdwn.
    if value is None:
        return ""
    return escape(value)


class Composer:
    """Renders message text from templates and reads word lists (TOML) from prompts/."""

    def __init__(self, root: Path | None = None, override: Path | None = None) -> None:
        self.root = root or prompts_dir()
        self.override = override
        roots = [override, self.root] if override is not None else [self.root]
        self.env = Environment(
            loader=ChoiceLoader([FileSystemLoader(str(r)) for r in roots]),
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
        self.hook: RenderHook | None = None

    def render(self, template: str, /, **context: Any) -> str:
        """Render prompts/<template> (a .j2 file) to mrkdwn text."""
        if self.hook is not None:
            self.hook(template, context)
        return self.env.get_template(template).render(**context).strip()

    def render_text(self, source: str, /, **context: Any) -> str:
        """Render a template written inside a word list (a TOML string) like a .j2 file."""
        if self.hook is not None:
            self.hook(source, context)
        template = self._inline.get(source)
        if template is None:
            template = self._inline[source] = self.env.from_string(source)
        return template.render(**context).strip()

    def path(self, name: str) -> Path:
        """The file prompts/<name> is read from: the owner's copy if there is one."""
        if self.override is not None and (self.override / name).is_file():
            return self.override / name
        return self.root / name

    def data(self, name: str) -> dict[str, Any]:
        """Load prompts/<name> (a TOML file), cached per file."""
        if self.hook is not None:
            self.hook(name, {})
        return load_toml(self.path(name))


@cache
def load_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)
