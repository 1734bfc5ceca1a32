"""`tandem serve`: gunicorn (threaded worker) serving the router, plus the scheduler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger as GunicornLogger

from bot.logs import JsonLines, RedactSecrets

log = logging.getLogger(__name__)


class JsonGunicornLogger(GunicornLogger):
    """Gunicorn's own error and access logs as JSON lines, like the rest (LOG_FORMAT=json),
    through the same filter that removes tokens and secrets."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        redact = next(
            (
                f
                for h in logging.getLogger().handlers
                for f in h.filters
                if isinstance(f, RedactSecrets)
            ),
            RedactSecrets(()),
        )
        for logger in (self.error_log, self.access_log):
            for handler in logger.handlers:
                handler.setFormatter(JsonLines())
                handler.addFilter(redact)


class TandemServer(BaseApplication):
    """Gunicorn run from code; the WSGI app is built in the worker, after the fork."""

    def __init__(self, build: Callable[[], Any], options: dict[str, Any]) -> None:
        self.build = build
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.build()


def serve(
    build: Callable[[], Any], *, port: int, threads: int = 8, log_format: str = "plain"
) -> None:
    """Serve forever on 0.0.0.0:port with one worker process and `threads` threads.

    One worker, so that the in-process scheduler runs once; threads give concurrency.
    """
    logging_options: dict[str, Any] = (
        {"logger_class": JsonGunicornLogger} if log_format == "json" else {}
    )
    TandemServer(
        build,
        {
            **logging_options,
            "bind": f"0.0.0.0:{port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": 30,
            "graceful_timeout": 10,
            "accesslog": "-",
            "errorlog": "-",
            "loglevel": "info",
            "proc_name": "tandem",
        },
    ).run()
