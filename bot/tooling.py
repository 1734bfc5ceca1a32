"""The owner's tools that need no Slack and no database: `tandem manifest` and
`tandem prompts check|preview`."""

from __future__ import annotations

import argparse

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
