"""Every message and view built from its sample and validated as Slack validates Block Kit:
block types and fields, blocks per message, text lengths, and an action_id a listener takes.

A problem in a built message is put on the prompt that produced the text at fault: the
template whose output it is, or the word list that holds it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from bot.composer import Composer
from bot.listeners.registry import Listened
from bot.promptcheck.problems import Report, Samples, fails_shipped, shown, template_line
from bot.promptcheck.templates import names
from bot.sandbox.blockkit import (
    MESSAGE_BLOCKS,
    TEXT_LIMIT,
    action_ids,
    block_problems,
    view_problems,
)
from bot.slack.views.catalog import MESSAGES, Built

_POINTER = re.compile(r"\[json-pointer:(/[^\]]*)\]")
_READ = "prompts read: "
_LIMIT = re.compile(r"cannot exceed (\d+) characters")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def build(composer: Composer, name: str, sample: dict[str, Any]) -> tuple[Built, list[str]]:
    """The message `name` built from `sample`, and the templates rendered for it."""
    rendered: list[str] = []
    composer.hook = lambda template, _context: rendered.append(template)
    try:
        return MESSAGES[name](composer, sample), rendered
    except Exception as error:
        error.add_note(_READ + "\t".join(rendered))  # what was read before it failed
        raise
    finally:
        composer.hook = None


def check_messages(
    composer: Composer, samples: Samples, listened: Listened, report: Report
) -> None:
    for name in MESSAGES:
        report.checked += 1
        sample = samples.message(name)
        if sample is None:
            report.missing_samples.append(
                f"message {name}: no sample data; add [message.{name}] to prompts/samples.toml"
            )
            continue
        try:
            built, rendered = build(composer, name, sample)
        except Exception as error:  # a template or word list the view needs is broken
            if fails_shipped(composer, _builder(name, sample)):
                report.stale(f"message {name}", error)
                continue
            notes = [n for n in getattr(error, "__notes__", []) if n.startswith(_READ)]
            read = notes[-1][len(_READ) :].split("\t") if notes else []
            _failed(composer, name, error, read, report)
            continue
        _validate(composer, name, built, rendered, listened, report)


def _builder(name: str, sample: dict[str, Any]) -> Callable[[Composer], object]:
    return lambda composer: build(composer, name, sample)


def _failed(
    composer: Composer, name: str, error: Exception, rendered: list[str], report: Report
) -> None:
    reported = {p.file for p in report.problems}
    files = [n for n in rendered if n.endswith((".j2", ".toml"))]
    if any(shown(composer.path(n)) in reported for n in files):
        return  # a template or word list it read is broken, and already named
    templates = {str(composer.path(t)): composer.path(t) for t in names(composer, ".j2")}
    for filename in reversed(_frames(error)):
        if filename in templates:
            line = template_line(error, filename)
            report.add(templates[filename], line, f"building {name}: {error!r}")
            return
    limit = _LIMIT.search(str(error))
    if limit is not None:  # slack_sdk refused a text longer than a field holds
        too_long = _longer_than(composer, rendered, int(limit.group(1)))
        for path, line, text in too_long:
            report.add(
                path,
                line,
                f"{name}: {len(text)} characters where Slack takes {limit.group(1)}: {error}",
            )
        if too_long:
            return
    report.add(samples_path(composer), 1, f"message {name} cannot be built: {error!r}")


def _longer_than(composer: Composer, read: list[str], limit: int) -> list[tuple[Any, int, str]]:
    """Strings longer than `limit` in the word lists read while building, with their lines."""
    found = []
    for name in dict.fromkeys(n for n in read if n.endswith(".toml")):
        path = composer.path(name)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for text in _QUOTED.findall(line):
                if len(text) > limit:
                    found.append((path, number, text))
    owners = [f for f in found if composer.override and composer.override in f[0].parents]
    return owners or found  # an owner's copy is the likelier culprit


def _frames(error: BaseException) -> list[str]:
    frames, tb = [], error.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    return frames


def samples_path(composer: Composer) -> Any:
    return composer.path("samples.toml")


def _validate(
    composer: Composer,
    name: str,
    built: Built,
    rendered: list[str],
    listened: Listened,
    report: Report,
) -> None:
    document: dict[str, Any]
    if built.view is not None:
        document = {"view": built.view}
        problems = view_problems(built.view)
        callback = built.view.get("callback_id")
        if built.surface == "modal" and callback and str(callback) not in listened.views:
            problems.append(f"[ERROR] callback_id {callback} has no listener [json-pointer:/view]")
    else:
        document = {"blocks": built.blocks, "text": built.text}
        problems = block_problems(built.blocks, limit=MESSAGE_BLOCKS)
        if len(built.text) > TEXT_LIMIT:
            problems.append(f"[ERROR] text longer than {TEXT_LIMIT} [json-pointer:/text]")
    where = "/view/blocks" if built.view is not None else "/blocks"
    for pointer, action_id in action_ids(built.blocks):
        if not listened.handles_action(action_id):
            problems.append(
                f"[ERROR] action_id {action_id} has no listener [json-pointer:{where}{pointer}]"
            )
    for problem in problems:
        found = _POINTER.search(problem)
        value = _at(document, found.group(1)) if found else None
        path, line = _source(composer, rendered, value)
        report.add(path or samples_path(composer), line, f"{name}: {problem}")


def _at(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer, or the nearest one above it that exists."""
    value = document
    for part in pointer.strip("/").split("/"):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            break
    return value


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _source(composer: Composer, rendered: list[str], value: Any) -> tuple[Any, int]:
    """The prompt file (and line) a faulty piece of Block Kit came from, if it can be told."""
    texts = [t for t in _texts(value) if len(t) > 2]
    for word_list in names(composer, ".toml"):
        path = composer.path(word_list)
        lines = path.read_text(encoding="utf-8").splitlines()
        for text in texts:
            needle = json.dumps(text, ensure_ascii=False)
            for number, line in enumerate(lines, start=1):
                if needle in line:
                    return path, number
    for template in reversed(rendered):
        if template.endswith(".j2"):
            return composer.path(template), 1
    return None, 1
