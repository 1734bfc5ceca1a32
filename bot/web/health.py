"""What /healthz reports: the database, the scheduler (its last pass, rows overdue) and
Slack per workspace (the last token-level error, if any; with OAuth, every installation)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.context import Tandem
from bot.delivery.health import refused_tokens
from bot.domain.states import DeliveryState
from bot.models import Delivery, bots_table
from bot.scheduler.sweeps import last_run
from bot.scheduler.tick import LAST_PASS

# A pass runs every minute; a row still planned this long after it fell due is overdue.
OVERDUE_AFTER = timedelta(minutes=5)


def scheduler_status(tandem: Tandem, now: datetime) -> dict[str, Any]:
    last = last_run(tandem, LAST_PASS)
    with tandem.sessions() as session:
        overdue = session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.state == DeliveryState.PLANNED, Delivery.due_at < now - OVERDUE_AFTER)
        )
    stale = last is None or now - last > OVERDUE_AFTER
    return {
        "ok": not stale and not overdue,
        "last_pass": last.isoformat() if last else None,
        "overdue": int(overdue or 0),
    }


def slack_status(tandem: Tandem) -> dict[str, dict[str, Any]]:
    refused = refused_tokens(tandem)
    teams = set(refused)
    if tandem.settings.oauth:
        with tandem.engine.connect() as conn:
            teams |= {str(t) for (t,) in conn.execute(select(bots_table.c.team_id).distinct())}
    return {
        team: {"ok": False, **refused[team]} if team in refused else {"ok": True}
        for team in sorted(teams)
    }


def health_report(tandem: Tandem) -> dict[str, Any]:
    """The scheduler and Slack sections (the router checks the database first)."""
    report: dict[str, Any] = {"scheduler": scheduler_status(tandem, tandem.clock.now())}
    slack = slack_status(tandem)
    if slack:
        report["slack"] = slack
    return report
