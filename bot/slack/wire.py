"""Every value Tandem sends to Slack and reads back, encoded and decoded side by side.

Slack echoes these strings back in clicks and submissions: button values, option values,
block_ids and a modal's private_metadata. Each format's encoder and decoder live together
here, so they cannot drift apart; a decoder returns None for anything it did not make
(a forged or stale payload), never raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.ids import ActionId, BlockId

# The trust pulse is five buttons; the score is in the action_id.
PULSE_ACTIONS: tuple[ActionId, ...] = (
    ActionId.CHECKIN_PULSE_1,
    ActionId.CHECKIN_PULSE_2,
    ActionId.CHECKIN_PULSE_3,
    ActionId.CHECKIN_PULSE_4,
    ActionId.CHECKIN_PULSE_5,
)
SHARE = "share"  # the value of the one option of a "share with my partner" checkbox
_MAX_ID = 2**63 - 1


def pulse_action(score: int) -> ActionId:
    """The action_id of the pulse button for `score` (1-5)."""
    return PULSE_ACTIONS[score - 1]


def pulse_score(action_id: str) -> int | None:
    """The score a pulse button stands for; None for any other action_id."""
    for score, action in enumerate(PULSE_ACTIONS, start=1):
        if action_id == action:
            return score
    return None


def id_value(row_id: int) -> str:
    """A button value or private_metadata naming one row (a pair, a check-in)."""
    return str(row_id)


def parse_id(value: object) -> int | None:
    """The row id `id_value` made; None for anything else."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= _MAX_ID else None


def page_value(number: int) -> str:
    return str(number)


def parse_page(value: object) -> int:
    """A page number from a pager button; page 1 for anything else."""
    page = parse_id(value)
    return page if page is not None and page < 1_000_000 else 1


def controls_block(checkin_id: int, revision: str = "") -> str:
    """The block_id of a check-in DM's controls; a checkbox carries no value of its own, so
    the block says which check-in it belongs to. `revision` changes when what the controls
    show changes: Slack keeps an input's state across chat.update while its block_id stays
    the same, so a box Tandem unticked would still look ticked."""
    base = f"{BlockId.CHECKIN_CONTROLS}:{checkin_id}"
    return f"{base}:{revision}" if revision else base


def checkin_of_block(block_id: object) -> int | None:
    if not isinstance(block_id, str):
        return None
    prefix, _, rest = block_id.partition(":")
    return parse_id(rest.partition(":")[0]) if prefix == BlockId.CHECKIN_CONTROLS else None


@dataclass(frozen=True)
class GoalChoice:
    checkin_id: int
    goal_id: int
    percent: int


def goal_option(choice: GoalChoice) -> str:
    """The value of a goal-progress option in a check-in DM."""
    return f"{choice.checkin_id}:{choice.goal_id}:{choice.percent}"


def parse_goal_option(value: object) -> GoalChoice | None:
    if not isinstance(value, str):
        return None
    parts = value.split(":")
    if len(parts) != 3:
        return None
    checkin_id, goal_id = parse_id(parts[0]), parse_id(parts[1])
    percent = int(parts[2]) if parts[2].isascii() and parts[2].isdigit() else -1
    if checkin_id is None or goal_id is None or not 0 <= percent <= 100:
        return None
    return GoalChoice(checkin_id, goal_id, percent)


def shared(selected: object) -> bool:
    """Whether a share checkbox's submitted value (its selected option values) was ticked."""
    return isinstance(selected, list | tuple) and SHARE in selected


@dataclass(frozen=True)
class TipShare:
    """A tip offered to one person for their pair, and how often the pair had had it then
    (sharing it counts once: a second click finds the count moved on)."""

    pair_id: int
    rounds: int
    tip_id: str


_TIP_ID = re.compile(r"^[a-z]+(-[a-z]+)+$")


def tip_share_value(share: TipShare) -> str:
    """The value of a tip's "Share with my partner" button."""
    return f"{share.pair_id}:{share.rounds}:{share.tip_id}"


def parse_tip_share(value: object) -> TipShare | None:
    if not isinstance(value, str):
        return None
    parts = value.split(":")
    if len(parts) != 3 or not _TIP_ID.match(parts[2]) or len(parts[2]) > 64:
        return None
    pair_id = parse_id(parts[0])
    rounds = int(parts[1]) if parts[1].isascii() and parts[1].isdigit() else -1
    if pair_id is None or not 0 <= rounds < 1_000_000:
        return None
    return TipShare(pair_id, rounds, parts[2])


def pair_metadata(pair_id: int) -> str:
    """private_metadata of a modal about one pair (the agreement, the goals)."""
    return json.dumps({"pair_id": pair_id})


def parse_pair_metadata(metadata: object) -> int | None:
    return _json_id(metadata, "pair_id")


def import_metadata(import_id: int) -> str:
    """private_metadata of the import confirmation modal."""
    return json.dumps({"import_id": import_id})


