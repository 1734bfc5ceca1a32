"""The tips library, read from prompts/tips/ through the composer."""

from __future__ import annotations

from bot.composer import Composer
from bot.domain.tips import THEMES, Tip, load_library


def tip_library(composer: Composer) -> list[Tip]:
    """Every tip, checked (the TOML files are cached by the composer)."""
    files = {theme: composer.data(f"tips/{theme}.toml") for theme in THEMES}
    return load_library(composer.data("tips/themes.toml"), files)


def theme_names(composer: Composer) -> dict[str, str]:
    """Each theme's name as people read it."""
    return dict(composer.data("tips/themes.toml")["themes"])
