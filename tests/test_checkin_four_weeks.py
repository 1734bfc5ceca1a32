"""A pair's first four weeks, hour by hour: who got what, when, in their own time zone."""

import re

import pytest

from tests.support.four_weeks import ANA, BEN, simulate
from tests.support.runner import RunningApp


def _lines(lines: list[str], needle: str) -> list[str]:
    return [line for line in lines if needle in line]


# About 3,000 scheduler passes, each running every feature's sweeps: on a 2-core machine
# with PostgreSQL and other suites running, this took over five minutes. The limit only
# decides when a hung run fails, so it is generous.
@pytest.mark.timeout(1200)
def test_the_first_four_weeks_of_a_pair(app: RunningApp) -> None:
    lines = simulate(app)
    ana_prompts = _lines(lines, "-> Ana   check-in DM")
    ben_prompts = _lines(lines, "-> Ben   check-in DM")
    # Four Tuesdays, 10:00 in Berlin and 10:00 in New York.
    for prompts, city in ((ana_prompts, "Berlin"), (ben_prompts, "New York")):
        assert len(prompts) == 4
        assert all(re.search(rf"\| Tue 10:00 {city}", p) for p in prompts), prompts
    # Every prompt asked a different question.
    assert len({p.split("check-in DM: ")[1] for p in ana_prompts + ben_prompts}) == 8
    reminders = _lines(lines, "reminder DM: the check-in is still open")
    assert [r[:20] for r in reminders] == [
        "Wed 13 Jan 15:00 UTC",  # Ben, unanswered week 1
        "Wed 20 Jan 09:30 UTC",  # Ana asked to be reminded tomorrow
        "Wed 03 Feb 15:00 UTC",  # Ben, unanswered week 4
    ]
    shared = _lines(lines, "shared a reflection")
    assert len(shared) == 1 and f"<@{BEN}>" in shared[0]
    assert not _lines(lines, "I talked too much")  # Ana's private reflection stays in her DM
    assert len(_lines(lines, "DM updated: Check-in saved")) == 7  # one per answer
    assert ANA in app.fake.users and not app.fake.calls_to("conversations.open")
