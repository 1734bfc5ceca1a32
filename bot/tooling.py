"""The owner's tools that need no Slack and no database: `tandem manifest` and
`tandem prompts check|preview`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import Settings
from bot.slack.manifest import ManifestUrlError, dump, http_manifest, load_manifest
from bot.startup import StartupError


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    manifest = sub.add_parser(
        "manifest", help="print the Slack app manifest (for HTTP mode with --url)"
    )
    manifest.add_argument(
        "--url", help="the public HTTPS URL of `tandem serve`, e.g. https://tandem.example.com"
    )


def cmd_manifest(_settings: Settings, args: argparse.Namespace) -> int:
    manifest = load_manifest()
    if args.url:
        try:
            manifest = http_manifest(manifest, args.url)
        except ManifestUrlError as exc:
            raise StartupError(str(exc)) from None
    print(dump(manifest), end="")
    return 0


def add_prompt_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    prompts = sub.add_parser("prompts", help="check or preview the prompts (Tandem's words)")
    actions = prompts.add_subparsers(dest="prompts_command", required=True, metavar="ACTION")
    check = actions.add_parser(
        "check", help="render every template with sample data and validate the Block Kit"
    )
    check.add_argument(
        "folder",
        nargs="?",
        help="a folder of your own prompts over the shipped ones (default: $TANDEM_PROMPTS_DIR)",
    )
    check.add_argument(
        "--strict", action="store_true", help="count templates without sample data as problems"
    )
    preview = actions.add_parser("preview", help="show a message as text and as Block Kit")
    preview.add_argument("name", help="a message (e.g. checkin) or a template (welcome/welcome.j2)")


def cmd_prompts(settings: Settings, args: argparse.Namespace) -> int:
    from bot.promptcheck.preview import preview
    from bot.promptcheck.run import check_prompts, composer_for

    folder = Path(args.folder) if getattr(args, "folder", None) else settings.prompts_dir
    if folder is not None and not folder.is_dir():
        raise StartupError(f"{folder} is not a folder of prompts.")
    composer = composer_for(folder)
    if args.prompts_command == "preview":
        return preview(composer, args.name)
    report = check_prompts(composer)
    for problem in report.problems:
        print(problem)
    for warning in report.missing_samples:
        print(f"warning: {warning}")
    failed = len(report.problems) + (len(report.missing_samples) if args.strict else 0)
    where = f"{folder} over the shipped prompts" if folder else "the shipped prompts"
    if failed:
        sys.stdout.flush()
        print(f"{failed} problem(s) in {where}.", file=sys.stderr)
        return 1
    print(f"Prompts OK: {report.checked} files and messages checked in {where}.")
    return 0
