"""One pair's feedback exchange as a transcript (tests/support/feedback_exchange.py): both
nudged at their local check-in time, both revealed at once, answers told, the note kept."""

from __future__ import annotations

import re

import pytest

from tests.support.feedback import MENTEE_WORDS, MENTOR_WORDS
from tests.support.feedback_exchange import NOTE, simulate
from tests.support.runner import RunningApp


def _lines(lines: list[str], needle: str) -> list[str]:
    return [line for line in lines if needle in line]


@pytest.mark.timeout(1200)  # a long simulation; a hang still fails
def test_one_pair_s_feedback_exchange(app: RunningApp) -> None:
    lines = simulate(app)
    nudged = _lines(lines, "feedback nudge DM")
    assert len(nudged) == 2
    assert re.search(r"\| Wed 10:00 Berlin +-> Ana", nudged[0]), nudged
    assert re.search(r"\| Wed 10:00 New York +-> Ben", nudged[1]), nudged

    delivered = _lines(lines, "feedback in DM")
    assert len(delivered) == 3
    revealed = [line[:20] for line in delivered[:2]]
    assert revealed == ["Fri 22 Jan 16:00 UTC"] * 2  # together, once Ben's was in
    assert "-> Ana" in delivered[0] and MENTEE_WORDS["impact"] in delivered[0]
    assert "-> Ben" in delivered[1] and MENTOR_WORDS["impact"] in delivered[1]
    assert "given in the same round" not in delivered[2]  # outside the round: straight away
    assert delivered[2].startswith("Tue 26 Jan 17:00 UTC")

    told = _lines(lines, "feedback received DM")
    assert ["-> Ana" in told[0], "-> Ben" in told[1]] == [True, True] and len(told) == 2
    for line in _lines(lines, "pair channel"):
        assert not any(words["behaviour"][:30] in line for words in (MENTOR_WORDS, MENTEE_WORDS))
    assert NOTE not in "\n".join(lines) and NOTE not in app.fake.all_text()
