"""first_here: one worker at a time at work the others would repeat side by side."""

from __future__ import annotations

from bot.context import Tandem
from bot.db.alone import first_here


def test_a_second_worker_is_told_another_is_at_it_until_the_first_commits(
    tandem: Tandem,
) -> None:
    with tandem.sessions.begin() as first:
        assert first_here(first, "feedback.checkins")
        with tandem.sessions.begin() as second:
            other_work = first_here(second, "coaching.pulses")
            if tandem.engine.dialect.name == "postgresql":
                assert not first_here(second, "feedback.checkins")
            assert other_work  # another name is not held
    with tandem.sessions.begin() as later:
        assert first_here(later, "feedback.checkins")  # released with the transaction
