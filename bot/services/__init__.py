"""Features, one package each: its services own their transactions, call the domain and hand
messages to the Slack gateway. bot/features.py lists what each one plugs in."""
