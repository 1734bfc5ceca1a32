"""People: who a Slack user is to Tandem (members, stored once and refreshed daily), finding
many people at once for imports, and what happens when someone leaves the workspace."""
