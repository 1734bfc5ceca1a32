"""The one list of Tandem's features: their `/mentor` subcommands, sweeps and delivery kinds.

Nothing registers itself by being imported: a feature exists because it is listed here.
Sweeps run in the order of this list (each feature's in its own order), then the outbox.
`/mentor help` lists subcommands in the order of prompts/commands.toml. To add a feature,
see "Adding a feature" in docs/architecture.md.
"""

from __future__ import annotations

from datetime import timedelta

from bot.commands.registry import Subcommand
from bot.delivery.kinds import DeliveryKind
from bot.domain.authorization import Audience
from bot.scheduler.sweeps import Sweep
from bot.services.agreement import personal as agreement_personal
from bot.services.agreement import reminders as agreement_reminders
from bot.services.celebrations import broken, goals, kudos, optout, passes, recording, sending
from bot.services.celebrations import personal as celebrations_personal
from bot.services.celebrations import shoutouts as shoutout_batches
from bot.services.checkins import keys as checkin_keys
from bot.services.checkins import personal as checkins_personal
from bot.services.checkins import planner, schedule_command, sent
from bot.services.feedback import delivering as feedback_delivering
from bot.services.feedback import giving as feedback_giving
from bot.services.feedback import keys as feedback_keys
from bot.services.feedback import passes as feedback_passes
from bot.services.feedback import personal as feedback_personal
from bot.services.imports import command as import_command
from bot.services.imports import personal as imports_personal
from bot.services.imports import progress as import_progress
from bot.services.imports import setup as pair_setup
from bot.services.pairs import admin as pair_admin
from bot.services.pairs import creating, pause_command
from bot.services.pairs import personal as pairs_personal
from bot.services.people import departures, members
from bot.services.people import personal as people_personal
from bot.services.privacy import deliveries as outbox_personal
from bot.services.privacy import forgetting, my_data, retention
from bot.services.program import help, owner_admin, settings
from bot.services.program import personal as program_personal
from bot.services.status import command as status_command
from bot.services.status import digest as status_digest
from bot.services.status import report_command, snapshot
from bot.services.succession import areas as succession_areas
from bot.services.succession import handovers, profiles, reveal, rounds
from bot.services.succession import personal as succession_personal
from bot.services.tips import coaching, posting
from bot.services.tips import command as tip_command
from bot.services.workspaces import personal as workspaces_personal
from bot.wiring import Feature, Wiring

OWNERS = Audience.OWNERS
EVERYONE = Audience.EVERYONE
LASTING = DeliveryKind(expires=False)  # a notice that is still worth reading late

