"""Finding the Slack users behind many emails or user IDs at once (for imports).

Known members come from the database. A few unknown people are looked up one by one
(`users.lookupByEmail`, `users.info`); past BULK_AFTER, one paginated `users.list` read is
cheaper than hundreds of single lookups against Slack's rate limits.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.context import Tandem
from bot.domain.csv_rows import Person
from bot.models import Member
from bot.services.people.members import NOT_FOUND, person_of, stored_person
from bot.slack.gateway import SlackFailure

BULK_AFTER = 30


def _key(person: Person, kind: str) -> str | None:
    return person.email if kind == "email" else person.user_id


def resolve_people(
    tandem: Tandem, team_id: str, kind: str, values: set[str]
) -> dict[str, Person | None]:
    """Each email (lower-cased) or user ID -> the person, or None if Slack has no such user."""
    found: dict[str, Person | None] = {}
    column = Member.email if kind == "email" else Member.user_id
    with tandem.sessions() as session:
        members = session.scalars(
            select(Member).where(Member.team_id == team_id, column.in_(sorted(values)))
        )
        for member in members:
            if member.tz_refreshed_at is not None:
                person = stored_person(member)
                found[str(_key(person, kind))] = person
    missing = values - found.keys()
    slack = tandem.slack_for(team_id)
    if len(missing) > BULK_AFTER:
        for user in slack.all_users():
            person = person_of(user)
            key = _key(person, kind)
            if key in missing:
                found[key] = person
        found.update({key: None for key in missing - found.keys()})
        return found
    for key in sorted(missing):
        try:
            user = slack.lookup_by_email(key) if kind == "email" else slack.user_info(key)
        except SlackFailure as failure:
            if failure.error not in NOT_FOUND:
                raise
            found[key] = None
            continue
        found[key] = person_of(user)
    return found
