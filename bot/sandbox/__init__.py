"""The sandbox Slack, shared by the tests and `tandem demo`: a fake Slack Web API as strict as
Slack, a real HTTP server on 127.0.0.1 that records
every call.

The bot reaches it through SLACK_API_URL (`fake.api_url`). It answers with Slack-shaped JSON,
keeps channels, messages, users, views, pins, reactions and trigger_ids in memory, receives
response_url posts at /response/..., and refuses what Slack refuses, each rule citing
Slack's documentation or an SDK issue next to it:

- users: deactivated users show `deleted: true`; posts to them still succeed;
  conversations.open answers user_disabled (`people.py`, `messages.py`);
- tokens: `revoke_token(error)` makes every call answer that error, `restore_token()`
  undoes it (`core.py`);
- faults: `fail(method, error, status=..., retry_after=..., carried_out=...)`, the last
  carrying the call out before answering the error; `hang`/`slow` answer late (`core.py`);
- trigger_ids: `issue_trigger()` makes one; it opens one view within 3 s of the fake's clock
  (`core.py`, `people.py`);
- conversations: a user ID stands for the DM only in chat.postMessage, chat.postEphemeral and
  chat.scheduleMessage; membership is checked (`conversations.py`);
- payloads: Block Kit, text length and metadata as Slack validates them (`blockkit.py`,
  which `tandem prompts check` uses too);
- scopes: each method needs the bot scope its page names, checked against manifest.yml
  (`scopes.py`);
- rate limits (`limits=`) and random faults (`random_faults=`), off by default
  (bot/sandbox/limits.py).

`python -m bench` runs it as its own process, read and seeded through /_fake/ (see `admin`).
"""

from bot.sandbox.core import TRIGGER_SECONDS, FakeSlack
from bot.sandbox.messages import STANDARD_EMOJI
from bot.sandbox.model import BOT_ID, BOT_USER, TEAM, Call, Channel, SlackError

__all__ = [
    "BOT_ID",
    "BOT_USER",
    "STANDARD_EMOJI",
    "TEAM",
    "TRIGGER_SECONDS",
    "Call",
    "Channel",
    "FakeSlack",
    "SlackError",
]
