"""Database engine, sessions and schema migrations."""
