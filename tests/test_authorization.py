"""Who may run which `/mentor` subcommand, tested as a table: the rule itself, then every
subcommand the wiring lists, run through signed requests by an outsider, a pair member and an
owner. A refusal shows no data and changes nothing in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.domain.authorization import Audience, Standing, may_use
from bot.features import FEATURES
from bot.models.base import Base
from bot.wiring import Wiring
from tests.support.celebrations import command_reply
from tests.support.constants import OWNER
from tests.support.flows import ANA, BEN, CAL, add_people, pair_up
from tests.support.runner import RunningApp

EVERYONE, MEMBERS, OWNERS = Audience.EVERYONE, Audience.MEMBERS, Audience.OWNERS

# Every subcommand and who it is for. A new subcommand must be added here to pass.
AUDIENCES: dict[str, Audience] = {
    "help": EVERYONE,
    "pause": EVERYONE,  # owner form or member form: the handler decides (below)
    "resume": EVERYONE,
    "my-data": EVERYONE,  # one's own data, pair or no pair
    "forget-me": EVERYONE,
    "pair": OWNERS,
    "pairs": OWNERS,
    "end": OWNERS,
    "import": OWNERS,
    "owners": OWNERS,
    "settings": OWNERS,
    "report": OWNERS,
    "schedule": MEMBERS,
    "goals": MEMBERS,
    "kudos": MEMBERS,
    "shoutouts": MEMBERS,
    "feedback": MEMBERS,
    "status": MEMBERS,  # owners see the program, members their own pair
    "tip": MEMBERS,
    "role": MEMBERS,  # owners name the pair
    "handover": MEMBERS,
    "areas": OWNERS,
}

REFUSED_OWNERS = "is for program owners, so nothing was changed"
REFUSED_MEMBERS = "is for people in a mentoring pair"


@pytest.mark.parametrize(
    ("audience", "standing", "allowed"),
    [
        (EVERYONE, Standing.OUTSIDER, True),
        (EVERYONE, Standing.MEMBER, True),
        (EVERYONE, Standing.OWNER, True),
        (MEMBERS, Standing.OUTSIDER, False),
        (MEMBERS, Standing.MEMBER, True),
        (MEMBERS, Standing.OWNER, True),
        (OWNERS, Standing.OUTSIDER, False),
        (OWNERS, Standing.MEMBER, False),
        (OWNERS, Standing.OWNER, True),
    ],
)
def test_the_rule(audience: Audience, standing: Standing, allowed: bool) -> None:
    assert may_use(audience, standing) is allowed


def test_every_subcommand_has_its_audience_in_the_table() -> None:
    wired = {c.name: c.audience for c in Wiring.of(FEATURES).commands.available(Standing.OWNER)}
    assert wired == AUDIENCES


def _rows(app: RunningApp) -> dict[str, int]:
    with app.tandem.sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            if table.name not in ("handled_events", "job_runs")
        }


def _refusal_for(audience: Audience) -> str:
    return REFUSED_OWNERS if audience is OWNERS else REFUSED_MEMBERS


def test_outsiders_and_members_are_refused_what_is_not_theirs(app: RunningApp) -> None:
    add_people(app)
    pair_up(app, ANA, BEN)
    before = _rows(app)
    for name, audience in AUDIENCES.items():
        if audience is EVERYONE:
            continue
        for user, standing in ((CAL, Standing.OUTSIDER), (ANA, Standing.MEMBER)):
            if may_use(audience, standing):
                continue
            answer = command_reply(app, user, f"{name} <@{BEN}> something")
            assert answer.startswith(f"Sorry, `/mentor {name}`"), (name, user, answer)
            assert _refusal_for(audience) in answer, (name, user, answer)
            assert BEN not in answer and "ben" not in answer.lower()  # no data shown
    assert _rows(app) == before


def test_pause_and_resume_refuse_the_owner_form_to_members_and_any_form_to_outsiders(
    app: RunningApp,
) -> None:
    add_people(app)
    pair_up(app, ANA, BEN)
    before = _rows(app)
    for verb in ("pause", "resume"):
        owner_form = command_reply(app, ANA, f"{verb} <@{ANA}> <@{BEN}>")
        assert "is for program owners" in owner_form, owner_form
        outsider = command_reply(app, CAL, verb)
        assert "not in" in outsider and BEN not in outsider, outsider
    assert _rows(app) == before


def test_help_lists_what_each_standing_may_use(app: RunningApp) -> None:
    add_people(app)
    pair_up(app, ANA, BEN)
    listed = {
        user: {name for name in AUDIENCES if f"`/mentor {name}" in command_reply(app, user, "help")}
        for user in (CAL, ANA, OWNER)
    }
    assert listed[CAL] == {n for n, a in AUDIENCES.items() if a is EVERYONE}
    assert listed[ANA] == {n for n, a in AUDIENCES.items() if a is not OWNERS}
    assert listed[OWNER] == set(AUDIENCES)
