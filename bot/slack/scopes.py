"""The bot scopes Tandem needs: one line per Web API method it calls and per event it hears.

Each comes from the method's page in Slack's reference (https://api.slack.com/methods/<name>,
"Required scopes", bot token). Methods whose scope depends on the conversation name the
scopes for the conversations Tandem uses them with: DMs (im), the private pair channels it
creates (groups), and a public channel an owner may give (channels). tests/test_manifest.py
checks manifest.yml asks for exactly these.
"""

from __future__ import annotations

METHOD_SCOPES: dict[str, frozenset[str]] = {
    "auth.test": frozenset(),
    "chat.postMessage": frozenset({"chat:write"}),
    "chat.update": frozenset({"chat:write"}),
    "chat.postEphemeral": frozenset({"chat:write"}),
    # Looking for a message in doubt: in a DM, a private pair channel or a public one.
    "conversations.history": frozenset({"im:history", "groups:history", "channels:history"}),
    "conversations.open": frozenset({"im:write"}),
    "conversations.create": frozenset({"groups:write"}),  # private channels only
    "conversations.invite": frozenset({"groups:write", "channels:manage"}),
    "conversations.join": frozenset({"channels:join"}),
    "conversations.archive": frozenset({"groups:write"}),  # only channels Tandem created
    # Uploading the owners' report (files_upload_v2: both steps need files:write).
    "files.getUploadURLExternal": frozenset({"files:write"}),
    "files.completeUploadExternal": frozenset({"files:write"}),
    "pins.add": frozenset({"pins:write"}),
    "reactions.add": frozenset({"reactions:write"}),
    "users.info": frozenset({"users:read", "users:read.email"}),  # the email field too
    "users.list": frozenset({"users:read", "users:read.email"}),
    "users.lookupByEmail": frozenset({"users:read.email"}),
    "views.open": frozenset(),
    "views.update": frozenset(),
    "views.publish": frozenset(),
}

EVENT_SCOPES: dict[str, frozenset[str]] = {
    "app_home_opened": frozenset(),
    "message.im": frozenset({"im:history"}),
    # Events API-only events every app may subscribe to, no scope
    # (https://docs.slack.dev/reference/events/app_uninstalled, .../tokens_revoked).
    "app_uninstalled": frozenset(),
    "tokens_revoked": frozenset(),
}

COMMAND_SCOPE = "commands"  # for /mentor
