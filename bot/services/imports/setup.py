"""Setting up an imported pair's channel in the background, as an outbox delivery.

Each imported pair gets one `pair_setup` delivery, staggered so that no more than about 20
`conversations.create` calls (Slack's Tier 2) fall due in a minute. The sender is safe to
run again: the channel it created is recorded on the pair at once, so a retry after a
timeout or a crash invites into that channel and looks for the welcome before posting it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.outbox import plan
from bot.domain.states import FINISHED, DeliveryState, SetupState
from bot.models import Delivery, Pair, PairImport
from bot.services.pairs.channels import ChannelSetup, SetupFailed
from bot.services.people.members import stored_person
from bot.slack.gateway import Posted, SlackFailure

log = logging.getLogger(__name__)

KIND = "pair_setup"
BLOCKED_KIND = "import_blocked"
# Refusals that no set-up in the workspace gets past: a setting forbids apps to create
# channels (https://api.slack.com/methods/conversations.create#errors).
WORKSPACE_REFUSALS = frozenset({"restricted_action"})
PER_MINUTE = 20
SPACING = timedelta(seconds=60 / PER_MINUTE)


def setup_key(pair_id: int) -> str:
    return f"pair-setup:{pair_id}"


def first_free_slot(session: Session, now: datetime) -> datetime:
    """After every set-up already waiting, so two imports together keep the pace."""
    last = session.scalar(
        select(func.max(Delivery.due_at)).where(
            Delivery.kind == KIND,
            Delivery.state.in_((DeliveryState.PLANNED, DeliveryState.CLAIMED)),
        )
    )
    return max(now, last + SPACING) if last is not None else now


def plan_setup(
    session: Session, pair: Pair, mentor_user: str, due_at: datetime, now: datetime
) -> None:
    plan(
        session,
        key=setup_key(pair.id),
        team_id=pair.team_id,
        kind=KIND,
        recipient=mentor_user,
        due_at=due_at,
        now=now,
        payload={"pair_id": pair.id},
    )


def _set_channel(tandem: Tandem, pair_id: int, channel_id: str | None) -> None:
    with tandem.sessions.begin() as session:
        session.execute(update(Pair).where(Pair.id == pair_id).values(channel_id=channel_id))


def send_setup(tandem: Tandem, delivery: Delivery, now: datetime) -> Posted | None:
    """Create (or reuse) the channel, invite both, post the welcome once."""
    pair_id = int(delivery.payload["pair_id"])
    with tandem.sessions() as session:
        pair = session.get(Pair, pair_id)
        if pair is None or pair.status in FINISHED or pair.setup_state == SetupState.READY:
            return None
        mentor, mentee = stored_person(pair.mentor), stored_person(pair.mentee)
        channel = pair.channel_id
    setup = ChannelSetup(tandem, delivery.team_id)
    again = channel is not None
    try:
        if channel is None:
            channel = setup.create(mentor, mentee)
            _set_channel(tandem, pair_id, channel)
        for person in (mentor, mentee):
            setup.invite(channel, person.user_id)
        if again:
            found = setup.welcome_posted(channel, delivery.key)
            if found is not None:
                return found
        return setup.welcome(
            channel, pair_id, mentor.user_id, mentee.user_id, (delivery.kind, delivery.key)
        )
    except SetupFailed as failed:
        if failed.permanent and channel is not None:
            failed.channel_id = channel
            setup.archive(failed)
            _set_channel(tandem, pair_id, None)
        if failed.error in WORKSPACE_REFUSALS:
            stop_setups(tandem, delivery, failed.error, now)
        raise SlackFailure(failed.method, failed.error) from None


def stop_setups(tandem: Tandem, delivery: Delivery, error: str, now: datetime) -> int:
    """Slack refuses every set-up in this workspace (a setting forbids apps to create
    channels): skip the rest instead of failing pair after pair, and tell the owner once.
    Returns how many set-ups were skipped."""
    with tandem.sessions.begin() as session:
        result = session.execute(
            update(Delivery)
            .where(
                Delivery.kind == KIND,
                Delivery.team_id == delivery.team_id,
                Delivery.state == DeliveryState.PLANNED,
            )
            .values(state=DeliveryState.SKIPPED, error=f"not tried: Slack answered {error}")
        )
        skipped = int(getattr(result, "rowcount", 0) or 0)
        pair = session.get(Pair, int(delivery.payload["pair_id"]))
        job = session.get(PairImport, pair.import_id) if pair and pair.import_id else None
        owner = (job.notify_user if job else None) or (pair.created_by if pair else None)
        if owner:
            text = tandem.composer.render("imports/blocked.j2", error=error, left=skipped + 1)
            plan(
                session,
                key=f"{BLOCKED_KIND}:{delivery.team_id}:{error}:{now:%Y%m%d}",
                team_id=delivery.team_id,
                kind=BLOCKED_KIND,
                recipient=owner,
                due_at=now,
                now=now,
                payload={"text": text},
            )
    log.warning("channel set-ups stopped in %s: Slack answered %s", delivery.team_id, error)
    return skipped


def setup_done(session: Session, delivery: Delivery, posted: Posted | None) -> None:
    if posted is None:
        return
    pair = session.get(Pair, int(delivery.payload["pair_id"]))
    if pair is not None:
        pair.channel_id, pair.setup_state = posted.channel, SetupState.READY


def give_up(tandem: Tandem, session: Session, pair: Pair) -> None:
    """A set-up that will not be tried again: archive any channel left over, mark it failed."""
    if pair.channel_id is not None:
        failed = SetupFailed("cleanup", "conversations.archive", "", pair.channel_id)
        ChannelSetup(tandem, pair.team_id).archive(failed)
        pair.channel_id = None
    pair.setup_state = SetupState.FAILED
