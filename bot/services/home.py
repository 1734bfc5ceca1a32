"""The App Home tab."""

from __future__ import annotations

from bot.context import Tandem
from bot.services.help import help_text
from bot.slack.views.home import home_view


def publish_home(tandem: Tandem, *, team_id: str, user_id: str) -> None:
    """Publish the Home tab for one person."""
    tandem.slack.publish_home(user_id, home_view(help_text(tandem, team_id, user_id)))
