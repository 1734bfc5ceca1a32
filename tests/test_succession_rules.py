"""The succession rules on their own: areas and roles, handovers, ratings, rounds, bands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.succession import (
    AreaRow,
    Band,
    Handover,
    Profile,
    area_lines,
    band,
    check_handover,
    check_profile,
    check_ratings,
    is_ready,
    least_transferred,
    ready_twice,
    round_due,
    side_by_side,
)

BLOCKS = ("role", "areas", "other")
KNOWN = ["Decision making", "Team leadership"]
NOW = datetime(2027, 2, 2, 9, tzinfo=UTC)


def test_area_lines_drop_bullets_blanks_and_repeats() -> None:
    text = "- Hiring\n\n2) Budgeting\n• hiring\n  Budget   ownership "
    assert area_lines(text) == ["Hiring", "Budgeting", "Budget ownership"]


def test_a_profile_takes_known_areas_and_written_ones() -> None:
    checked = check_profile(
        " Head of  Ops ", ["team leadership"], "Budgeting", KNOWN, blocks=BLOCKS, required=True
    )
    assert checked == Profile("Head of Ops", ["team leadership", "Budgeting"])


def test_profile_refusals() -> None:
    def check(role: str, chosen: list[str], other: str = "", required: bool = True) -> object:
        return check_profile(role, chosen, other, KNOWN, blocks=BLOCKS, required=required)

    assert check("Lead", ["Astrology"]) == {"areas": "unknown_area"}
    assert check("", KNOWN) == {"role": "role_needed"}
    assert check("x" * 101, KNOWN) == {"role": "role_too_long"}
    assert check("Lead", []) == {"areas": "areas_needed"}
    assert check("Lead", [], "\n".join(f"Area {n}" for n in range(11))) == {
        "areas": "too_many_areas"
    }
    assert check("Lead", [], "y" * 61) == {"other": "area_too_long"}
    assert check("", [], required=False) == Profile("", [])  # the agreement names no role yet


def test_handovers_need_text_a_known_area_and_a_way() -> None:
    blocks = ("shared", "area", "how")
    assert check_handover(" The pack ", "decision making", "document", KNOWN, blocks=blocks) == (
        Handover("The pack", "Decision making", "document")
    )
    assert check_handover("", "Astrology", "telepathy", KNOWN, blocks=blocks) == {
        "shared": "shared_needed",
        "area": "unknown_area",
        "how": "how_needed",
    }
    assert check_handover("x" * 2001, "", "shadowing", KNOWN, blocks=blocks) == {
        "shared": "shared_too_long",
        "area": "area_needed",
    }


def test_ratings_are_1_to_5_for_known_areas_and_unrated_stay_unrated() -> None:
    assert check_ratings({0: "2", 1: None}, KNOWN) == {"Decision making": 2}
    assert check_ratings({0: "6"}, KNOWN) == "out_of_range"
    assert check_ratings({0: "0"}, KNOWN) == "out_of_range"
    assert check_ratings({0: "four"}, KNOWN) == "out_of_range"
    assert check_ratings({2: "3"}, KNOWN) == "unknown_area"
    assert check_ratings({-1: "3"}, KNOWN) == "unknown_area"
    assert check_ratings({0: None, 1: None}, KNOWN) == "nothing_rated"


def test_a_round_opens_in_a_new_month_three_weeks_after_the_last() -> None:
    assert round_due(None, None, "2027-02", NOW)
    assert round_due(NOW - timedelta(days=21), "2027-01", "2027-02", NOW)
    assert not round_due(NOW - timedelta(days=20), "2027-01", "2027-02", NOW)
    assert not round_due(NOW - timedelta(days=40), "2027-02", "2027-02", NOW)


def test_side_by_side_marks_areas_two_apart_and_ready_needs_every_area() -> None:
    rows = side_by_side(KNOWN, {"Decision making": 2}, {"Decision making": 4, "Team leadership": 5})
    assert rows == [AreaRow("Decision making", 2, 4), AreaRow("Team leadership", None, 5)]
    assert [row.apart for row in rows] == [True, False]
    assert not AreaRow("x", 3, 4).apart
    everything = {"Decision making": 4, "Team leadership": 5}
    assert is_ready(KNOWN, everything, everything)
    assert not is_ready(KNOWN, {"Decision making": 4}, everything)  # unrated is not ready
    assert not is_ready(KNOWN, {**everything, "Team leadership": 3}, everything)
    assert not is_ready([], {}, {})


def test_bands_and_two_ready_months_in_a_row() -> None:
    assert [band(None), band(False), band(True)] == [
        Band.NOT_RATED,
        Band.PROGRESSING,
        Band.READY,
    ]
    assert ready_twice([(1, False), (2, True), (3, True)])
    assert not ready_twice([(1, True), (2, None), (3, True)])  # a round without both
    assert not ready_twice([(1, True), (3, True)])  # not consecutive
    assert not ready_twice([(1, True)])


def test_least_transferred_counts_areas_with_none() -> None:
    counts = {"Decision making": 3, "team leadership": 1}
    areas = ["Decision making", "Team leadership", "Hiring", "Budgeting"]
    assert least_transferred(counts, areas) == [
        ("Budgeting", 0),
        ("Hiring", 0),
        ("Team leadership", 1),
    ]
