"""Recording a milestone once, and planning its celebration in the same transaction.

The row is inserted with ON CONFLICT DO NOTHING on (pair, kind, ref): when two workers (or
a sweep and a click) find the same milestone at once, one insert wins and only the winner
plans the celebration, whose outbox key is unique as well. The celebration goes out on the
next scheduler pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.composer import Composer
from bot.context import Tandem
from bot.delivery.planning import dialect_insert, plan
from bot.domain.milestones import PUBLIC, MilestoneKind, milestone_key
from bot.domain.states import ShoutoutState
from bot.models import Milestone, Pair, ProgramSettings, ShoutoutOptOut
from bot.services.celebrations.words import celebration

KIND = "milestone"  # the outbox kind of a celebration in the pair channel


@dataclass(frozen=True)
class ShoutoutRules:
    """Who may appear in a shoutout channel: the workspaces with one, the people who opted out."""

    channels: dict[str, str]  # team_id -> shoutout channel
    opted_out: frozenset[tuple[str, str]]  # (team_id, user_id)

    @classmethod
    def load(cls, session: Session, pairs: Iterable[Pair]) -> ShoutoutRules:
        """The rules for these pairs, in two queries."""
        pairs = list(pairs)
        if not pairs:
            return cls({}, frozenset())
        teams = {p.team_id for p in pairs}
        users = {u for p in pairs for u in (p.mentor.user_id, p.mentee.user_id)}
        channels = {
            team: str(channel)
            for team, channel in session.execute(
                select(ProgramSettings.team_id, ProgramSettings.shoutout_channel_id).where(
                    ProgramSettings.team_id.in_(teams),
                    ProgramSettings.shoutout_channel_id.is_not(None),
                )
            )
        }
        return cls(channels, opted_out(session, teams, users))

    def allows(self, team_id: str, *user_ids: str) -> bool:
        """A shoutout naming these people may be posted in this workspace."""
        return team_id in self.channels and not any(
            (team_id, user) in self.opted_out for user in user_ids
        )


def opted_out(session: Session, teams: set[str], users: set[str]) -> frozenset[tuple[str, str]]:
    rows = session.execute(
        select(ShoutoutOptOut.team_id, ShoutoutOptOut.user_id).where(
            ShoutoutOptOut.team_id.in_(teams), ShoutoutOptOut.user_id.in_(users)
        )
    )
    return frozenset((team, user) for team, user in rows)


def record_milestone(
    session: Session,
    composer: Composer,
    pair: Pair,
    kind: MilestoneKind,
    now: datetime,
    *,
    rules: ShoutoutRules,
    ref: str = "",
    goal: str = "",
    by: str | None = None,
    achieved_at: datetime | None = None,
) -> bool:
    """Record the milestone and plan its celebration; False if it was already recorded."""
    key = milestone_key(pair.id, kind, ref)
    words = celebration(
        composer,
        key=key,
        kind=kind,
        mentor=pair.mentor.user_id,
        mentee=pair.mentee.user_id,
        goal=goal,
    )
    public = kind in PUBLIC and rules.allows(pair.team_id, pair.mentor.user_id, pair.mentee.user_id)
    statement = (
        dialect_insert(session)(Milestone)
        .values(
            team_id=pair.team_id,
            pair_id=pair.id,
            kind=kind,
            ref=ref,
            title=words.title,
            created_by=by,
            shoutout_state=ShoutoutState.PENDING if public else None,
            achieved_at=achieved_at or now,
        )
        .on_conflict_do_nothing(index_elements=["pair_id", "kind", "ref"])
        .returning(Milestone.id)
    )
    if session.execute(statement).first() is None:
        return False
    if pair.channel_id is not None:
        plan(
            session,
            key=key,
            team_id=pair.team_id,
            kind=KIND,
            recipient=pair.channel_id,
            due_at=now,
            now=now,
            payload={"text": words.text, "emoji": words.emoji, "pair_id": pair.id},
        )
    return True


def record_completed(
    tandem: Tandem, session: Session, pair: Pair, owner: str, now: datetime
) -> None:
    """An owner closed the pair as completed: the program's last milestone."""
    rules = ShoutoutRules.load(session, [pair])
    record_milestone(
        session, tandem.composer, pair, MilestoneKind.COMPLETED, now, rules=rules, by=owner
    )


def record_agreement(tandem: Tandem, session: Session, pair: Pair, now: datetime) -> None:
    """The agreement was posted and pinned in the pair channel."""
    rules = ShoutoutRules.load(session, [pair])
    record_milestone(session, tandem.composer, pair, MilestoneKind.AGREEMENT_SET, now, rules=rules)
