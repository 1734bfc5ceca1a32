"""/healthz: the database, the scheduler (its last pass, rows overdue) and Slack per
workspace."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta

from bot.scheduler.tick import run_pass
from tests.support.deliveries import add_people, plan_note
from tests.support.runner import RunningApp


def _health(app: RunningApp) -> dict:
    with urllib.request.urlopen(app.url + "/healthz") as response:
        assert response.status == 200
        return dict(json.loads(response.read()))


def test_healthz_reports_the_scheduler_last_pass_and_overdue_rows(app: RunningApp) -> None:
    tandem = app.tandem
    [person] = add_people(app.fake, 1)
    now = tandem.clock.now()
    plan_note(tandem, "note:late", person, due=now - timedelta(minutes=30))

    before = _health(app)
    assert before["database"] == "ok"
    assert before["scheduler"] == {"ok": False, "last_pass": None, "overdue": 1}
    assert "slack" not in before  # one workspace, its token never refused

    run_pass(tandem, now)

    after = _health(app)["scheduler"]
    assert after == {"ok": True, "last_pass": now.isoformat(), "overdue": 0}
