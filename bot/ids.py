"""Every action_id, callback_id and block_id Tandem uses, in one place.

Block builders and listeners both use these, so a test can prove every button has a handler.
Add new IDs to the enum of their kind; values are stable strings Slack echoes back.
"""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    """action_id of interactive elements (buttons, selects)."""

    AGREEMENT_OPEN = "agreement_open"  # value: pair id
    GOALS_EDIT = "goals_edit"  # value: pair id
    PAIRS_PAGE = "pairs_page"  # value: page number


class CallbackId(StrEnum):
    """callback_id of modals."""

    AGREEMENT_MENTOR = "agreement_mentor"
    AGREEMENT_MENTEE = "agreement_mentee"
    GOALS = "goals"
    IMPORT_CSV = "import_csv"
    IMPORT_CONFIRM = "import_confirm"
    PROGRAM_SETTINGS = "program_settings"


class BlockId(StrEnum):
    """block_id of input blocks whose values a view submission reads.

    The input element inside uses the same string as its action_id: nothing listens to it, so
    it is not an ActionId; the submission reads state.values[block_id][block_id].
    """

    GOAL_1 = "goal_1"
    GOAL_2 = "goal_2"
    GOAL_3 = "goal_3"
    SUCCESS_1 = "success_1"
    SUCCESS_2 = "success_2"
    SUCCESS_3 = "success_3"
    OFFERS = "offers"
    OFFER_OTHER = "offer_other"
    AVAILABILITY = "availability"
    RHYTHM = "rhythm"
    GROUND_RULES = "ground_rules"
    IMPORT_CSV = "import_csv"
    SHOUTOUT_CHANNEL = "shoutout_channel"
    CADENCE = "cadence"
    CADENCE_WEEKDAY = "cadence_weekday"
    CADENCE_TIME = "cadence_time"
    TIPS = "tips"
