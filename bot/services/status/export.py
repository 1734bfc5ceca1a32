"""The report's files: a CSV with one row per pair and its figures, and the weekly chart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.composer import Composer
from bot.domain.attention import reasons
from bot.domain.figures import pulse_trend, rate_trend
from bot.domain.report_csv import csv_text
from bot.domain.reports import FeedbackCounts, pair_facts
from bot.domain.rounds import closed_sent, pair_rounds
from bot.domain.states import WENT_OUT, CheckInState, PairStatus
from bot.models import CheckIn, Goal, Member, Milestone, Pair
from bot.services.status import reading
from bot.services.status.chart import chart_png
from bot.slack.gateway import FileUpload
from bot.slack.views.status import day, percent, pulse, reason_words

WEEKS = 12


def report_files(
    composer: Composer, session: Session, team_id: str, now: datetime, tz: str
) -> list[FileUpload]:
    """The CSV and the PNG of the program as of `now`, named by its date in `tz`."""
    words = composer.data("status/words.toml")
    stamp = day(now, tz) or ""
    name = f"tandem-status-{team_id}-{now:%Y-%m-%d}"
    weeks, rates, pulses = weekly(session, team_id, now)
    return [
        FileUpload(
            f"{name}.csv",
            pairs_csv(composer, session, team_id, now, tz).encode("utf-8"),
            f"{words['files']['csv_title']} ({stamp})",
        ),
        FileUpload(
            f"{name}.png",
            chart_png(weeks, rates, pulses, words["chart"]),
            f"{words['files']['png_title']} ({stamp})",
        ),
    ]


def pairs_csv(composer: Composer, session: Session, team_id: str, now: datetime, tz: str) -> str:
    header = composer.data("status/words.toml")["csv"]
    rows = reading.pair_rows(session, team_id)
    rounds = pair_rounds(reading.sent_checkins(session, team_id))
    last = reading.last_feedback(session, team_id)
    since = reading.feedback_window(now)
    feedback = reading.feedback_since(session, team_id, since, by_pair=True)
    people = select(Member.user_id, Member.display_name).where(Member.team_id == team_id)
    names = {user: name for user, name in session.execute(people)}
    sent_counts = _rounds_sent(session, team_id)
    reached = select(Milestone.pair_id, func.count()).where(Milestone.team_id == team_id)
    milestones = _per_pair(session.execute(reached.group_by(Milestone.pair_id)))
    goals = _goals(session, team_id)
    out = []
    for row in rows:
        mine = rounds.get(row.pair_id, ())
        mentor = closed_sent(row.pair_id, mine, "mentor")
        mentee = closed_sent(row.pair_id, mine, "mentee")
        both = mentor + mentee
        given = feedback.get(row.pair_id, FeedbackCounts(0, 0))
        found = reasons(pair_facts(row, rounds, last)) if row.status == PairStatus.ACTIVE else []
        done, total, progress = goals.get(row.pair_id, (0, 0, None))
        out.append(
            [
                row.pair_id,
                names.get(row.mentor) or row.mentor,
                names.get(row.mentee) or row.mentee,
                row.status,
                day(row.started_at, tz),
                day(row.ended_at, tz) or "",
                sent_counts.get(row.pair_id, 0),
                "yes" if row.agreement_set else "no",
                _number(percent(rate_trend(mentor).now)),
                _number(percent(rate_trend(mentee).now)),
                rate_trend(both).direction,
                pulse(pulse_trend(mentor).now) or "",
                pulse(pulse_trend(mentee).now) or "",
                pulse_trend(both).direction,
                given.to_mentee,
                given.to_mentor,
                day(last.get(row.pair_id), tz) or "",
                milestones.get(row.pair_id, 0),
                f"{done} of {total}",
                "" if progress is None else round(progress),
                reason_words(composer, found),
            ]
        )
    return csv_text(_header(header), out)


def _header(words: dict[str, str]) -> list[str]:
    keys = (
        "pair mentor mentee status started ended rounds agreement mentor_rate mentee_rate "
        "rate_trend mentor_pulse mentee_pulse pulse_trend feedback_to_mentee "
        "feedback_to_mentor last_feedback milestones goals_done goal_progress attention"
    )
    return [words[k] for k in keys.split()]


def _number(shown: str | None) -> str:
    return "" if shown is None else shown.rstrip("%")


def _per_pair(rows: Iterable[Any]) -> dict[int, int]:
    """{pair: count} from rows of (pair ID, count)."""
    return {int(row[0]): int(row[1]) for row in rows}


def _rounds_sent(session: Session, team_id: str) -> dict[int, int]:
    """Rounds sent to each pair: the most check-ins either member got."""
    per_member = (
        select(CheckIn.pair_id, func.count().label("sent"))
        .where(CheckIn.team_id == team_id, CheckIn.state.in_(WENT_OUT))
        .group_by(CheckIn.pair_id, CheckIn.member_id)
        .subquery()
    )
    query = select(per_member.c.pair_id, func.max(per_member.c.sent)).group_by(per_member.c.pair_id)
    return _per_pair(session.execute(query))


def _goals(session: Session, team_id: str) -> dict[int, tuple[int, int, float | None]]:
    """Per pair: goals done, goals, average progress (a done goal counts as 100%)."""
    found: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    query = (
        select(Goal.pair_id, Goal.progress, Goal.done_at.is_not(None))
        .join(Pair, Pair.id == Goal.pair_id)
        .where(Pair.team_id == team_id)
    )
    for pair_id, share, finished in session.execute(query):
        found[pair_id].append((int(share), bool(finished)))
    out: dict[int, tuple[int, int, float | None]] = {}
    for pair_id, goals in found.items():
        shares = [100 if done else share for share, done in goals]
        out[pair_id] = (sum(done for _, done in goals), len(goals), sum(shares) / len(shares))
    return out


def weekly(
    session: Session, team_id: str, now: datetime
) -> tuple[list[datetime], list[float | None], list[float | None]]:
    """The WEEKS weeks before the last 7 days (oldest first): when each began, the share of
    check-ins due that week that were answered, and their average pulse. The last 7 days
    are left out, as the current round is still open; so is a check-in still open then."""
    end = now - timedelta(weeks=1)
    start = end - timedelta(weeks=WEEKS)
    answered = (CheckIn.pulse.is_not(None)) | (CheckIn.reflection.is_not(None))
    query = select(CheckIn.due_at, answered, CheckIn.pulse, CheckIn.state).where(
        CheckIn.team_id == team_id,
        CheckIn.state.in_(WENT_OUT),
        CheckIn.due_at > start,
        CheckIn.due_at <= end,
    )
    sent, done = [0] * WEEKS, [0] * WEEKS
    pulses: list[list[int]] = [[] for _ in range(WEEKS)]
    for due, was_answered, given, state in session.execute(query):
        if state == CheckInState.OPEN and not was_answered:
            continue
        week = min(WEEKS - 1, int((due - start) / timedelta(weeks=1)))
        sent[week] += 1
        done[week] += bool(was_answered)
        if given is not None:
            pulses[week].append(given)
    weeks = [start + timedelta(weeks=n) for n in range(WEEKS)]
    rates = [done[n] / sent[n] if sent[n] else None for n in range(WEEKS)]
    averages = [sum(p) / len(p) if p else None for p in pulses]
    return weeks, rates, averages
