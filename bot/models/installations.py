"""The tables of slack-sdk's SQLAlchemy installation and OAuth-state stores, on our metadata.

Tandem installed in many workspaces (SLACK_CLIENT_ID and friends) keeps each installation,
its bot token and the OAuth states of installs in progress in these tables. Their shape is
slack-sdk's own (the stores' build_*_table class methods), so the stores read and write them
unchanged; migration 0008 creates them the same way.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table

from bot.models.base import Base

INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
OAUTH_STATES = "slack_oauth_states"


def build_tables(metadata: MetaData) -> tuple[Table, Table, Table]:
    return (
        SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS),
        SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS),
        SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, OAUTH_STATES),
    )


installations_table, bots_table, oauth_states_table = build_tables(Base.metadata)
