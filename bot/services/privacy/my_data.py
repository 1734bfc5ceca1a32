"""`/mentor my-data`: everything Tandem stores about the person, as a JSON file in their DM.

The command answers at once; the file is put together and uploaded after Slack's ack
(`Result.then`), like `/mentor report`. Every feature contributes its own part through its
`personal` hook, so a partner's words never come from here: each part exports only what
the person wrote or what reached them.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.personal import plain
from bot.results import Result, reply
from bot.services.privacy.people import person_of
from bot.slack.gateway import FileUpload, SlackFailure

log = logging.getLogger(__name__)
FORMAT = "tandem-my-data/1"


def my_data_command(tandem: Tandem, request: CommandRequest) -> Result:
    """Say the file is on its way; put it together and upload it once Slack has its answer."""
    if request.args:
        text = " ".join(request.args)
        return reply(tandem.composer.render("privacy/usage.j2", command="my-data", text=text))
    return Result(
        text=tandem.composer.render("privacy/export_started.j2"),
        then=lambda: send_export(tandem, request.team_id, request.user_id, request.now),
    )


def export_of(tandem: Tandem, team_id: str, user_id: str, now: datetime) -> dict[str, Any]:
    """Every feature's part of what is stored about `user_id` in `team_id`, as JSON values."""
    with tandem.sessions() as session:
        person = person_of(session, team_id, user_id)
        parts = {name: dict(part.export(session, person)) for name, part in tandem.wiring.personal}
    return {
        "format": FORMAT,
        "team_id": team_id,
        "user_id": user_id,
        "exported_at": plain(now),
        "data": parts,
    }


def send_export(tandem: Tandem, team_id: str, user_id: str, now: datetime) -> None:
    """Upload the file to the person's DM; if Slack refuses, tell them why."""
    content = json.dumps(export_of(tandem, team_id, user_id, now), indent=2, default=plain)
    upload = FileUpload(
        f"tandem-my-data-{team_id}-{now:%Y-%m-%d}.json",
        content.encode("utf-8"),
        tandem.composer.render("privacy/export_title.j2", day=f"{now:%Y-%m-%d}").strip(),
    )
    slack = tandem.slack_for(team_id)
    try:
        channel = slack.open_dm(user_id)
        slack.upload_files(channel, [upload], tandem.composer.render("privacy/export_ready.j2"))
    except SlackFailure as failure:
        log.warning("the data export for %s in %s was not uploaded: %s", user_id, team_id, failure)
        text = tandem.composer.render("privacy/export_failed.j2", error=failure.error)
        try:
            slack.post_message(user_id, text)
        except SlackFailure:
            log.warning("could not tell %s that their data export failed", user_id)
