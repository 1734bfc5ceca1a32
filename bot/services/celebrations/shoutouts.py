"""Shoutouts: what waits for a workspace's shoutout channel, as one message a pass.

Public milestones and kudos wait as `pending`. Each pass, per workspace, up to MAX_LINES of
them are claimed atomically (two workers never take the same row), anyone who opted out
since is dropped, and the rest become one outbox delivery: an opening and one line each.
While the channel of the current setting is known to be broken (broken.py), they wait; when
no channel is set any more, they are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, union, update
from sqlalchemy.orm import Session, aliased

from bot.context import Tandem
from bot.delivery.planning import plan
from bot.domain.states import ShoutoutState
from bot.models import Kudos, Member, Milestone, Pair, ProgramSettings, ShoutoutBreak
from bot.services.celebrations.recording import opted_out
from bot.services.celebrations.words import shoutout_line, shoutout_text
from bot.services.checkins.rows import claim_ids

KIND = "shoutout"
MAX_LINES = 20  # a longer batch waits for the next pass: one message a minute at most
PENDING, PLANNED, SKIPPED = ShoutoutState.PENDING, ShoutoutState.PLANNED, ShoutoutState.SKIPPED
MODELS: tuple[Any, ...] = (Milestone, Kudos)


def setting_of(row: ProgramSettings) -> str:
    """The saved shoutout setting: its channel and when the settings were saved."""
    saved = row.updated_at.strftime("%Y%m%dT%H%M%S.%fZ") if row.updated_at else "default"
    return f"{row.shoutout_channel_id}@{saved}"


@dataclass(frozen=True)
class Line:
    at: datetime
    order: int
    text: str


def pending_teams(session: Session) -> set[str]:
    """The workspaces with shoutouts waiting (one statement)."""
    waiting = union(
        *(select(model.team_id).where(model.shoutout_state == PENDING) for model in MODELS)
    )
    return set(session.scalars(waiting))


def batch_shoutouts(
    tandem: Tandem, session: Session, teams: set[str], now: datetime
) -> dict[str, int]:
    """One batch per workspace: how many lines were planned, held and dropped."""
    counts = {"planned": 0, "held": 0, "dropped": 0}
    for team in sorted(teams):
        outcome, count = _batch(tandem, session, team, now)
        counts[outcome] += count
    return counts


def _set_all(session: Session, team: str, state: ShoutoutState) -> int:
    count = 0
    for model in MODELS:
        result = session.execute(
            update(model)
            .where(model.team_id == team, model.shoutout_state == PENDING)
            .values(shoutout_state=state)
            .returning(model.id)
        )
        count += len(result.all())
    return count


def _pending(session: Session, team: str) -> int:
    return sum(
        session.scalar(
            select(func.count()).where(model.team_id == team, model.shoutout_state == PENDING)
        )
        or 0
        for model in MODELS
    )


def _claim(session: Session, model: Any, team: str, room: int) -> list[int]:
    if room <= 0:
        return []
    pick = (
        select(model.id)
        .where(model.team_id == team, model.shoutout_state == PENDING)
        .order_by(model.id)
        .limit(room)
    )
    return claim_ids(session, model, pick, model.shoutout_state == PENDING, shoutout_state=PLANNED)


def _batch(tandem: Tandem, session: Session, team: str, now: datetime) -> tuple[str, int]:
    settings = session.get(ProgramSettings, team)
    if settings is None or settings.shoutout_channel_id is None:
        return "dropped", _set_all(session, team, SKIPPED)
    channel, setting = settings.shoutout_channel_id, setting_of(settings)
    broken = session.scalar(
        select(ShoutoutBreak.id).where(
            ShoutoutBreak.team_id == team, ShoutoutBreak.setting == setting
        )
    )
    if broken is not None:
        return "held", _pending(session, team)  # they stay pending until the setting changes
    milestones = _claim(session, Milestone, team, MAX_LINES)
    kudos = _claim(session, Kudos, team, MAX_LINES - len(milestones))
    tag = f"m{min(milestones)}" if milestones else f"k{min(kudos)}"
    key = f"{KIND}:{team}:{now:%Y%m%dT%H%M%SZ}:{tag}"
    lines = _milestone_lines(tandem, session, milestones, key) + _kudos_lines(
        tandem, session, kudos, key
    )
    if not lines:
        return "dropped", len(milestones) + len(kudos)
    text = shoutout_text(tandem.composer, key, [line.text for line in sorted(lines, key=_order)])
    plan(
        session,
        key=key,
        team_id=team,
        kind=KIND,
        recipient=channel,
        due_at=now,
        now=now,
        payload={"text": text, "setting": setting},
    )
    return "planned", len(lines)


def _order(line: Line) -> tuple[datetime, int]:
    return line.at, line.order


def _settle(session: Session, model: Any, kept: list[int], dropped: list[int], key: str) -> None:
    """The claimed rows: kept ones name the batch, dropped ones (opted out) are skipped."""
    if kept:
        session.execute(update(model).where(model.id.in_(kept)).values(shoutout_key=key))
    if dropped:
        session.execute(update(model).where(model.id.in_(dropped)).values(shoutout_state=SKIPPED))


def _milestone_lines(tandem: Tandem, session: Session, ids: list[int], key: str) -> list[Line]:
    if not ids:
        return []
    rows = session.execute(
        select(Milestone, Pair)
        .join(Pair, Pair.id == Milestone.pair_id)
        .where(Milestone.id.in_(ids))
    ).all()
    users = {u for _, pair in rows for u in (pair.mentor.user_id, pair.mentee.user_id)}
    out = opted_out(session, {pair.team_id for _, pair in rows}, users)
    lines, kept, dropped = [], [], []
    for milestone, pair in rows:
        people = {"mentor": pair.mentor.user_id, "mentee": pair.mentee.user_id}
        if any((pair.team_id, user) in out for user in people.values()):
            dropped.append(milestone.id)
            continue
        kept.append(milestone.id)
        text = shoutout_line(tandem.composer, milestone.kind, **people)
        lines.append(Line(milestone.achieved_at, milestone.id, text))
    _settle(session, Milestone, kept, dropped, key)
    return lines


def _kudos_lines(tandem: Tandem, session: Session, ids: list[int], key: str) -> list[Line]:
    if not ids:
        return []
    giver, recipient = aliased(Member), aliased(Member)
    rows = session.execute(
        select(Kudos, giver.user_id, recipient.user_id)
        .join(giver, giver.id == Kudos.giver_id)
        .join(recipient, recipient.id == Kudos.recipient_id)
        .where(Kudos.id.in_(ids))
    ).all()
    out = opted_out(session, {k.team_id for k, _, _ in rows}, {r for _, _, r in rows})
    lines, kept, dropped = [], [], []
    for kudos, giver_id, recipient_id in rows:
        if (kudos.team_id, recipient_id) in out:
            dropped.append(kudos.id)
            continue
        kept.append(kudos.id)
        text = shoutout_line(
            tandem.composer, "kudos", giver=giver_id, recipient=recipient_id, text=kudos.text
        )
        lines.append(Line(kudos.created_at, 1_000_000_000 + kudos.id, text))
    _settle(session, Kudos, kept, dropped, key)
    return lines
