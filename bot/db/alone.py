"""One worker at a time for work that every worker would otherwise repeat side by side."""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def advisory_key(name: str) -> int:
    """A PostgreSQL advisory lock key (a signed 64-bit integer) for a name."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), signed=True)


def first_here(session: Session, name: str) -> bool:
    """Whether no other worker's transaction is at `name` now; if so, none will be until
    this transaction ends (a PostgreSQL advisory transaction lock). SQLite: one writer at a
    time already, so always True."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    key = advisory_key(f"alone:{name}")
    return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": key}))
