"""The ORM models; importing this package registers every table on Base.metadata."""

from bot.models.base import Base, UTCDateTime
from bot.models.celebrations import Kudos, ShoutoutBreak, ShoutoutOptOut
from bot.models.checkins import CheckIn
from bot.models.feedback import FeedbackNudge, FeedbackRound, GoalAssessment
from bot.models.imports import PairImport
from bot.models.installations import bots_table, installations_table, oauth_states_table
from bot.models.outbox import Delivery, JobRun
from bot.models.pairs import AgreementPart, Goal, Pair
from bot.models.people import AuditEntry, Member, Owner, ProgramSettings
from bot.models.progress import Feedback, Milestone, TipSent
from bot.models.slack_state import HandledEvent, WorkspaceHealth
from bot.models.status import StatusSnapshot
from bot.models.succession import (
    AreaList,
    Handover,
    ReadinessRating,
    ReadinessRound,
    SuccessionPlan,
)
from bot.models.tips import TipPlan

__all__ = [
    "AgreementPart",
    "AreaList",
    "AuditEntry",
    "Base",
    "CheckIn",
    "Delivery",
    "Feedback",
    "FeedbackNudge",
    "FeedbackRound",
    "Goal",
    "GoalAssessment",
    "HandledEvent",
    "Handover",
    "JobRun",
    "Kudos",
    "Member",
    "Milestone",
    "Owner",
    "Pair",
    "PairImport",
    "ProgramSettings",
    "ReadinessRating",
    "ReadinessRound",
    "ShoutoutBreak",
    "ShoutoutOptOut",
    "StatusSnapshot",
    "SuccessionPlan",
    "TipPlan",
    "TipSent",
    "UTCDateTime",
    "WorkspaceHealth",
    "bots_table",
    "installations_table",
    "oauth_states_table",
]
