"""The words of celebrations, from prompts/celebrations/words.toml.

Each pair's milestone gets one of its kind's variants, picked from the milestone's key, so
a rerun (or another worker) writes the same message and pairs read different ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.composer import Composer
from bot.domain.milestones import pick

WORDS = "celebrations/words.toml"


@dataclass(frozen=True)
class Celebration:
    title: str
    text: str
    emoji: str  # the reaction, without colons


def _words(composer: Composer) -> dict[str, Any]:
    return composer.data(WORDS)


def title_of(composer: Composer, kind: str) -> str:
    return str(_words(composer)["milestone"][kind]["title"])


def celebration(
    composer: Composer, *, key: str, kind: str, mentor: str, mentee: str, goal: str = ""
) -> Celebration:
    """The pair-channel message for one milestone (`key`: its outbox key)."""
    words = _words(composer)["milestone"][kind]
    variants = list(words["variants"])
    source = variants[pick(key, len(variants))]
    text = composer.render_text(source, mentor=mentor, mentee=mentee, goal=goal)
    return Celebration(title=str(words["title"]), text=text, emoji=str(words["emoji"]))


def shoutout_line(composer: Composer, kind: str, **names: str) -> str:
    """One line of a shoutout: a public milestone (mentor, mentee) or kudos (giver,
    recipient, text)."""
    return composer.render_text(_words(composer)["shoutout"]["line"][kind], **names)


def shoutout_text(composer: Composer, key: str, lines: list[str]) -> str:
    """A batch of lines under one opening (picked from the batch's key)."""
    intros = list(_words(composer)["shoutout"]["intro"])
    intro = composer.render_text(intros[pick(key, len(intros))])
    return "\n".join([intro, *lines])


def kudos_text(composer: Composer, *, giver: str, recipient: str, text: str) -> str:
    """The kudos as posted in the pair channel; `text` is escaped like every value."""
    source = _words(composer)["kudos"]["pair_channel"]
    return composer.render_text(source, giver=giver, recipient=recipient, text=text)
