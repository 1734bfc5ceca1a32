"""The whole check, for `tandem prompts check` and for the bot at start."""

from __future__ import annotations

from pathlib import Path

from bot.composer import Composer
from bot.listeners.registry import listened
from bot.promptcheck.messages import check_messages
from bot.promptcheck.problems import Report, Samples
from bot.promptcheck.templates import check_templates, check_word_lists


def check_prompts(composer: Composer) -> Report:
    """Every problem in the prompts `composer` reads (shipped, or an owner's over them)."""
    report = Report()
    samples = Samples(composer)
    check_word_lists(composer, samples, report)
    check_templates(composer, samples, report)
    check_messages(composer, samples, listened(), report)
    report.problems = sorted(set(report.problems))
    report.missing_samples = list(dict.fromkeys(report.missing_samples))
    return report


def composer_for(folder: Path | None) -> Composer:
    """The composer of the shipped prompts with `folder` over them (an owner's copies)."""
    return Composer(override=folder.resolve() if folder is not None else None)
