"""Block Kit builders: typed blocks from slack_sdk, words from prompts/."""
