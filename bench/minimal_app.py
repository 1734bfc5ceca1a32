"""The yardstick for latency: a Bolt app that only acks, served like `tandem serve`.

    python -m bench.minimal_app --port 3001

Same gunicorn set-up (bot/web/server.py), same signing secret and Web API URL as Tandem in
the benchmark, no database and no work after the ack.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.web.server import serve


def build() -> Any:
    app = App(
        client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=False,
        logger=logging.getLogger("minimal"),
    )

    @app.command(re.compile(".*"))
    def on_command(ack: Ack) -> None:
        ack()

    @app.action(re.compile(".*"))
    def on_action(ack: Ack) -> None:
        ack()

    return SlackRequestHandler(app)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    serve(build, port=parser.parse_args().port)


if __name__ == "__main__":
    main()
