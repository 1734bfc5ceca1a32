"""Templates (.j2) and word lists (.toml): each read, compiled and rendered with its samples."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import Any

from jinja2 import Template, TemplateError, meta

from bot.composer import Composer
from bot.promptcheck.problems import Report, Samples, fails_shipped, template_line

# A template's text becomes a section's text or part of one: at most 3,000 characters
# (https://docs.slack.dev/reference/block-kit/blocks/section-block).
SECTION_TEXT = 3000
_TOML_LINE = re.compile(r"line (\d+)")
# Pages, not Slack messages: `tandem demo` renders them with its own HTML-escaping
# environment (bot/demo/page.py), and tests/test_demo.py checks what they show.
HTML = ".html.j2"


def names(composer: Composer, suffix: str) -> list[str]:
    """Every prompts file with this suffix, shipped or the owner's, by its name."""
    roots = [composer.root] + ([composer.override] if composer.override else [])
    return sorted(
        {str(p.relative_to(root).as_posix()) for root in roots for p in root.rglob("*" + suffix)}
    )


def check_templates(composer: Composer, samples: Samples, report: Report) -> None:
    for name in names(composer, ".j2"):
        if name.endswith(HTML):
            continue
        report.checked += 1
        path = composer.path(name)
        try:
            template = composer.env.get_template(name)
            needed = meta.find_undeclared_variables(composer.env.parse(path.read_text()))
        except TemplateError as error:
            report.add(path, template_line(error, str(path)), _describe(error))
            continue
        entries = samples.template(name)
        if needed and not entries:
            report.missing_samples.append(_missing(name, needed))
            continue
        for entry in entries or [{}]:
            _render(composer, name, template, entry, report)


def _render(
    composer: Composer, name: str, template: Template, values: dict[str, Any], report: Report
) -> str | None:
    path = composer.path(name)
    try:
        text = template.render(**values).strip()
    except Exception as error:  # any error a template can raise
        if fails_shipped(composer, lambda c: c.render(name, **values)):
            report.stale(name, error)
        else:
            report.add(path, template_line(error, template.filename), _describe(error))
        return None
    if len(text) > SECTION_TEXT:
        report.add(path, 1, f"renders {len(text)} characters; Slack shows at most {SECTION_TEXT}")
    return text


def check_word_lists(composer: Composer, samples: Samples, report: Report) -> None:
    for name in names(composer, ".toml"):
        report.checked += 1
        path = composer.path(name)
        source = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as error:
            found = _TOML_LINE.search(str(error))
            report.add(path, int(found.group(1)) if found else 1, f"not valid TOML: {error}")
            continue
        values = samples.template(name)
        for text in _strings(data):
            if "{{" not in text and "{%" not in text:
                continue
            line = _line_of(source, text)
            try:
                template = composer.env.from_string(text)
            except TemplateError as error:
                report.add(path, line + template_line(error, None) - 1, _describe(error))
                continue
            if not values:
                needed = meta.find_undeclared_variables(composer.env.parse(text))
                report.missing_samples.append(_missing(name, needed))
                break
            for entry in values:
                _render_inline(composer, name, template, entry, line, report)


def _render_inline(
    composer: Composer,
    name: str,
    template: Template,
    values: dict[str, Any],
    line: int,
    report: Report,
) -> None:
    try:
        template.render(**values)
    except Exception as error:  # any error a template can raise
        path = composer.path(name)
        if composer.override is not None and path.is_relative_to(composer.override):
            report.add(path, line + template_line(error, "<template>") - 1, _describe(error))
        else:
            report.stale(name, error)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _line_of(source: str, text: str) -> int:
    """The line of a TOML file where a string value starts (found by its first line)."""
    first = text.splitlines()[0] if text else text
    for number, line in enumerate(source.splitlines(), start=1):
        if first and first in line:
            return number
    return 1


def _missing(name: str, needed: set[str]) -> str:
    return (
        f'{name}: no sample data; add [template."{name}"] to prompts/samples.toml with '
        f"{', '.join(sorted(needed)) or 'its values'}"
    )


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
