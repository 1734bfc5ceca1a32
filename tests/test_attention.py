"""The attention rules and program trends, as pure functions over scheduled rounds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.attention import Answer, PairFacts, Reason, Round, reasons, urgency
from bot.domain.figures import SHOWN, attention, month_start, pulse_trend, rate_trend
from bot.domain.report_csv import csv_text, neutralise
from bot.domain.rounds import SentCheckIn, closed_sent, pair_rounds
from bot.domain.trends import Sent, average_pulse, rate, sparkline, trend

START = datetime(2027, 1, 4, 9, tzinfo=UTC)
YES, NO = Answer(True, None), Answer(False, None)


def _rounds(*pairs: tuple[Answer | None, Answer | None], open_last: bool = False) -> tuple:
    rounds = [
        Round(START + timedelta(weeks=n + 1), mentor, mentee)
        for n, (mentor, mentee) in enumerate(pairs)
    ]
    if open_last:
        rounds[-1] = Round(rounds[-1].due_at, rounds[-1].mentor, rounds[-1].mentee, closed=False)
    return tuple(rounds)


def _facts(*pairs: tuple[Answer | None, Answer | None], **kw: object) -> PairFacts:
    rounds = _rounds(*pairs, open_last=bool(kw.pop("open_last", False)))
    return PairFacts(
        started_at=START,
        rounds=rounds,
        agreement_set=bool(kw.get("agreement_set", True)),
        last_feedback_at=kw.get("last_feedback_at", rounds[-1].due_at if rounds else None),  # type: ignore[arg-type]
    )


def pulse(n: int) -> Answer:
    return Answer(True, n)


def test_silence_of_both_for_two_periods_but_not_an_open_round() -> None:
    assert reasons(_facts((YES, YES), (NO, NO), (NO, NO))) == [Reason.SILENT]
    assert reasons(_facts((YES, YES), (NO, NO))) == []
    assert reasons(_facts((YES, YES), (NO, NO), (NO, NO), open_last=True)) == []
    assert reasons(_facts((NO, NO))) == []  # one period: too young


def test_one_member_silent_while_the_other_answers() -> None:
    assert reasons(_facts((YES, YES), (YES, NO), (YES, NO))) == [Reason.ONE_SILENT]
    assert reasons(_facts((YES, YES), (YES, NO), (NO, YES))) == []


def test_a_falling_pulse_and_a_perception_gap() -> None:
    assert reasons(_facts((pulse(5), pulse(4)), (pulse(4), pulse(4)), (pulse(3), pulse(4)))) == [
        Reason.PULSE_FELL
    ]
    assert reasons(_facts((pulse(5), pulse(4)), (pulse(5), pulse(4)), (pulse(4), pulse(4)))) == []
    gap = _facts((pulse(5), pulse(2)), (pulse(5), pulse(3)), (pulse(4), pulse(3)))
    assert reasons(gap) == [Reason.PERCEPTION_GAP]  # 4.67 against 2.67


def test_no_feedback_for_six_weeks_of_schedule() -> None:
    weeks = [(YES, YES)] * 6
    assert reasons(_facts(*weeks, last_feedback_at=None)) == [Reason.NO_FEEDBACK]
    assert reasons(_facts(*weeks[:5], last_feedback_at=None)) == []  # five weeks old
    recent = START + timedelta(weeks=2)
    assert reasons(_facts(*weeks, last_feedback_at=recent)) == []


def test_no_agreement_after_two_weeks_of_schedule() -> None:
    assert reasons(_facts((YES, YES), agreement_set=False)) == []  # one week
    assert reasons(_facts((YES, YES), (YES, YES), agreement_set=False)) == [Reason.NO_AGREEMENT]


def test_urgency_orders_by_the_most_urgent_reason() -> None:
    found = [[Reason.NO_AGREEMENT], [Reason.SILENT, Reason.NO_FEEDBACK], [Reason.PULSE_FELL], []]
    assert sorted(found, key=urgency) == [
        [Reason.SILENT, Reason.NO_FEEDBACK],
        [Reason.PULSE_FELL],
        [Reason.NO_AGREEMENT],
        [],
    ]


def test_rates_pulses_trends_and_sparklines() -> None:
    sent = [
        Sent(1, 0, True, 4),
        Sent(1, 1, False, None),
        Sent(2, 0, True, 2),
        Sent(2, 5, True, 5),
    ]
    assert rate(sent, range(0, 4)) == 2 / 3
    assert rate(sent, range(4, 8)) == 1.0
    assert rate(sent, range(8, 12)) is None
    assert average_pulse(sent, range(0, 4)) == 3.0
    assert [trend(0.5, 0.4), trend(0.4, 0.5), trend(0.5, 0.5), trend(None, 0.5)] == [
        "up",
        "down",
        "flat",
        "",
    ]
    assert sparkline([0.0, 0.5, 1.0, None]) == "▁▅█ "
    assert sparkline([1, 3, 5], low=1, high=5) == "▁▅█"


def _sent(
    pair: int, role: str, week: int, answer: int | str | None, *, is_open: bool = False
) -> SentCheckIn:
    pulse = answer if isinstance(answer, int) else None
    return SentCheckIn(
        pair, role, START + timedelta(weeks=week), answer is not None, pulse, is_open
    )


def test_rounds_line_up_each_members_latest_check_ins() -> None:
    sent = [
        _sent(1, "mentor", 1, 4),
        _sent(1, "mentee", 1, None),
        _sent(1, "mentor", 2, "r"),
        _sent(1, "mentee", 2, 3),
        _sent(1, "mentor", 3, None, is_open=True),
        _sent(1, "mentee", 3, 5),  # answered, but the round is open while the mentor's is
        _sent(2, "mentee", 1, 2),  # the mentor of pair 2 got none
    ]
    rounds = pair_rounds(sent)
    assert [r.closed for r in rounds[1]] == [True, True, False]
    assert rounds[1][1] == Round(START + timedelta(weeks=2), Answer(True, None), Answer(True, 3))
    assert rounds[2] == (Round(START + timedelta(weeks=1), None, Answer(True, 2)),)
    assert closed_sent(1, rounds[1]) == [
        Sent(1, 0, True, None),
        Sent(1, 0, True, 3),
        Sent(1, 1, True, 4),
        Sent(1, 1, False, None),
    ]
    assert closed_sent(1, rounds[1], "mentee") == [Sent(1, 0, True, 3), Sent(1, 1, False, None)]


def test_program_trends_the_month_and_the_attention_list() -> None:
    sent = [Sent(1, i, i % 2 == 0, 5 - (i // 2)) for i in range(8)]
    rates, pulses = rate_trend(sent), pulse_trend(sent)
    assert (rates.now, rates.before, rates.direction) == (0.5, 0.5, "flat")
    assert (pulses.now, pulses.before, pulses.direction) == (4.5, 2.5, "up")
    assert len(rates.spark) == 8 and pulses.spark[-1] == "█"
    now = datetime(2027, 3, 31, 23, 30, tzinfo=UTC)  # already April in Berlin
    assert month_start(now, "Europe/Berlin") == datetime(
        2027, 4, 1, tzinfo=ZoneInfo("Europe/Berlin")
    )
    quiet = _facts((YES, YES), (NO, NO), (NO, NO))
    late = _facts((YES, YES), (YES, YES), agreement_set=False)
    listed = attention(
        [(n, f"UM{n}", f"UE{n}", late if n % 2 else quiet) for n in range(1, SHOWN + 4)]
    )
    assert [f.pair_id for f in listed.shown] == [2, 4, 6, 8, 10, 12, 1, 3, 5, 7]
    assert listed.more == 3 and listed.shown[0].reasons == (Reason.SILENT,)


def test_csv_values_never_start_a_formula() -> None:
    assert [neutralise(v) for v in ("=1+1", "+1", "-2", "@ana", "\tx", "ana", 3, None)] == [
        "'=1+1",
        "'+1",
        "'-2",
        "'@ana",
        "'\tx",
        "ana",
        "3",
        "",
    ]
    assert csv_text(["a", "=b"], [["x,y", '=HYPERLINK("u")']]) == (
        'a,\'=b\n"x,y","\'=HYPERLINK(""u"")"\n'
    )
