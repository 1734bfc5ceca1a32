"""Events API listeners."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.context import Tandem
from bot.services.home import publish_home


def handle_home_opened(event: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab") not in (None, "home"):
        return
    tandem: Tandem = context["tandem"]
    publish_home(tandem, team_id=context.team_id or "", user_id=event["user"])


def register(app: App) -> None:
    app.event("app_home_opened")(handle_home_opened)
