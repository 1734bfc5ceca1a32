"""The tips library in prompts/tips/: enough tips in every theme, each complete, unique,
short enough for Slack, and written in Tandem's own words."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.composer import Composer
from bot.domain.tips import COACHING_THEMES, THEMES, TipsError, load_library
from bot.services.tips.library import theme_names, tip_library

LIBRARY = tip_library(Composer())


def test_the_library_has_at_least_forty_tips_in_seven_themes() -> None:
    assert len(LIBRARY) >= 40
    per_theme = Counter(tip.theme for tip in LIBRARY)
    assert set(per_theme) == set(THEMES) == set(theme_names(Composer()))
    assert min(per_theme.values()) >= 5, per_theme


def test_every_tip_is_complete_unique_and_fits_in_a_slack_message() -> None:
    assert len({tip.id for tip in LIBRARY}) == len(LIBRARY)
    assert len({tip.title.lower() for tip in LIBRARY}) == len(LIBRARY)
    assert len({tip.body.lower() for tip in LIBRARY}) == len(LIBRARY)
    for tip in LIBRARY:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", tip.id), tip.id
        assert 0 < len(tip.title) <= 80 and 40 <= len(tip.body) <= 600, tip.id
        assert tip.exercise is None or 20 <= len(tip.exercise) <= 300, tip.id
        assert tip.body.endswith((".", "?", "!")), tip.id
    assert sum(tip.exercise is not None for tip in LIBRARY) >= 40


def test_coaching_tips_name_no_numbers_and_no_ratings() -> None:
    """A mentor's private coaching comes from these themes: nothing in them may look like
    a mentee's answer, not even a number in words."""
    coaching = [tip for tip in LIBRARY if tip.theme in COACHING_THEMES]
    assert len(coaching) >= 10
    for tip in coaching:
        text = f"{tip.title} {tip.body} {tip.exercise or ''}".lower()
        assert not re.search(r"\d|\b(pulse|score|rating)", text), tip.id
        assert not re.search(r"\b(one|two|three|four|five)\b", text), tip.id


def test_a_malformed_library_is_refused_with_the_tip_named() -> None:
    themes = {"themes": {theme: theme for theme in THEMES}}
    tip = {"id": "listen-x", "title": "A title", "body": "A body."}
    with pytest.raises(TipsError, match="used twice"):
        load_library(themes, {"active_listening": {"tips": [tip, tip]}})
    with pytest.raises(TipsError, match=r"feedback tip 1 \(feedback-x\): too long"):
        load_library(
            themes, {"feedback": {"tips": [{**tip, "id": "feedback-x", "body": "a" * 601}]}}
        )
    with pytest.raises(TipsError, match="needs an id"):
        load_library(themes, {"feedback": {"tips": [{"id": "feedback-y", "title": "T"}]}})
    with pytest.raises(TipsError, match="exactly these themes"):
        load_library({"themes": {"feedback": "Feedback"}}, {})
