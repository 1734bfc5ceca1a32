"""`tandem prompts preview NAME`: a message or a template as a person would read it, and as
the Block Kit JSON Slack receives."""

from __future__ import annotations

import json
from typing import Any

from bot.composer import Composer
from bot.promptcheck.messages import build
from bot.promptcheck.problems import Samples
from bot.slack.views.catalog import MESSAGES


def readable(blocks: list[dict[str, Any]]) -> list[str]:
    """Block Kit as lines of text: sections as they read, buttons as [Label], inputs as
    `Label: ____`."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "divider":
            lines.append("-" * 40)
        elif kind == "header":
            lines.append(f"# {_text(block.get('text'))}")
        elif kind == "input":
            lines.append(f"{_text(block.get('label'))}: ____")
        elif kind in ("actions", "context"):
            lines.append("  ".join(_element(e) for e in block.get("elements") or []))
        else:
            lines.append(_text(block.get("text")))
            for field in block.get("fields") or []:
                lines.append(_text(field))
            if block.get("accessory"):
                lines.append(f"  {_element(block['accessory'])}")
    return lines


def _text(value: Any) -> str:
    return str(value.get("text", "")) if isinstance(value, dict) else str(value or "")


def _element(element: dict[str, Any]) -> str:
    if element.get("type") == "button":
        return f"[{_text(element.get('text'))}]"
    if element.get("type") in ("mrkdwn", "plain_text", "image"):
        return _text(element) or str(element.get("alt_text", ""))
    if element.get("type") in ("checkboxes", "radio_buttons"):
        return "  ".join(f"[ ] {_text(o.get('text'))}" for o in element.get("options") or [])
    return f"[{_text(element.get('placeholder')) or element.get('type')} ▾]"


def preview(composer: Composer, name: str) -> int:
    samples = Samples(composer)
    if name in MESSAGES:
        sample = samples.message(name)
        if sample is None:
            print(f"No sample for {name}: add [message.{name}] to prompts/samples.toml.")
            return 1
        built, _ = build(composer, name, sample)
        print(f"== {name} ({built.surface}) ==")
        if built.text:
            print(built.text, end="\n\n")
        print("\n".join(readable(built.blocks)))
        print("\n== Block Kit ==")
        document = built.view if built.view is not None else {"blocks": built.blocks}
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    entries = samples.template(name)
    if not name.endswith(".j2") or not composer.path(name).is_file():
        known = ", ".join(MESSAGES)
        print(f"No message or template {name!r}. Messages: {known}; or a template's path.")
        return 1
    for number, values in enumerate(entries or [{}], start=1):
        text = composer.render(name, **values)
        print(f"== {name} (sample {number}) ==\n{text}\n")
        block = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
        print(json.dumps({"blocks": [block]}, indent=2, ensure_ascii=False), end="\n\n")
    return 0
