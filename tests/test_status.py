"""`/mentor status` end to end on a seeded program: every attention reason, figures equal to
ones computed here from the seed, one pair's metrics, a member's own pair, and never a word
of a reflection or of feedback."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.attention import reasons
from bot.domain.figures import pulse_trend, rate_trend, totals_trends
from bot.domain.reports import pair_facts
from bot.domain.rounds import closed_sent, pair_rounds
from bot.services.status import reading
from bot.services.status.rounds_sql import recent_rounds
from tests.support.constants import OWNER
from tests.support.flows import reply
from tests.support.runner import RunningApp
from tests.support.status import MARKER, NOW, RECENT, START, Seeded, seed_pair, seed_program


def _figures(seeded: dict[str, Seeded], back: slice) -> tuple[float, float]:
    """Share answered and average pulse over these closed rounds of the active pairs,
    counted straight from the seed."""
    answers = [a for s in seeded.values() for r in s.rounds[back] for a in r]
    pulses = [a for a in answers if isinstance(a, int)]
    return sum(a is not None for a in answers) / len(answers), sum(pulses) / len(pulses)


def _status(app: RunningApp, user: str, text: str = "status", at: datetime = NOW) -> dict:
    before = len(app.fake.calls_to("response_url"))
    app.tandem.clock.at = at  # type: ignore[attr-defined]
    app.driver.command(user, text)
    return reply(app, before + 1)


def test_the_owner_sees_the_program_and_every_reason_for_attention(app: RunningApp) -> None:
    seeded = seed_program(app)
    answer = _status(app, OWNER)
    text = answer["text"]
    assert answer["response_type"] == "ephemeral"
    assert [b["type"] for b in answer["blocks"]] == ["section", "divider", "section"]
    assert "Pairs: 8 active, 1 paused, 1 ended, 1 completed; 1 new this month" in text
    rate_now, pulse_now = _figures(seeded, slice(-4, None))
    rate_before, pulse_before = _figures(seeded, slice(-8, -4))
    assert rate_now < rate_before and pulse_now < pulse_before
    assert (
        f"Check-ins answered in the last 4 periods: {round(100 * rate_now)}% "
        f"(down from {round(100 * rate_before)}% in the 4 before) `"
    ) in text
    assert (
        f"Average trust pulse in the last 4 periods: {pulse_now:.1f} of 5 "
        f"(down from {pulse_before:.1f}) `"
    ) in text
    assert (
        "Feedback in the last 30 days: 6 from mentors to mentees, 3 from mentees to mentors" in text
    )
    assert "This month: 1 milestone reached, 0 kudos given" in text
    flagged = text[text.index("*Pairs that need attention") :].splitlines()
    assert flagged[0] == "*Pairs that need attention* (6), the most urgent first:"
    assert flagged[1:] == [
        f"• <@{s.mentor}> and <@{s.mentee}>: {why}"
        for s, why in (
            (seeded["silent"], "neither has answered a check-in for 2 periods"),
            (seeded["pulse_fell"], "a trust pulse fell by 1.5 or more over 3 periods"),
            (seeded["one_silent"], "one answers while the other has gone quiet"),
            (seeded["perception_gap"], "their trust pulses differ by 2 or more"),
            (seeded["no_feedback"], "no feedback in 6 weeks"),
            (seeded["no_agreement"], "no agreement after 2 weeks"),
        )
    ]
    assert MARKER not in app.fake.all_text()


def test_at_most_ten_pairs_are_listed_with_a_count_of_the_rest(app: RunningApp) -> None:
    quiet = [
        seed_pair(app, n, started=START, rounds=[(None, None)] * 3, feedback=RECENT)
        for n in range(1, 13)
    ]
    text = _status(app, OWNER)["text"]
    assert "*Pairs that need attention* (12), the most urgent first:" in text
    listed = [line for line in text.splitlines() if line.startswith("• <@UMENTOR")]
    assert listed == [
        f"• <@{s.mentor}> and <@{s.mentee}>: neither has answered a check-in for 2 periods"
        for s in quiet[:10]
    ]
    assert text.rstrip().endswith("…and 2 more.")


def test_one_pair_for_the_owner_and_a_members_own_pair(app: RunningApp) -> None:
    seeded = seed_program(app)
    gap = seeded["perception_gap"]
    text = _status(app, OWNER, f"status <@{gap.mentee}|cal>")["text"]
    assert text.startswith(f"*<@{gap.mentor}> (mentor) and <@{gap.mentee}> (mentee)*, active")
    assert "Started 4 Jan 2027; 8 check-in rounds sent" in text
    # last 4 periods: everything answered; mentor's pulses 4 5 5 5, the mentee's 4 3 3 2
    assert f"• <@{gap.mentor}> answered 100% of the last 4 periods' check-ins" in text
    assert "(100% since the start); trust pulse 4.8" in text
    assert "trust pulse 3.0" in text
    assert "Feedback in the last 30 days: 1 to the mentee, 0 to the mentor" in text
    assert "Needs attention: their trust pulses differ by 2 or more" in text
    quiet = seeded["one_silent"]
    own = _status(app, quiet.mentee)["text"]
    assert "Here is how your mentorship is going." in own
    assert f"• <@{quiet.mentee}> answered 50% of the last 4 periods' check-ins" in own
    assert f"<@{quiet.mentor}> answered" not in own  # the partner's figures stay theirs
    assert "Needs attention" not in own and "Feedback" not in own
    refused = _status(app, quiet.mentee, f"status <@{gap.mentor}>")["text"]
    assert "Program owners can look at other pairs" in refused
    assert "I found no pair with <@UNOBODY1>" in _status(app, OWNER, "status <@UNOBODY1>")["text"]
    assert MARKER not in app.fake.all_text()


def test_round_figures_are_kept_for_ten_minutes_and_say_when_they_are_from(
    app: RunningApp,
) -> None:
    seed_pair(app, 1, started=START, rounds=[(4, 4)] * 4, feedback=RECENT)
    first = _status(app, OWNER)["text"]
    assert "as of 10:00" in first and "need attention:* none right now" in first
    quiet = seed_pair(app, 2, started=START, rounds=[(None, None)] * 3, feedback=RECENT)
    kept = _status(app, OWNER, at=NOW + timedelta(minutes=9))["text"]
    assert "Pairs: 2 active" in kept  # counted now
    assert "as of 10:00" in kept and "need attention:* none right now" in kept
    fresh = _status(app, OWNER, at=NOW + timedelta(minutes=11))["text"]
    assert "as of 10:11" in fresh
    assert f"<@{quiet.mentor}> and <@{quiet.mentee}>: neither has answered" in fresh


def test_the_rounds_summed_in_sql_match_the_rounds_built_from_each_check_in(
    app: RunningApp,
) -> None:
    seed_program(app)
    with app.tandem.sessions() as session:
        rows = reading.pair_rows(session, "T0001", statuses=("active",))
        built = pair_rounds(reading.sent_checkins(session, "T0001", recent=None))
        pairs, totals = recent_rounds(session, "T0001")
        summed = {p.pair_id: p.rounds() for p in pairs}
        last = reading.last_feedback(session, "T0001")
    assert set(summed) == {r.pair_id for r in rows if r.pair_id in built}
    sent = []
    for row in rows:
        whole, short = built.get(row.pair_id, ()), summed.get(row.pair_id, ())
        assert [s for s in closed_sent(row.pair_id, whole) if s.index < 3] == closed_sent(
            row.pair_id, short
        )
        assert reasons(pair_facts(row, built, last)) == reasons(pair_facts(row, summed, last))
        sent += closed_sent(row.pair_id, whole)
    assert totals_trends(totals) == (rate_trend(sent), pulse_trend(sent))
