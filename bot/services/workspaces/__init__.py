"""The workspaces Tandem is installed in: what happens when it is removed from one
(`app_uninstalled`, or the bot's token revoked) and when it is installed again."""
