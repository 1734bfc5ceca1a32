"""What Tandem stores about a person: every table that names one is answered for by some
feature's `personal` hook, and `/mentor my-data` sends the person their own data, end to end,
without a word their partner wrote for themselves or that is still held in a round."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import Column

from bot.features import FEATURES
from bot.models.base import Base
from bot.wiring import Wiring
from tests.support.constants import OWNER
from tests.support.flows import ANA, BEN, CAL, add_people
from tests.support.privacy import (
    ANA_DELIVERED,
    ANA_HELD,
    ANA_NOTE,
    ANA_REFLECTION,
    BEN_ASSESSED,
    BEN_GAVE,
    BEN_HANDOVER,
    BEN_NOTE,
    BEN_REFLECTION,
    command_text,
    exported,
    seed,
)
from tests.support.runner import RunningApp

WEEK_TWO = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
# A column that holds a person: their Slack user ID or their members.id.
PERSON_COLUMN = re.compile(
    r"^(user_id|member_id|\w+_member_id|actor_id|\w+_by|recipient(_id)?|giver_id|"
    r"mentor_id|mentee_id|notify_user|installer_user_id)$"
)
# Columns that match the pattern but hold no person.
NOT_A_PERSON = {
    ("deliveries", "claimed_by"),  # the worker that claimed the row
}


def _names_a_person(column: Column[object]) -> bool:
    if any(fk.column.table.name == "members" for fk in column.foreign_keys):
        return True
    key = (column.table.name, column.name)
    return bool(PERSON_COLUMN.match(column.name)) and key not in NOT_A_PERSON


def test_every_table_that_names_a_person_is_covered_by_a_features_personal_hook() -> None:
    covered = {table for _, part in Wiring.of(FEATURES).personal for table in part.tables}
    personal = {
        table.name
        for table in Base.metadata.sorted_tables
        if any(_names_a_person(c) for c in table.columns)
    }
    assert personal - covered == set(), "tables that keep people but no feature exports"
    assert covered - set(Base.metadata.tables) == set(), "hooks that name no table"
    # Tables keyed by a pair alone are personal too, and covered.
    assert {"goal_assessments", "goals", "milestones"} <= covered


def test_each_table_is_answered_for_once() -> None:
    listed = [table for _, part in Wiring.of(FEATURES).personal for table in part.tables]
    assert len(listed) == len(set(listed))


def test_the_mentee_gets_their_own_data_and_none_of_the_partners_private_words(
    app: RunningApp,
) -> None:
    seed(app, WEEK_TWO)
    raw, data = exported(app, BEN)
    for private in (ANA_REFLECTION, ANA_NOTE, ANA_HELD):
        assert private not in raw
    for own in (BEN_REFLECTION, BEN_NOTE, BEN_GAVE, BEN_ASSESSED, ANA_DELIVERED, BEN_HANDOVER):
        assert own in raw
    assert data["format"] == "tandem-my-data/1" and data["user_id"] == BEN
    parts = data["data"]
    assert parts["people"]["member"]["user_id"] == BEN
    assert parts["people"]["member"]["tz"] == "America/Chicago"
    [pair] = parts["pairs"]["pairs"]
    assert (pair["your_role"], pair["partner_user_id"], pair["status"]) == ("mentee", ANA, "active")
    assert pair["started_at"] == "2027-01-04T09:00:00+00:00"
    [checkin] = parts["checkins"]["checkins"]
    assert (checkin["reflection"], checkin["pulse"], checkin["role"]) == (
        BEN_REFLECTION,
        4,
        "mentee",
    )
    feedback = parts["feedback"]
    assert [f["situation"] for f in feedback["feedback_given"]] == [BEN_GAVE]
    [received] = feedback["feedback_received"]
    assert (received["situation"], received["from_user_id"], received["your_note"]) == (
        ANA_DELIVERED,
        ANA,
        BEN_NOTE,
    )
    assert [a["note"] for a in feedback["goal_assessments"]] == [BEN_ASSESSED]
    assert [g["text"] for g in parts["agreement"]["goals"]] == ["Run the planning"]
    assert [k["text"] for k in parts["celebrations"]["kudos"]] == ["Thank you for the agenda"]
    assert parts["celebrations"]["shoutouts"] == {"opted_out": False, "since": None}
    assert parts["program"]["owner"] is None
    [rating] = parts["succession"]["readiness_ratings"]  # his own; Ana's rating is hers
    assert (rating["role"], rating["ratings"]) == ("mentee", {"vendors": 4})
    assert [h["shared"] for h in parts["succession"]["handovers"]] == [BEN_HANDOVER]


def test_the_mentor_gets_their_words_but_not_the_held_feedback_they_are_owed(
    app: RunningApp,
) -> None:
    seed(app, WEEK_TWO)
    raw, data = exported(app, ANA)
    assert ANA_REFLECTION in raw and ANA_NOTE in raw and ANA_HELD in raw  # theirs: given
    assert BEN_REFLECTION not in raw and BEN_NOTE not in raw and BEN_ASSESSED not in raw
    assert BEN_HANDOVER not in raw
    given = {f["situation"]: f["state"] for f in data["data"]["feedback"]["feedback_given"]}
    assert given == {ANA_HELD: "held", ANA_DELIVERED: "delivered"}


def test_someone_in_no_pair_gets_a_file_that_says_so(app: RunningApp) -> None:
    add_people(app)
    _, data = exported(app, CAL)
    parts = data["data"]
    assert parts["people"]["member"] is None
    assert parts["pairs"]["pairs"] == [] and parts["checkins"]["checkins"] == []
    assert parts["feedback"]["feedback_given"] == []


def test_an_owner_sees_their_owner_actions_and_my_data_takes_no_words(app: RunningApp) -> None:
    seed(app, WEEK_TWO)
    _, data = exported(app, OWNER)
    actions = [a["action"] for a in data["data"]["program"]["actions"]]
    assert actions == ["pair.create"]
    said = command_text(app, BEN, "my-data please")
    assert "takes nothing after it" in said and "please" in said


def test_a_refused_upload_is_explained(app: RunningApp) -> None:
    seed(app, WEEK_TWO)
    app.fake.fail("files.completeUploadExternal", "file_not_found")
    command_text(app, BEN, "my-data")
    [told] = app.fake.wait_for(
        "chat.postMessage", lambda c: "could not upload your data" in c.args["text"]
    )
    assert told.args["channel"] == BEN and "`file_not_found`" in told.args["text"]
    assert app.fake.files_in(app.fake.dm_with(BEN)) == []