def parse_import_metadata(metadata: object) -> int | None:
    return _json_id(metadata, "import_id")


def goals_done_block(pair_id: int) -> str:
    """The block_id of one pair's goals in the goals-done modal."""
    return f"{BlockId.GOALS_DONE}:{pair_id}"


def chosen_goals(values: Mapping[str, Any]) -> set[int]:
    """The goal ids ticked as done in a submitted goals-done modal (its plain values)."""
    chosen: set[int] = set()
    for block_id, selected in values.items():
        prefix, _, rest = block_id.partition(":")
        if prefix != BlockId.GOALS_DONE or parse_id(rest) is None:
            continue
        if isinstance(selected, list | tuple):
            chosen.update(g for g in map(parse_id, selected) if g is not None)
    return chosen


def goals_done_metadata(listed: Mapping[int, bool]) -> str:
    """private_metadata of the goals-done modal: each goal shown, and whether it was done."""
    return json.dumps({"goals": {str(goal): bool(done) for goal, done in listed.items()}})


def parse_goals_done_metadata(metadata: object) -> dict[int, bool] | None:
    data = _json_object(metadata)
    goals = data.get("goals") if data is not None else None
    if not isinstance(goals, dict):
        return None
    listed = {parse_id(goal): done for goal, done in goals.items()}
    if None in listed or not all(isinstance(done, bool) for done in listed.values()):
        return None
    return {goal: done for goal, done in listed.items() if goal is not None}


def feedback_value(pair_id: int, round_id: int | None) -> str:
    """The value of a button that opens the feedback modal: the pair, and the round a nudge
    belongs to ("<pair>:<round>", or "<pair>:0" outside a round)."""
    return f"{pair_id}:{round_id or 0}"


def parse_feedback_value(value: object) -> tuple[int, int | None] | None:
    if not isinstance(value, str):
        return None
    pair_text, _, round_text = value.partition(":")
    pair_id = parse_id(pair_text)
    if pair_id is None or not (round_text == "0" or parse_id(round_text) is not None):
        return None
    return pair_id, parse_id(round_text)


def feedback_metadata(pair_id: int, round_id: int | None) -> str:
    """private_metadata of the feedback modal."""
    return json.dumps({"pair_id": pair_id, "round_id": round_id})


def parse_feedback_metadata(metadata: object) -> tuple[int, int | None] | None:
    pair_id = _json_id(metadata, "pair_id")
    if pair_id is None:
        return None
    return pair_id, _json_id(metadata, "round_id")


def assessment_block(kind: BlockId, goal_id: int) -> str:
    """The block_id of one goal's percent or note in the self-assessment modal."""
    return f"{kind}:{goal_id}"


def assessment_entries(values: Mapping[str, Any]) -> dict[int, tuple[object, object]]:
    """Each goal's raw (percent, note) from a submitted self-assessment (its plain values)."""
    found: dict[int, list[object]] = {}
    for block_id, value in values.items():
        prefix, _, rest = block_id.partition(":")
        goal = parse_id(rest)
        if goal is None or prefix not in (BlockId.ASSESS_PROGRESS, BlockId.ASSESS_NOTE):
            continue
        slot = found.setdefault(goal, [None, None])
        slot[0 if prefix == BlockId.ASSESS_PROGRESS else 1] = value
    return {goal: (raw[0], raw[1]) for goal, raw in found.items()}


def _json_object(metadata: object) -> dict[str, Any] | None:
    if not isinstance(metadata, str):
        return None
    try:
        data = json.loads(metadata or "{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _json_id(metadata: object, key: str) -> int | None:
    data = _json_object(metadata)
    value = data.get(key) if data is not None else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= _MAX_ID else None


def handover_metadata(pair_id: int, source_ts: str | None) -> str:
    """private_metadata of the handover modal: the pair, and the message it came from."""
    return json.dumps({"pair_id": pair_id, "ts": source_ts})


def parse_handover_metadata(metadata: object) -> tuple[int | None, str | None]:
    data = _json_object(metadata) or {}
    ts = data.get("ts")
    return _json_id(metadata, "pair_id"), ts if isinstance(ts, str) and ts else None


def readiness_block(index: int) -> str:
    """The block_id of one area's rating in the readiness modal."""
    return f"{BlockId.READINESS_AREA}:{index}"


def chosen_ratings(values: Mapping[str, Any]) -> dict[int, object]:
    """Area index -> the selected value, from a submitted readiness modal (its plain values);
    an index that is not a number reads as -1 (an unknown area)."""
    found: dict[int, object] = {}
    for block_id, value in values.items():
        prefix, _, rest = block_id.partition(":")
        if prefix == BlockId.READINESS_AREA:
            index = int(rest) if rest.isascii() and rest.isdigit() and len(rest) < 4 else -1
            found[index] = value
    return found
