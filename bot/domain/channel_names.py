"""Names for pair channels that follow Slack's rules.

Slack channel names are at most 80 characters of lower-case letters, digits, hyphens and
underscores. A pair channel is named after both people; when a name is taken, a number is
added (`-2`, `-3`, ...).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

PREFIX = "mentoring"
MAX_LENGTH = 80
PART_LENGTH = 30
_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """`Zoë O'Brien` -> `zoe-obrien`; letters Slack does not allow are dropped."""
    ascii_only = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_only = ascii_only.lower().replace("'", "").replace("\u2019", "")
    return _NOT_ALLOWED.sub("-", ascii_only).strip("-")[:PART_LENGTH].strip("-")


def base_name(mentor_name: str, mentor_id: str, mentee_name: str, mentee_id: str) -> str:
    """`mentoring-ana-ben`; a user ID stands in for a name with no usable letters."""
    mentor = slug(mentor_name) or mentor_id.lower()
    mentee = slug(mentee_name) or mentee_id.lower()
    return f"{PREFIX}-{mentor}-{mentee}"[:MAX_LENGTH]


def candidates(base: str, tries: int = 20) -> Iterator[str]:
    """The base name, then `base-2`, `base-3`, ... each within the length limit."""
    yield base[:MAX_LENGTH]
    for n in range(2, tries + 1):
        suffix = f"-{n}"
        yield base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
