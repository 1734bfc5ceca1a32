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
    GOALS_DONE_OPEN = "goals_done_open"  # value: pair id (the Home tab's "Mark goals done")
    PAIRS_PAGE = "pairs_page"  # value: page number (the next page)
    # The previous page: Slack refuses two buttons with one action_id in a block.
    PAIRS_PAGE_PREVIOUS = "pairs_page_previous"
    # Check-in DM (value: check-in id; a goal option's value: "checkin id:goal id:percent")
    CHECKIN_PULSE_1 = "checkin_pulse_1"
    CHECKIN_PULSE_2 = "checkin_pulse_2"
    CHECKIN_PULSE_3 = "checkin_pulse_3"
    CHECKIN_PULSE_4 = "checkin_pulse_4"
    CHECKIN_PULSE_5 = "checkin_pulse_5"
    CHECKIN_REFLECT = "checkin_reflect"
    CHECKIN_GOAL = "checkin_goal"
    CHECKIN_SHARE = "checkin_share"
    CHECKIN_SKIP = "checkin_skip"
    CHECKIN_REMIND = "checkin_remind"
    # Feedback (value: wire.feedback_value, the pair and the round if any)
    FEEDBACK_OPEN = "feedback_open"
    # On delivered feedback (value: feedback id)
    FEEDBACK_THANKS = "feedback_thanks"
    FEEDBACK_TALK = "feedback_talk"
    FEEDBACK_NOTE = "feedback_note"
    SELF_ASSESSMENT_OPEN = "self_assessment_open"  # value: pair id
    TIP_SHARE = "tip_share"  # value: "pair id:rounds:tip id" (wire.tip_share_value)
    READINESS_OPEN = "readiness_open"  # value: readiness round id


class CallbackId(StrEnum):
    """callback_id of modals."""

    AGREEMENT_MENTOR = "agreement_mentor"
    AGREEMENT_MENTEE = "agreement_mentee"
    GOALS = "goals"
    GOALS_DONE = "goals_done"  # private_metadata: the goals listed and whether each was done
    IMPORT_CSV = "import_csv"
    IMPORT_CONFIRM = "import_confirm"
    PROGRAM_SETTINGS = "program_settings"
    CHECKIN_REFLECTION = "checkin_reflection"  # private_metadata: check-in id
    FEEDBACK = "feedback"  # private_metadata: wire.feedback_metadata (pair, round)
    FEEDBACK_NOTE = "feedback_note"  # private_metadata: feedback id
    SELF_ASSESSMENT = "self_assessment"  # private_metadata: pair id (wire.pair_metadata)
    FORGET_ME = "forget_me"  # no metadata: the person is whoever submits it
    SUCCESSION_ROLE = "succession_role"  # private_metadata: pair id
    SUCCESSION_AREAS = "succession_areas"
    HANDOVER = "handover"  # private_metadata: pair id and the message it was logged from
    READINESS = "readiness"  # private_metadata: readiness round id


class ShortcutId(StrEnum):
    """callback_id of shortcuts declared in manifest.yml."""

    LOG_HANDOVER = "log_handover"  # a message shortcut: log the message as knowledge transfer


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
    REFLECTIONS_KEPT = "reflections_kept"
    DIGEST = "digest"
    TIPS_WEEKDAY = "tips_weekday"
    TIPS_TIME = "tips_time"
    REFLECTION = "reflection"
    REFLECTION_SHARE = "reflection_share"
    FEEDBACK_SITUATION = "situation"
    FEEDBACK_BEHAVIOUR = "behaviour"
    FEEDBACK_IMPACT = "impact"
    FEEDBACK_NEXT_STEP = "next_step"
    FEEDBACK_NOTE = "feedback_note_text"
    FEEDBACK_EVERY = "feedback_every"
    # A goal's percent and note in the self-assessment modal, as "assess_progress:<goal id>"
    # and "assess_note:<goal id>" (wire.assessment_block).
    ASSESS_PROGRESS = "assess_progress"
    ASSESS_NOTE = "assess_note"
    # The goals of one pair in the goals-done modal, as "goals_done:<pair id>" (checkboxes
    # whose option values are goal ids).
    GOALS_DONE = "goals_done"
    TARGET_ROLE = "target_role"
    AREAS = "areas"  # areas chosen from the program's list (multi-select)
    OTHER_AREAS = "other_areas"  # areas written one a line
    AREA_LIST = "area_list"  # the program's list in `/mentor areas`
    HANDOVER_SHARED = "handover_shared"
    HANDOVER_AREA = "handover_area"
    HANDOVER_HOW = "handover_how"
    # One area's rating in the readiness modal, as "readiness_area:<index in the round>".
    READINESS_AREA = "readiness_area"
    # Not an input: the check-in DM's share box and buttons, as "checkin_controls:<id>" (a
    # checkbox carries no value of its own, so the block says which check-in it belongs to).
    CHECKIN_CONTROLS = "checkin_controls"
