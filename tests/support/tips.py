"""Reading tips back: the tips posted in a pair channel, and the owner's tip settings."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from bot.composer import Composer
from bot.formatting import unescape
from bot.models import Delivery
from bot.services.tips.library import tip_library
from tests.support.celebrations import of_kind, payload_of
from tests.support.constants import OWNER
from tests.support.flows import open_view, settings_form
from tests.support.runner import RunningApp

TITLES = {tip.title: tip.id for tip in tip_library(Composer())}
_TITLE = re.compile(r"\*(?:Tip for you both: )?(.+?)\*")


def first_text(message: dict[str, Any]) -> str:
    return str(message["blocks"][0]["text"]["text"])


def tip_of(message: dict[str, Any]) -> str:
    """The id of the tip in a message, read from the title people see."""
    for match in _TITLE.finditer(unescape(first_text(message))):
        if match[1] in TITLES:
            return TITLES[match[1]]
    raise AssertionError(f"no tip title in {first_text(message)!r}")


def tips_in(app: RunningApp, channel: str) -> list[str]:
    """The scheduled tips posted in the channel, in order (tip ids)."""
    return [tip_of(m) for m in of_kind(app, channel, "tip")]


def tip_keys(app: RunningApp, channel: str) -> list[str]:
    return [payload_of(m)["key"] for m in of_kind(app, channel, "tip")]


def sent_at(app: RunningApp, key: str) -> Any:
    with app.tandem.sessions() as session:
        return session.scalars(select(Delivery.sent_at).where(Delivery.key == key)).one()


def save_tip_settings(app: RunningApp, tips: str, weekday: str = "3", at: str = "10:00") -> str:
    """The owner saves `/mentor settings` with these tip choices; the saved view's text."""
    before = len(app.fake.calls_to("views.open"))
    app.driver.command(OWNER, "settings")
    view = open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])
    values = settings_form(tips=tips, tips_weekday=weekday, tips_time=at)
    answer = app.driver.view_submission(OWNER, view, values).json()
    assert answer["response_action"] == "update", answer
    return str(answer["view"]["blocks"][0]["text"]["text"])
