"""The database itself keeps one live pair per mentor and mentee."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.context import Tandem
from bot.models import Pair
from tests.support import factories

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def test_a_second_live_pair_of_the_same_people_is_refused(tandem: Tandem) -> None:
    with tandem.sessions.begin() as session:
        ana = factories.member(session, "UANA00001", now=NOW)
        ben = factories.member(session, "UBEN00001", now=NOW)
        factories.pair(session, ana, ben, now=NOW, status="paused")
    with pytest.raises(IntegrityError), tandem.sessions.begin() as session:
        factories.pair(session, ana, ben, now=NOW)


def test_ended_pairs_do_not_block_pairing_again(tandem: Tandem) -> None:
    with tandem.sessions.begin() as session:
        ana = factories.member(session, "UANA00001", now=NOW)
        ben = factories.member(session, "UBEN00001", now=NOW)
        factories.pair(session, ana, ben, now=NOW, status="ended")
        factories.pair(session, ana, ben, now=NOW, status="ended")
        factories.pair(session, ana, ben, now=NOW)
        factories.pair(session, ben, ana, now=NOW)  # the other way round is another pair
    with tandem.sessions() as session:
        pairs = session.execute(
            select(Pair.mentor_id, Pair.mentee_id, Pair.status).order_by(Pair.id)
        ).all()
    assert [tuple(p) for p in pairs] == [
        (ana.id, ben.id, "ended"),
        (ana.id, ben.id, "ended"),
        (ana.id, ben.id, "active"),
        (ben.id, ana.id, "active"),
    ]
