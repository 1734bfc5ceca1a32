"""Values every test shares: the workspace, the bot's token and secret, the program owner."""

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
OWNER = "UOWNER001"  # in TANDEM_OWNERS, Europe/Berlin
