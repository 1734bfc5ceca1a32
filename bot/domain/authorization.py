"""Who may run which `/mentor` subcommand: one table, decided without I/O.

A person's standing in a workspace is `owner` (a program owner), `member` (in an active or
paused pair) or `outsider` (anyone else in the workspace). Each subcommand names its audience
in bot/features.py; this decides whether a standing may use it. Whether the object a
command touches (a pair, a check-in, a goal) is that person's is decided by the service that
touches it, by the IDs of the request, never by what a button's value claims.
"""

from __future__ import annotations

from enum import StrEnum


class Audience(StrEnum):
    EVERYONE = "everyone"  # help and one's own data: anyone in the workspace
    MEMBERS = "members"  # pair members (and owners, who run these for others)
    OWNERS = "owners"  # program commands


class Standing(StrEnum):
    OWNER = "owner"
    MEMBER = "member"
    OUTSIDER = "outsider"


def standing_of(*, owner: bool, in_live_pair: bool) -> Standing:
    if owner:
        return Standing.OWNER
    return Standing.MEMBER if in_live_pair else Standing.OUTSIDER


def may_use(audience: Audience, standing: Standing) -> bool:
    if audience is Audience.EVERYONE or standing is Standing.OWNER:
        return True
    return audience is Audience.MEMBERS and standing is Standing.MEMBER
