"""Imports every module that registers `/mentor` subcommands or delivery kinds.

The order here is the order of `/mentor help`.
"""

from bot.services import help, status  # noqa: F401