FEATURES: tuple[Feature, ...] = (
    Feature(
        "people",
        sweeps=(Sweep("members", members.refresh_members, every=timedelta(days=1)),),
        kinds={
            departures.NOTICE_KIND: LASTING,
            departures.RETURN_KIND: LASTING,
        },
        recipient_gone=departures.recipient_gone,
        personal=people_personal.PERSONAL,
    ),
    Feature(
        "pairs",
        subcommands=(
            Subcommand("pair", creating.pair_command, OWNERS),
            Subcommand("pairs", pair_admin.list_pairs, OWNERS),
            Subcommand("end", pair_admin.end_pair, OWNERS),
            # The owner form (a pair) and the member form (oneself) share a name: the
            # handler decides, and refuses an outsider either way.
            Subcommand("pause", pause_command.pause, EVERYONE),
            Subcommand("resume", pause_command.resume, EVERYONE),
        ),
        personal=pairs_personal.PERSONAL,
    ),
    Feature(
        "agreement",
        kinds={agreement_reminders.KIND: DeliveryKind(send=agreement_reminders.send_reminder)},
        personal=agreement_personal.PERSONAL,
    ),
    Feature(
        "imports",
        subcommands=(Subcommand("import", import_command.import_command, OWNERS),),
        sweeps=(Sweep("import_progress", import_progress.import_progress),),
        kinds={
            import_progress.SUMMARY_KIND: LASTING,
            pair_setup.BLOCKED_KIND: LASTING,
            pair_setup.KIND: DeliveryKind(
                send=pair_setup.send_setup,
                after_sent=pair_setup.setup_done,
                expires=False,
                bulk=True,
                paced_method="conversations.create",
            ),
        },
        personal=imports_personal.PERSONAL,
    ),
    Feature(
        "checkins",
        subcommands=(Subcommand("schedule", schedule_command.schedule_command),),
        sweeps=(
            Sweep(
                "checkins",
                planner.plan_checkins,
                streams=(checkin_keys.CHECKIN_KIND,),
                backlog=planner.due_backlog,
            ),
        ),
        kinds={
            checkin_keys.CHECKIN_KIND: DeliveryKind(after_sent_many=sent.checkins_sent),
            checkin_keys.REMINDER_KIND: DeliveryKind(),
        },
        personal=checkins_personal.PERSONAL,
    ),
    Feature(
        "feedback",
        subcommands=(Subcommand("feedback", feedback_giving.feedback_command),),
        sweeps=(Sweep("feedback", feedback_passes.feedback_pass),),
        kinds={
            feedback_keys.NUDGE_KIND: DeliveryKind(),
            feedback_keys.REMINDER_KIND: DeliveryKind(),
            # Feedback someone wrote is worth reading late; so is how theirs was received.
            feedback_keys.DELIVERY_KIND: DeliveryKind(
                after_sent=feedback_delivering.feedback_delivered, expires=False
            ),
            feedback_keys.RECEIVED_KIND: LASTING,
            feedback_keys.ASSESSMENT_KIND: DeliveryKind(),
        },
        personal=feedback_personal.PERSONAL,
    ),
    Feature(
        "celebrations",
        subcommands=(
            Subcommand("goals", goals.goals_command),
            Subcommand("kudos", kudos.kudos_command),
            Subcommand("shoutouts", optout.shoutouts_command),
        ),
        sweeps=(
            Sweep("milestones_hourly", passes.hourly, every=timedelta(hours=1)),
            Sweep("celebrations", passes.celebrate),
        ),
        kinds={
            recording.KIND: DeliveryKind(
                send=sending.send_celebration, find_sent=sending.find_celebration, posts_once=True
            ),
            shoutout_batches.KIND: DeliveryKind(send=broken.send_shoutout, posts_once=True),
            broken.NOTICE_KIND: DeliveryKind(),
        },
        personal=celebrations_personal.PERSONAL,
    ),
    Feature(
        "succession",
        subcommands=(
            Subcommand("role", profiles.role_command),
            Subcommand("handover", handovers.handover_command),
            Subcommand("areas", succession_areas.areas_command, OWNERS),
        ),
        sweeps=(Sweep("readiness", rounds.readiness_rounds),),
        kinds={rounds.KIND: DeliveryKind(), reveal.KIND: LASTING},
        personal=succession_personal.PERSONAL,
    ),
    Feature(
        "status",
        subcommands=(
            Subcommand("status", status_command.status_command),
            Subcommand("report", report_command.report_command, OWNERS),
        ),
        sweeps=(
            Sweep("status_snapshots", snapshot.refresh_snapshots, every=snapshot.FRESH / 2),
            Sweep("status_digest", status_digest.plan_digests, every=timedelta(minutes=15)),
        ),
        kinds={status_digest.KIND: DeliveryKind()},
    ),
    Feature(
        "tips",
        subcommands=(Subcommand("tip", tip_command.tip_command),),
        sweeps=(
            Sweep("tip_plans", posting.start_tips, every=timedelta(hours=1)),
            Sweep("tips", posting.post_tips),
            Sweep("coaching", coaching.coach_mentors),
        ),
        kinds={posting.KIND: DeliveryKind(), coaching.KIND: DeliveryKind()},
    ),
    Feature(
        "program",
        subcommands=(
            Subcommand("help", help.show_help, EVERYONE),
            Subcommand("owners", owner_admin.owners_command, OWNERS),
            Subcommand("settings", settings.settings_command, OWNERS),
        ),
        personal=program_personal.PERSONAL,
    ),
    Feature("workspaces", personal=workspaces_personal.PERSONAL),
    Feature(
        "privacy",
        subcommands=(
            Subcommand("my-data", my_data.my_data_command, EVERYONE),
            Subcommand("forget-me", forgetting.forget_command, EVERYONE),
        ),
        # After the features' planners: what they wrote today is not yet old.
        sweeps=(Sweep("retention", retention.clear_old_reflections, every=timedelta(days=1)),),
        kinds={forgetting.ERASED_KIND: LASTING},
        personal=outbox_personal.PERSONAL,
    ),
)


def wiring() -> Wiring:
    """Everything the features plug in, put together (a new Wiring each call)."""
    return Wiring.of(FEATURES)
