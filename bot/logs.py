"""Logging set-up: plain lines or one JSON object per line (LOG_FORMAT=json), and a filter
that keeps tokens and secrets out of every log line, exceptions included."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime

# Loggers whose DEBUG lines carry Slack requests and responses, i.e. what people wrote
# (reflections, feedback): kept at INFO whatever LOG_LEVEL says.
QUIET = ("slack_sdk", "slack_bolt", "bot.bolt")

_TOKEN = re.compile(r"xox[abposre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")
PLAIN = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FORMATS = ("plain", "json")


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 4]

    def clean(self, text: str) -> str:
        cleaned = _TOKEN.sub("[redacted]", text)
        for secret in self.secrets:
            cleaned = cleaned.replace(secret, "[redacted]")
        return cleaned

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.clean(record.exc_text)
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, and the exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exception"] = record.exc_text
        elif record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str, secrets: Iterable[str], fmt: str = "plain") -> None:
    """Log to stderr at `level` as `fmt` (plain or json); every handler redacts tokens and
    the given secrets."""
    logging.basicConfig(level=level.upper(), format=PLAIN)
    logging.getLogger().setLevel(level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger().level))
    redact = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
        if fmt == "json":
            handler.setFormatter(JsonLines())
