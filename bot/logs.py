"""Logging set-up, with a filter that keeps tokens and secrets out of every log line."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

# Loggers whose DEBUG lines carry Slack requests and responses, i.e. what people wrote
# (reflections, feedback): kept at INFO whatever LOG_LEVEL says.
QUIET = ("slack_sdk", "slack_bolt", "bot.bolt")

_TOKEN = re.compile(r"xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 4]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _TOKEN.sub("[redacted]", message)
        for secret in self.secrets:
            cleaned = cleaned.replace(secret, "[redacted]")
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure(level: str, secrets: Iterable[str]) -> None:
    """Log to stderr at `level`; every handler redacts tokens and the given secrets."""
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger().setLevel(level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger().level))
    redact = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
