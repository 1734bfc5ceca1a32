"""A pair's check-in rounds, built from the check-ins that went out (no words, only facts).

A member's check-ins are lined up from the latest back: the latest of the mentor's and the
latest of the mentee's make the pair's latest round, and so on. A round is still open while
one of its check-ins is open and unanswered (the current round, which is not counted yet).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.attention import Answer, Round
from bot.domain.trends import Sent


@dataclass(frozen=True)
class SentCheckIn:
    """One check-in that reached a member, as a report sees it."""

    pair_id: int
    role: str  # "mentor" or "mentee"
    due_at: datetime
    answered: bool  # a pulse or a reflection
    pulse: int | None
    open: bool  # the member's current check-in, still open and unanswered


def pair_rounds(sent: Iterable[SentCheckIn]) -> dict[int, tuple[Round, ...]]:
    """Each pair's rounds, oldest first."""
    by_member: dict[tuple[int, str], list[SentCheckIn]] = defaultdict(list)
    for checkin in sent:
        by_member[(checkin.pair_id, checkin.role)].append(checkin)
    pairs = {pair_id for pair_id, _ in by_member}
    rounds: dict[int, tuple[Round, ...]] = {}
    for pair_id in pairs:
        mentor = sorted(by_member.get((pair_id, "mentor"), []), key=lambda c: c.due_at)
        mentee = sorted(by_member.get((pair_id, "mentee"), []), key=lambda c: c.due_at)
        count = max(len(mentor), len(mentee))
        built = []
        for back in range(count, 0, -1):  # oldest first
            a = mentor[-back] if back <= len(mentor) else None
            b = mentee[-back] if back <= len(mentee) else None
            present = [c for c in (a, b) if c is not None]
            built.append(
                Round(
                    due_at=max(c.due_at for c in present),
                    mentor=_answer(a),
                    mentee=_answer(b),
                    closed=not any(c.open for c in present),
                )
            )
        rounds[pair_id] = tuple(built)
    return rounds


def _answer(checkin: SentCheckIn | None) -> Answer | None:
    return None if checkin is None else Answer(checkin.answered, checkin.pulse)


def closed_sent(pair_id: int, rounds: tuple[Round, ...], role: str | None = None) -> list[Sent]:
    """The pair's answers in closed rounds, indexed from the latest (0) back, for trends;
    only one member's when `role` is given."""
    closed = [r for r in rounds if r.closed]
    out: list[Sent] = []
    for index, round_ in enumerate(reversed(closed)):
        for who, answer in (("mentor", round_.mentor), ("mentee", round_.mentee)):
            if answer is not None and role in (None, who):
                out.append(Sent(pair_id, index, answer.answered, answer.pulse))
    return out


def summed_rounds(
    latest_due: datetime,
    open_now: bool,
    answered: dict[str, list[bool | None]],
    pulses: dict[str, list[int | None]],
) -> tuple[Round, ...]:
    """A pair's rounds from a summary of its latest closed ones (index 0 the latest, for
    each role: answered or None when not sent, and the pulse), oldest first, with the open
    round last. Only the latest round's time is known: the rules need no other."""
    count = max(
        (i + 1 for role in answered for i, a in enumerate(answered[role]) if a is not None),
        default=0,
    )

    def answer(role: str, i: int) -> Answer | None:
        given = answered.get(role, [])
        if i >= len(given) or given[i] is None:
            return None
        return Answer(bool(given[i]), pulses[role][i])

    built = [
        Round(latest_due, answer("mentor", i), answer("mentee", i)) for i in reversed(range(count))
    ]
    if open_now:
        built.append(Round(latest_due, None, None, closed=False))
    return tuple(built)
