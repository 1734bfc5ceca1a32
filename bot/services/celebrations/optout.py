"""`/mentor shoutouts on|off`: whether a person may be named in the shoutout channel.

The opt-out is the person's, not a pair's: it covers all their pairs, now and later. Their
milestones are still celebrated in the pair channel; what waits for the next shoutout is
dropped when the batch is made.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from bot.commands.registry import CommandRequest
from bot.context import Tandem
from bot.delivery.planning import dialect_insert
from bot.domain.kudos import parse_toggle
from bot.models import ProgramSettings, ShoutoutOptOut
from bot.results import Result, reply


def shoutouts_command(tandem: Tandem, request: CommandRequest) -> Result:
    wanted = parse_toggle(request.args)
    if isinstance(wanted, str):
        return reply(text=tandem.composer.render("celebrations/shoutouts.j2", text=wanted))
    mine = (ShoutoutOptOut.team_id == request.team_id, ShoutoutOptOut.user_id == request.user_id)
    with tandem.sessions.begin() as session:
        before = session.scalar(select(ShoutoutOptOut.id).where(*mine)) is None
        if wanted is True:
            session.execute(delete(ShoutoutOptOut).where(*mine))
        elif wanted is False:
            session.execute(
                dialect_insert(session)(ShoutoutOptOut)
                .values(team_id=request.team_id, user_id=request.user_id, created_at=request.now)
                .on_conflict_do_nothing(index_elements=["team_id", "user_id"])
            )
        settings = session.get(ProgramSettings, request.team_id)
        channel = settings.shoutout_channel_id if settings else None
    now_on = before if wanted is None else wanted
    return reply(
        text=tandem.composer.render(
            "celebrations/shoutouts.j2",
            text=None,
            on=now_on,
            changed=wanted is not None and wanted != before,
            channel=channel,
        )
    )
