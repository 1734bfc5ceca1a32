"""Tandem removed from a workspace (app_uninstalled, tokens_revoked): nothing more is sent
there, /healthz says so, and installed again it goes on."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta

from sqlalchemy import select

from bot.delivery.outbox import deliver_due
from bot.models import Delivery
from bot.services.workspaces.removal import bot_tokens_revoked, workspace_installed
from tests.support.deliveries import NOW, add_people, plan_note, posted_keys
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until


def _health(app: RunningApp) -> dict:
    with urllib.request.urlopen(app.url + "/healthz") as response:
        return dict(json.loads(response.read()))


def _states(app: RunningApp) -> dict[str, str]:
    with app.tandem.sessions() as session:
        return {d.key: d.state for d in session.scalars(select(Delivery))}


def test_app_uninstalled_stops_every_delivery_of_the_workspace(app: RunningApp) -> None:
    tandem, fake = app.tandem, app.fake
    people = add_people(fake, 2)
    plan_note(tandem, "note:before", people[0], due=NOW - timedelta(minutes=1))

    assert app.driver.event({"type": "app_uninstalled"}).status == 200

    wait_until(lambda: _states(app) == {"note:before": "skipped"})
    assert _health(app)["slack"]["T0001"]["token_error"] == "app_uninstalled"
    # Planned later (a planner does not know yet): skipped by the next pass, never posted.
    plan_note(tandem, "note:after", people[1], due=NOW)
    report = deliver_due(tandem, NOW)
    assert (report.sent, report.uninstalled) == (0, 1)
    assert fake.calls_to("chat.postMessage") == []

    workspace_installed(tandem, team_id="T0001", now=NOW)
    plan_note(tandem, "note:reinstalled", people[0], due=NOW)
    assert deliver_due(tandem, NOW).sent == 1
    assert posted_keys(fake) == ["note:reinstalled"]
    assert "slack" not in _health(app)


def test_tokens_revoked_stops_deliveries_only_for_a_bot_token(app: RunningApp) -> None:
    tandem, fake = app.tandem, app.fake
    [person] = add_people(fake, 1)
    plan_note(tandem, "note:1", person, due=NOW)

    # A user's token revoked (tokens.oauth) leaves the bot's token working.
    assert bot_tokens_revoked(tandem, team_id="T0001", bot_users=[], now=NOW) == 0
    assert _states(app) == {"note:1": "planned"}

    bot = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT0001"]}}
    assert app.driver.event(bot).status == 200
    wait_until(lambda: _states(app) == {"note:1": "skipped"})
    assert deliver_due(tandem, NOW).sent == 0
    assert _health(app)["slack"]["T0001"]["token_error"] == "app_uninstalled"
