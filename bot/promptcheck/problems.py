"""A problem found in the prompts, named by file and line, and the samples the check uses."""

from __future__ import annotations

import contextlib
import tomllib
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.composer import Composer

SAMPLES = "samples.toml"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    missing_samples: list[str] = field(default_factory=list)  # warnings, not problems
    checked: int = 0  # files and messages looked at

    def stale(self, name: str, error: BaseException) -> None:
        """The shipped prompts fail with this sample too: the sample, not the prompt, is
        out of date with what the code passes (a warning)."""
        self.missing_samples.append(
            f"{name}: its sample in prompts/samples.toml is out of date "
            f"({type(error).__name__}: {error}); give it the values the code passes now"
        )

    def add(self, path: Path | str, line: int, message: str) -> None:
        self.problems.append(Problem(shown(path), max(line, 1), message))

    @property
    def ok(self) -> bool:
        return not self.problems


def shown(path: Path | str) -> str:
    """A path as a person finds it: relative to the working directory when it is inside."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def template_line(error: BaseException, filename: str | None) -> int:
    """The template line an error was raised at (Jinja puts template lines in tracebacks)."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int) and getattr(error, "filename", None) in (None, filename):
        return line
    found = 1
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        if filename is not None and frame.f_code.co_filename == filename:
            found = lineno
    return found


class Samples:
    """prompts/samples.toml: [template."<file>"] values and [message.<name>] inputs."""

    def __init__(self, composer: Composer) -> None:
        self.path = composer.path(SAMPLES)
        self.data: dict[str, Any] = {}
        if self.path.is_file():
            with contextlib.suppress(tomllib.TOMLDecodeError):  # reported as a word list
                self.data = composer.data(SAMPLES)

    def template(self, name: str) -> list[dict[str, Any]]:
        found = self.data.get("template", {}).get(name)
        entries = found if isinstance(found, list) else [found] if found is not None else []
        return [_with_nones(entry) for entry in entries]

    def message(self, name: str) -> dict[str, Any] | None:
        found = self.data.get("message", {}).get(name)
        return _with_nones(found) if isinstance(found, dict) else None


def _with_nones(entry: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in entry.items() if k != "none"}
    values.update({name: None for name in entry.get("none", [])})
    return values


def fails_shipped(composer: Composer, attempt: Callable[[Composer], object]) -> bool:
    """Whether `attempt` fails with the shipped prompts alone. A failure that the shipped
    prompts share comes from the sample, not from an owner's copy."""
    if composer.override is None:
        return True
    try:
        attempt(Composer(composer.root))
    except Exception:  # whatever failed with the owner's copies fails here as well
        return True
    return False
