"""The mentorship agreement: each role's part, checked field by field, and the two combined.

The mentee brings up to three goals with what success looks like; the mentor brings what
they can offer and when they are available; both pick a meeting rhythm and ground rules.
Errors are keyed by the input block they belong to, so Slack can show them on the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.ids import BlockId

RHYTHMS = ("weekly", "biweekly", "monthly")
MAX_GOALS = 3
MAX_RULES = 10
MAX_RULE_LENGTH = 150
GOAL_FIELDS = (
    (BlockId.GOAL_1, BlockId.SUCCESS_1),
    (BlockId.GOAL_2, BlockId.SUCCESS_2),
    (BlockId.GOAL_3, BlockId.SUCCESS_3),
)
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s*")

Errors = dict[str, str]  # block_id -> error code (words in prompts/agreement/words.toml)


@dataclass(frozen=True)
class GoalText:
    text: str
    success: str


@dataclass(frozen=True)
class MenteePart:
    goals: list[GoalText]
    rhythm: str
    ground_rules: list[str]

    def to_data(self) -> dict[str, Any]:
        return {
            "goals": [{"text": g.text, "success": g.success} for g in self.goals],
            "rhythm": self.rhythm,
            "ground_rules": list(self.ground_rules),
        }


@dataclass(frozen=True)
class MentorPart:
    offers: list[str]
    offer_other: str
    availability: str
    rhythm: str
    ground_rules: list[str]

    def to_data(self) -> dict[str, Any]:
        return {
            "offers": list(self.offers),
            "offer_other": self.offer_other,
            "availability": self.availability,
            "rhythm": self.rhythm,
            "ground_rules": list(self.ground_rules),
        }


def parse_rules(text: str) -> list[str]:
    """One rule a line; bullets and numbering are dropped, blank lines ignored."""
    rules = [_BULLET.sub("", line).strip() for line in text.splitlines()]
    return [rule for rule in rules if rule]


def _rules_errors(rules: Sequence[str]) -> Errors:
    if not rules:
        return {BlockId.GROUND_RULES: "rules_needed"}
    if len(rules) > MAX_RULES:
        return {BlockId.GROUND_RULES: "too_many_rules"}
    if any(len(rule) > MAX_RULE_LENGTH for rule in rules):
        return {BlockId.GROUND_RULES: "rule_too_long"}
    return {}


def _common(values: Mapping[str, Any]) -> tuple[str, list[str], Errors]:
    rhythm = str(values.get(BlockId.RHYTHM) or "")
    rules = parse_rules(str(values.get(BlockId.GROUND_RULES) or ""))
    errors = _rules_errors(rules)
    if rhythm not in RHYTHMS:
        errors[BlockId.RHYTHM] = "rhythm_needed"
    return rhythm, rules, errors


def check_goals(values: Mapping[str, Any]) -> list[GoalText] | Errors:
    """Up to three goals, each with what success looks like, or errors per field."""
    errors: Errors = {}
    goals: list[GoalText] = []
    for goal_block, success_block in GOAL_FIELDS:
        text = str(values.get(goal_block) or "").strip()
        success = str(values.get(success_block) or "").strip()
        if text and not success:
            errors[success_block] = "success_needed"
        elif success and not text:
            errors[goal_block] = "goal_needed_for_success"
        elif text:
            goals.append(GoalText(text=text, success=success))
    if not goals and not errors:
        errors[BlockId.GOAL_1] = "goal_needed"
    return errors or goals


def check_mentee_part(values: Mapping[str, Any]) -> MenteePart | Errors:
    """The mentee's part from the modal's values (block_id -> text), or errors per field."""
    rhythm, rules, errors = _common(values)
    goals = check_goals(values)
    if isinstance(goals, dict):
        errors.update(goals)
    if errors or isinstance(goals, dict):
        return errors
    return MenteePart(goals=goals, rhythm=rhythm, ground_rules=rules)


def check_mentor_part(
    values: Mapping[str, Any], known_offers: Sequence[str]
) -> MentorPart | Errors:
    """The mentor's part from the modal's values, or errors per field."""
    rhythm, rules, errors = _common(values)
    offers = [o for o in values.get(BlockId.OFFERS) or [] if o in known_offers]
    other = str(values.get(BlockId.OFFER_OTHER) or "").strip()
    availability = str(values.get(BlockId.AVAILABILITY) or "").strip()
    if not offers and not other:
        errors[BlockId.OFFERS] = "offer_needed"
    if not availability:
        errors[BlockId.AVAILABILITY] = "availability_needed"
    if errors:
        return errors
    return MentorPart(
        offers=offers,
        offer_other=other,
        availability=availability,
        rhythm=rhythm,
        ground_rules=rules,
    )


@dataclass(frozen=True)
class Combined:
    """What both parts say together: one rhythm if they agree, and every rule once."""

    rhythms: list[str]
    ground_rules: list[str] = field(default_factory=list)

    @property
    def rhythm_agreed(self) -> bool:
        return len(self.rhythms) == 1


def combine(mentor: Mapping[str, Any], mentee: Mapping[str, Any]) -> Combined:
    rhythms = list(dict.fromkeys([str(mentor.get("rhythm")), str(mentee.get("rhythm"))]))
    seen: set[str] = set()
    rules: list[str] = []
    for rule in [*mentor.get("ground_rules", []), *mentee.get("ground_rules", [])]:
        if rule.casefold() not in seen:
            seen.add(rule.casefold())
            rules.append(rule)
    return Combined(rhythms=rhythms, ground_rules=rules)
