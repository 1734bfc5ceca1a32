"""Logs never hold what people wrote, nor a token or the signing secret: a scenario is run
with logging configured as `tandem serve` configures it, at DEBUG, and every line is read."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot import logs
from tests.support.checkins import (
    MENTEE,
    MENTOR,
    checkin_of,
    eventually,
    open_reflection,
    prompt_both,
    submit_reflection,
)
from tests.support.constants import BOT_TOKEN, SIGNING_SECRET
from tests.support.events import dm_event, event_body, send
from tests.support.runner import RunningApp

MARKER = "PRIVATE-MARKER-7f3a"


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured() -> Iterator[Lines]:
    root = logging.getLogger()
    handler = Lines()
    root.addHandler(handler)
    levels = {name: logging.getLogger(name).level for name in ("", *logs.QUIET)}
    logs.configure("DEBUG", [BOT_TOKEN, SIGNING_SECRET])
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def test_a_scenario_logs_no_private_words_and_no_secret(app: RunningApp, captured: Lines) -> None:
    prompt_both(app)
    reply = dm_event(app, MENTOR, f"{MARKER} I interrupted twice.", "1900000001.000100")
    assert send(app, event_body(reply, "Ev0000LOG001")).status == 200
    eventually(app, MENTOR, lambda c: c.reflection is not None)
    checkin = checkin_of(app, MENTEE)
    view = open_reflection(app, MENTEE, checkin)
    submit_reflection(app, MENTEE, view, f"{MARKER} I was afraid to ask.", share=False)
    eventually(app, MENTEE, lambda c: c.reflection is not None)

    assert logging.getLogger().level == logging.DEBUG and captured.lines  # it was logging
    text = "\n".join(captured.lines)
    assert MARKER not in text
    assert BOT_TOKEN not in text and SIGNING_SECRET not in text
