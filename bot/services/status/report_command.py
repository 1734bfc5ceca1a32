"""`/mentor report`: the CSV and the chart, uploaded to the owner's DM after Slack's ack."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.results import Result
from bot.services.status.command import reader_tz
from bot.services.status.export import report_files
from bot.slack.gateway import SlackFailure

log = logging.getLogger(__name__)


def report_command(tandem: Tandem, request: CommandRequest) -> Result:
    """Say the report is on its way; make and upload it once Slack has its answer."""
    composer = tandem.composer
    if request.args:
        text = " ".join(request.args)
        return Result(text=composer.render("status/report_usage.j2", text=text))
    return Result(
        text=composer.render("status/report_started.j2"),
        then=lambda: send_report(tandem, request.team_id, request.user_id, request.now),
    )


def send_report(tandem: Tandem, team_id: str, user_id: str, now: datetime) -> None:
    """Upload the CSV and the PNG to the owner's DM; if Slack refuses, tell them why."""
    with tandem.sessions() as session:
        tz = reader_tz(tandem, session, team_id, user_id)
        files = report_files(tandem.composer, session, team_id, now, tz)
    slack = tandem.slack_for(team_id)
    try:
        channel = slack.open_dm(user_id)
        slack.upload_files(channel, files, tandem.composer.render("status/report_ready.j2"))
    except SlackFailure as failure:
        log.warning("the report for %s in %s was not uploaded: %s", user_id, team_id, failure)
        text = tandem.composer.render("status/report_failed.j2", error=failure.error)
        try:
            slack.post_message(user_id, text)
        except SlackFailure:
            log.warning("could not tell %s that the report failed", user_id)
