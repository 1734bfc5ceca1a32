"""Every value Tandem sends to Slack and reads back decodes to what it encoded; anything
else (forged, stale or garbage) decodes to None, never an exception."""

import pytest

from bot.ids import ActionId, BlockId
from bot.slack import wire


def test_pulse_scores_round_trip() -> None:
    for score in range(1, 6):
        assert wire.pulse_score(wire.pulse_action(score)) == score
    assert [wire.pulse_score(a) for a in ("checkin_pulse_6", ActionId.CHECKIN_SKIP, "")] == [
        None,
        None,
        None,
    ]


def test_row_ids_round_trip_and_garbage_is_none() -> None:
    for row_id in (1, 42, 2**63 - 1):
        assert wire.parse_id(wire.id_value(row_id)) == row_id
    for garbage in ("", "0", "-3", "1.5", "abc", "٣", "9" * 30, None, 7, [1], {"id": 1}):
        assert wire.parse_id(garbage) is None


def test_pages_round_trip_and_default_to_the_first() -> None:
    for page in (1, 2, 99):
        assert wire.parse_page(wire.page_value(page)) == page
    for garbage in ("", "0", "x", None, "99999999"):
        assert wire.parse_page(garbage) == 1


def test_check_in_controls_block_ids_round_trip() -> None:
    assert wire.checkin_of_block(wire.controls_block(17)) == 17
    assert wire.checkin_of_block(wire.controls_block(17, "a1b2c3")) == 17
    for garbage in ("checkin_controls:", "checkin_controls:x", "other:17", "17", None, 17):
        assert wire.checkin_of_block(garbage) is None


def test_goal_options_round_trip() -> None:
    choice = wire.GoalChoice(checkin_id=3, goal_id=9, percent=75)
    assert wire.parse_goal_option(wire.goal_option(choice)) == choice
    for garbage in ("3:9", "3:9:101", "3:9:-1", "a:9:50", "3:9:50:1", "", None, 3):
        assert wire.parse_goal_option(garbage) is None


def test_tip_share_values_round_trip() -> None:
    share = wire.TipShare(pair_id=12, rounds=0, tip_id="listen-say-it-back")
    assert wire.parse_tip_share(wire.tip_share_value(share)) == share
    again = wire.TipShare(pair_id=1, rounds=3, tip_id="ask-what-else")
    assert wire.parse_tip_share(wire.tip_share_value(again)) == again
    for garbage in ("12:0", "12:0:Listen", "0:0:ask-x", "12:-1:ask-x", "12:0:ask", "", None, 5):
        assert wire.parse_tip_share(garbage) is None


def test_share_checkbox() -> None:
    assert wire.shared([wire.SHARE]) is True
    assert [wire.shared(v) for v in ([], None, "share", ["other"])] == [False] * 4


@pytest.mark.parametrize(
    ("encode", "decode"),
    [
        (wire.pair_metadata, wire.parse_pair_metadata),
        (wire.import_metadata, wire.parse_import_metadata),
    ],
)
def test_private_metadata_round_trips(encode, decode) -> None:  # type: ignore[no-untyped-def]
    assert decode(encode(12)) == 12
    for garbage in ("", "{", "[]", '{"pair_id": "12"}', '{"import_id": true}', "null", None, 5):
        if decode(garbage) is not None:
            raise AssertionError(f"{garbage!r} decoded")


def test_feedback_values_and_metadata_round_trip() -> None:
    for pair_id, round_id in ((1, None), (7, 3), (2**63 - 1, 2**63 - 1)):
        assert wire.parse_feedback_value(wire.feedback_value(pair_id, round_id)) == (
            pair_id,
            round_id,
        )
        assert wire.parse_feedback_metadata(wire.feedback_metadata(pair_id, round_id)) == (
            pair_id,
            round_id,
        )
    for garbage in ("", "0:0", "1", "1:", "x:1", "1:-2", None, 5):
        assert wire.parse_feedback_value(garbage) is None
    for garbage in ("", "{}", '{"pair_id": "1"}', "[1]", None):
        assert wire.parse_feedback_metadata(garbage) is None


def test_assessment_blocks_round_trip() -> None:
    values = {
        wire.assessment_block(BlockId.ASSESS_PROGRESS, 4): "40",
        wire.assessment_block(BlockId.ASSESS_NOTE, 4): "halfway",
        wire.assessment_block(BlockId.ASSESS_PROGRESS, 9): "100",
        "assess_progress:x": "10",
        "other:4": "nope",
    }
    assert wire.assessment_entries(values) == {4: ("40", "halfway"), 9: ("100", None)}


def test_handover_metadata_round_trips_and_garbage_names_nothing() -> None:
    assert wire.parse_handover_metadata(wire.handover_metadata(7, "1800000100.000100")) == (
        7,
        "1800000100.000100",
    )
    assert wire.parse_handover_metadata(wire.handover_metadata(7, None)) == (7, None)
    for garbage in ("", "{", "[]", '{"pair_id": "7"}', None, 3):
        assert wire.parse_handover_metadata(garbage) == (None, None)


def test_readiness_blocks_round_trip_and_odd_ones_are_unknown_areas() -> None:
    values = {wire.readiness_block(i): str(i + 1) for i in range(3)}
    values["other"] = "x"
    assert wire.chosen_ratings(values) == {0: "1", 1: "2", 2: "3"}
    assert wire.chosen_ratings({"readiness_area:x": "4", "readiness_area:99999": "4"}) == {-1: "4"}
