"""`/mentor` subcommands: each feature registers its own with `subcommand(...)`."""
