"""Which reflection question a person gets next (pure).

Questions are data (prompts/checkins/questions.toml). A person is asked every question for
their role once per round before any comes back; within a round, questions for the pair's
stage come first, and among those the theme asked least recently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

ROLES = ("mentor", "mentee")
STAGES = ("early", "later")


class QuestionsError(ValueError):
    """The questions file is malformed; the message says which entry and why."""


@dataclass(frozen=True)
class Question:
    id: str
    roles: frozenset[str]
    stage: str
    theme: str
    text: str


@dataclass(frozen=True)
class Asked:
    """A question already put to this person in this role, oldest first."""

    question_id: str
    round: int


@dataclass(frozen=True)
class Choice:
    question: Question
    round: int


def load_questions(data: dict[str, Any]) -> list[Question]:
    """Questions from the parsed TOML (`[[question]]` tables), checked for mistakes."""
    questions: list[Question] = []
    seen: set[str] = set()
    for index, raw in enumerate(data.get("question", []), start=1):
        qid = str(raw.get("id", "")).strip()
        roles = raw.get("roles", list(ROLES))
        where = f"question {index} ({qid or 'no id'})"
        if not qid or qid in seen:
            raise QuestionsError(f"{where}: every question needs its own id")
        if not set(roles) <= set(ROLES) or not roles:
            raise QuestionsError(f"{where}: roles must be among {', '.join(ROLES)}")
        if raw.get("stage") not in STAGES:
            raise QuestionsError(f"{where}: stage must be 'early' or 'later'")
        if not str(raw.get("text", "")).strip():
            raise QuestionsError(f"{where}: the text is empty")
        seen.add(qid)
        questions.append(
            Question(
                id=qid,
                roles=frozenset(roles),
                stage=raw["stage"],
                theme=str(raw.get("theme", qid)),
                text=str(raw["text"]).strip(),
            )
        )
    for role in ROLES:
        if not any(role in q.roles for q in questions):
            raise QuestionsError(f"there is no question for the {role}")
    return questions


def choose(
    questions: Sequence[Question], role: str, stage: str, history: Sequence[Asked]
) -> Choice:
    """The next question for a person in `role`, given what they were asked before."""
    pool = [q for q in questions if role in q.roles]
    ids = {q.id for q in pool}
    current = max((a.round for a in history), default=0)
    used = {a.question_id for a in history if a.round == current and a.question_id in ids}
    if used >= ids:
        current, used = current + 1, set()
    fresh = [q for q in pool if q.id not in used]
    preferred = [q for q in fresh if q.stage == stage] or fresh
    theme_of = {q.id: q.theme for q in pool}
    last_seen: dict[str, int] = {}
    for position, asked in enumerate(history):
        if asked.question_id in theme_of:
            last_seen[theme_of[asked.question_id]] = position
    order = {q.id: i for i, q in enumerate(pool)}
    pick = min(preferred, key=lambda q: (last_seen.get(q.theme, -1), order[q.id]))
    return Choice(question=pick, round=current)
