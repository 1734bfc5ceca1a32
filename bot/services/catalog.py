"""Imports every module that registers `/mentor` subcommands or delivery kinds.

`/mentor help` lists the subcommands in the order of prompts/commands.toml.
"""

# isort: off
from bot.services import help, status  # noqa: F401
from bot.services import owner_admin, pair_admin, pairs, pausing  # noqa: F401
from bot.services import imports, program_settings  # noqa: F401
from bot.services.checkins import schedule_command  # noqa: F401

# Delivery kinds and sweeps that register no subcommand.
from bot.services import agreement_reminders, import_progress, pair_setup  # noqa: F401
from bot.services.checkins import planner, sent  # noqa: F401
# isort: on
