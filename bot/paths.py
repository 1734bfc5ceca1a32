"""Where the project's non-Python files (prompts/, migrations/) live."""

from __future__ import annotations

from pathlib import Path


def project_dir() -> Path:
    """The checkout that holds prompts/ and migrations/ (the package's parent, else the cwd)."""
    for candidate in (Path(__file__).resolve().parent.parent, Path.cwd()):
        if (candidate / "prompts").is_dir() and (candidate / "migrations").is_dir():
            return candidate
    raise FileNotFoundError(
        "Tandem cannot find its prompts/ and migrations/ folders: run it from the project "
        "checkout or install it with `pip install -e .`."
    )


def prompts_dir() -> Path:
    return project_dir() / "prompts"


def migrations_dir() -> Path:
    return project_dir() / "migrations"
