"""Question rotation by role and stage, without repeats until a role's set is used up."""

import pytest

from bot.composer import Composer
from bot.domain.questions import Asked, Question, QuestionsError, choose, load_questions


def q(qid: str, roles: tuple[str, ...], stage: str, theme: str) -> Question:
    return Question(id=qid, roles=frozenset(roles), stage=stage, theme=theme, text=qid)


QUESTIONS = [
    q("e1", ("mentee",), "early", "expectations"),
    q("e2", ("mentee", "mentor"), "early", "roles"),
    q("l1", ("mentee",), "later", "feedback"),
    q("l2", ("mentee",), "later", "feedback"),
    q("l3", ("mentee",), "later", "goals"),
    q("m1", ("mentor",), "later", "listening"),
]


def _run(role: str, stages: list[str]) -> list[tuple[str, int]]:
    history: list[Asked] = []
    for stage in stages:
        choice = choose(QUESTIONS, role, stage, history)
        history.append(Asked(choice.question.id, choice.round))
    return [(a.question_id, a.round) for a in history]


def test_no_repeat_until_the_role_set_is_used_up() -> None:
    asked = _run("mentee", ["early", "early", "later", "later", "later", "later", "later"])
    first_round = [qid for qid, r in asked if r == 0]
    assert sorted(first_round) == ["e1", "e2", "l1", "l2", "l3"]
    assert asked[5][1] == 1 and asked[6][1] == 1
    assert asked[5][0] != asked[6][0]


def test_stage_questions_come_first_and_themes_alternate() -> None:
    asked = [qid for qid, _ in _run("mentee", ["early", "early", "later", "later", "later"])]
    assert asked[:2] == ["e1", "e2"]
    # l1 and l2 share a theme: l3 (goals) comes between them.
    assert asked[2:] == ["l1", "l3", "l2"]


def test_when_a_stage_is_used_up_other_questions_are_asked() -> None:
    asked = [qid for qid, _ in _run("mentee", ["early"] * 3)]
    assert asked[:2] == ["e1", "e2"]
    assert asked[2] in {"l1", "l2", "l3"}


def test_roles_only_get_their_questions() -> None:
    asked = [qid for qid, _ in _run("mentor", ["later"] * 4)]
    assert set(asked) == {"e2", "m1"}
    assert asked[0] == "m1" and asked[1] == "e2"


def test_retired_questions_in_the_history_are_ignored() -> None:
    history = [Asked("gone", 0), Asked("m1", 0)]
    assert choose(QUESTIONS, "mentor", "later", history).question.id == "e2"


def test_the_shipped_questions_load_and_cover_both_roles() -> None:
    questions = load_questions(Composer().data("checkins/questions.toml"))
    for role in ("mentor", "mentee"):
        mine = [x for x in questions if role in x.roles]
        assert {x.stage for x in mine} == {"early", "later"}
        assert len(mine) >= 8


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "", "stage": "early", "text": "x"}, "its own id"),
        ({"id": "a", "stage": "soon", "text": "x"}, "stage must be"),
        ({"id": "a", "stage": "early", "text": " "}, "text is empty"),
        ({"id": "a", "roles": ["boss"], "stage": "early", "text": "x"}, "roles must be"),
    ],
)
def test_a_malformed_questions_file_says_what_is_wrong(entry: dict, message: str) -> None:
    with pytest.raises(QuestionsError, match=message):
        load_questions({"question": [entry]})
