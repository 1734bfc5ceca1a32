"""`tandem demo`: checks its arguments, plays the weeks, prints and writes the transcript."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from bot.composer import Composer
from bot.demo.cast import load_cast, most_pairs
from bot.demo.metrics import weekly
from bot.demo.names import Names
from bot.demo.page import write_page
from bot.demo.play import DemoFailed, play_weeks
from bot.demo.record import Entry
from bot.demo.stage import Stage, stage
from bot.demo.terminal import line
from bot.settings import ConfigError, normalize_database_url


class DemoRefused(Exception):
    """Bad arguments: one line, exit code 2."""


@dataclass(frozen=True)
class Options:
    out: Path
    weeks: int = 8
    pairs: int = 3
    database_url: str | None = None


def check(options: Options) -> None:
    if not 1 <= options.weeks <= 52:
        raise DemoRefused(f"--weeks {options.weeks} is outside 1 to 52.")
    most = most_pairs()
    if not 1 <= options.pairs <= most:
        raise DemoRefused(f"--pairs {options.pairs} is outside 1 to {most}.")
    if options.database_url is not None:
        try:
            normalize_database_url(options.database_url)
        except ConfigError as exc:
            raise DemoRefused(f"--database-url: {exc}") from None
    out = options.out
    existed = out.exists()
    try:
        if out.is_dir():
            raise IsADirectoryError(21, "it is a directory")
        with out.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise DemoRefused(f"cannot write the transcript to {out}: {exc.strerror}.") from None
    if not existed:
        out.unlink()


@dataclass
class Printer:
    """The terminal side: each entry as it is recorded, and a line at the end of each week."""

    stream: TextIO
    names: Names
    labels: dict[str, str]
    played: Stage
    weeks: int

    def show(self, entries: list[Entry]) -> None:
        for entry in entries:
            print(line(entry, self.names, self.labels), file=self.stream, flush=True)

    def progress(self, week: int, _now: datetime) -> None:
        start = self.played.cast.start
        numbers = weekly(self.played.app.tandem, start, week)[-1]
        first = start + timedelta(weeks=week - 1)
        text = self.labels["week"].format(
            week=week,
            weeks=self.weeks,
            first=f"{first:%a %d %b}",
            last=f"{first + timedelta(days=6):%a %d %b}",
            sent=numbers.sent,
            answered=numbers.answered,
        )
        print(text, file=self.stream, flush=True)


def run(options: Options, stream: TextIO | None = None) -> int:
    """Play the demo; 0 when the transcript is written, 1 when a step failed."""
    stream = stream or sys.stdout
    check(options)
    labels: dict[str, Any] = Composer().data("demo/labels.toml")
    cast = load_cast(options.pairs)
    started = time.monotonic()
    step = "setting up the database, the sandbox Slack and the bot"
    try:
        with stage(cast, options.database_url) as played:
            names = Names(played.app.fake, cast)
            printer = Printer(stream, names, labels["terminal"], played, options.weeks)
            step = "playing the weeks"
            play = play_weeks(played, options.weeks, printer.show, printer.progress)
            seconds = time.monotonic() - started
            step = f"writing the transcript to {options.out}"
            numbers = weekly(played.app.tandem, cast.start, options.weeks)
            summary = write_page(
                options.out, play, names, numbers, options.weeks, seconds, labels["page"]
            )
    except DemoFailed as exc:
        print(f"tandem demo: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        print(f"tandem demo: {step} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(
        labels["terminal"]["done"].format(path=options.out.resolve(), seconds=seconds, **summary),
        file=stream,
    )
    return 0
