"""Imports every module that registers `/mentor` subcommands or delivery kinds.

The order here is the order of `/mentor help`, so the imports are kept in that order.
"""

# isort: off
from bot.services import help, status  # noqa: F401
from bot.services import pairs  # noqa: F401  (pair)

# Delivery kinds and sweeps that register no subcommand.
from bot.services import agreement_reminders  # noqa: F401
# isort: on
