"""Every message and view Tandem builds, by name, built from sample data: what `tandem
prompts check` validates as Block Kit and `tandem prompts preview NAME` shows.

Each builder takes the composer and its sample (a `[message.<name>]` table of
prompts/samples.toml) and calls the same view functions the features call. A new view is
one builder here and one sample table there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.composer import Composer
from bot.domain.ages import Age
from bot.domain.paging import Page
from bot.models import ProgramSettings
from bot.slack.views.agreement import goals_modal, mentee_modal, mentor_modal
from bot.slack.views.celebrations import GoalGroup, GoalRow, goals_done_modal
from bot.slack.views.checkins import (
    CheckInCard,
    GoalLine,
    checkin_message,
    reflection_modal,
    reminder_message,
)
from bot.slack.views.home import PairCard, home_view
from bot.slack.views.imports import import_modal
from bot.slack.views.pairs import pairs_page_blocks
from bot.slack.views.privacy import forget_modal
from bot.slack.views.program_settings import settings_modal
from bot.slack.views.welcome import welcome_message

Sample = dict[str, Any]


@dataclass(frozen=True)
class Built:
    """A message (text and blocks) or a view (modal or home, with its blocks)."""

    surface: str  # message / modal / home
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    view: dict[str, Any] | None = None


def _message(built: tuple[str, list[dict[str, Any]]]) -> Built:
    return Built("message", text=built[0], blocks=built[1])


def _view(view: dict[str, Any]) -> Built:
    return Built(str(view["type"]), blocks=list(view.get("blocks") or []), view=view)


def _card(sample: Sample) -> CheckInCard:
    goals = [GoalLine(**goal) for goal in sample.get("goals", [])]
    return CheckInCard(**{**sample, "goals": goals})


def _home(composer: Composer, s: Sample) -> Built:
    cards = [PairCard(**{**card, "age": Age(**card["age"])}) for card in s.get("cards", [])]
    help_text = composer.render("help.j2", **s["help"])
    return _view(
        home_view(
            composer,
            cards=cards,
            paused=s.get("paused"),
            summary=s.get("summary"),
            help_text=help_text,
        )
    )


def _goals_done(composer: Composer, s: Sample) -> Built:
    groups = [
        GoalGroup(**{**g, "goals": [GoalRow(**row) for row in g["goals"]]}) for g in s["groups"]
    ]
    return _view(goals_done_modal(composer, groups))


MESSAGES: dict[str, Callable[[Composer, Sample], Built]] = {
    "welcome": lambda c, s: _message(welcome_message(c, **s)),
    "checkin": lambda c, s: _message(checkin_message(c, _card(s))),
    "checkin_answered": lambda c, s: _message(checkin_message(c, _card(s))),
    "checkin_reminder": lambda c, s: _message(reminder_message(c, _card(s))),
    "reflection_modal": lambda c, s: _view(reflection_modal(c, _card(s))),
    "agreement_mentee": lambda c, s: _view(mentee_modal(c, **s)),
    "agreement_mentor": lambda c, s: _view(mentor_modal(c, **s)),
    "agreement_goals": lambda c, s: _view(goals_modal(c, **s)),
    "goals_done": _goals_done,
    "settings": lambda c, s: _view(settings_modal(c, ProgramSettings(**s))),
    "import": lambda c, s: _view(import_modal(c)),
    "forget_me": lambda c, s: _view(forget_modal(c, **s)),
    "pairs_page": lambda c, s: Built(
        "message", text=s["text"], blocks=pairs_page_blocks(c, s["text"], Page(**s["page"]))
    ),
    "home": _home,
}
