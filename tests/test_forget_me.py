"""`/mentor forget-me` end to end: the confirmation modal, then the person's words gone from
the database, their pair ended, the owner told that a member left (never why), a
confirmation DM, and nothing more when the modal is submitted again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.domain.states import DeliveryState, FeedbackState, PairStatus, RoundState
from bot.models import (
    AgreementPart,
    AuditEntry,
    CheckIn,
    Delivery,
    Feedback,
    FeedbackRound,
    GoalAssessment,
    Kudos,
    Pair,
)
from bot.models.succession import Handover
from tests.support.checkins import tick
from tests.support.constants import OWNER
from tests.support.flows import ANA, BEN, CAL, add_people, open_by_command, pair_up
from tests.support.privacy import (
    ANA_HELD,
    ANA_NOTE,
    ANA_REFLECTION,
    member,
    seed,
)
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

WEEK_TWO = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
LATER = datetime(2027, 1, 4, 9, 5, tzinfo=UTC)  # the app's clock is at 09:00


def _texts(view: dict[str, Any]) -> str:
    return " ".join(str(b.get("text", {}).get("text", "")) for b in view["blocks"])


def _dms(app: RunningApp, user: str) -> list[str]:
    return [str(m.get("text", "")) for m in app.fake.messages_in(app.fake.dm_with(user))]


def _submit(app: RunningApp, user: str, view: dict[str, Any]) -> None:
    response = app.driver.view_submission(user, view, {})
    assert response.status == 200, response.body


def _counts(app: RunningApp) -> dict[str, int]:
    with app.tandem.sessions() as s:
        return {
            "deliveries": s.scalar(select(func.count()).select_from(Delivery)) or 0,
            "audit": s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        }


def test_the_modal_says_what_goes_and_submitting_it_erases_ends_and_tells(
    app: RunningApp,
) -> None:
    seeded = seed(app, WEEK_TWO)
    view = open_by_command(app, BEN, "forget-me")
    words = _texts(view)
    assert "cannot be undone" in words and "end your mentoring pairs" in words
    assert view["submit"]["text"] == "Delete my data"
    assert view["callback_id"] == "forget_me"

    _submit(app, BEN, view)
    with app.tandem.sessions() as s:
        pair = s.get(Pair, seeded.pair_id)
        assert pair is not None and pair.status == PairStatus.ENDED
        mine = {c.member_id: c.reflection for c in s.scalars(select(CheckIn))}
        assert mine == {seeded.ben_id: None, seeded.ana_id: ANA_REFLECTION}  # Ana's stay hers
        answered = s.scalars(select(CheckIn).where(CheckIn.member_id == seeded.ben_id)).one()
        assert (answered.state, answered.pulse) == ("answered", 4)  # counted, anonymous words
        feedback = {
            (f.from_member_id, f.situation, f.reflection) for f in s.scalars(select(Feedback))
        }
        gave = {f for f in feedback if f[0] == seeded.ben_id}
        assert gave == {(seeded.ben_id, "", ANA_NOTE)}  # his words gone, Ana's note hers
        got = {f for f in feedback if f[0] == seeded.ana_id}
        assert all(note is None for _, _, note in got)  # his private note gone
        held = s.scalars(select(Feedback).where(Feedback.situation == ANA_HELD)).one()
        assert held.state == FeedbackState.HELD  # never released to someone who left
        assert s.scalars(select(FeedbackRound)).one().state == RoundState.CLOSED
        assert [a.note for a in s.scalars(select(GoalAssessment))] == [""]
        assert [k.text for k in s.scalars(select(Kudos))] == [""]
        assert all(p.data == {} for p in s.scalars(select(AgreementPart)))
        assert [h.shared for h in s.scalars(select(Handover))] == [""]
    ben = member(app, seeded.ben_id)
    assert (ben.display_name, ben.email, ben.tz) == (None, None, "UTC")
    assert ben.forgotten_at is not None

    # After the ack: the pair channel hears the mentorship closed.
    wait_until(
        lambda: app.fake.messages_in(seeded.channel),
        lambda m: any("left the mentoring program" in x.get("text", "") for x in m),
        what="the channel note",
    )
    tick(app, LATER)
    [notice] = [t for t in _dms(app, OWNER) if "left the mentoring program" in t]
    assert f"<@{BEN}>" in notice and f"<@{ANA}>" in notice
    for why in ("delete", "forget", "asked", "data"):
        assert why not in notice.lower()
    assert member(app, seeded.ben_id).display_name is None  # the daily refresh leaves it
    [done] = _dms(app, BEN)[-1:]
    assert done.startswith("Done: I have deleted your reflections")

    # Slack's retry of the same submission, and a second modal: nothing more happens.
    before = _counts(app)
    owner_dms, ben_dms = len(_dms(app, OWNER)), len(_dms(app, BEN))
    _submit(app, BEN, view)
    _submit(app, BEN, open_by_command(app, BEN, "forget-me"))
    tick(app, LATER + timedelta(minutes=5))
    assert _counts(app) == before
    assert member(app, seeded.ben_id).forgotten_at == ben.forgotten_at
    assert (len(_dms(app, OWNER)), len(_dms(app, BEN))) == (owner_dms, ben_dms)


def test_what_was_planned_for_them_is_not_sent(app: RunningApp) -> None:
    seeded = seed(app, WEEK_TWO)
    with app.tandem.sessions() as s:
        planned = s.scalars(
            select(Delivery).where(
                Delivery.recipient == BEN, Delivery.state == DeliveryState.PLANNED
            )
        ).all()
    assert planned, "the pair's welcome plans agreement reminders for Ben"
    _submit(app, BEN, open_by_command(app, BEN, "forget-me"))
    with app.tandem.sessions() as s:
        rows = s.scalars(select(Delivery).where(Delivery.recipient == BEN)).all()
        left = [r for r in rows if r.state == DeliveryState.PLANNED]
        assert [r.kind for r in left] == ["data_erased"]
        assert all(r.payload == {} for r in rows if r.kind != "data_erased")
    assert member(app, seeded.ben_id).forgotten_at is not None


def test_someone_in_no_pair_can_use_it_and_the_owners_hear_nothing(app: RunningApp) -> None:
    add_people(app)
    view = open_by_command(app, CAL, "forget-me")
    assert "end your mentoring pairs" not in _texts(view)
    _submit(app, CAL, view)
    tick(app, LATER)
    assert _dms(app, CAL)[-1].startswith("Done: I have deleted")
    assert not [t for t in _dms(app, OWNER) if "left the mentoring program" in t]


def test_joining_a_pair_again_starts_afresh(app: RunningApp) -> None:
    seeded = seed(app, WEEK_TWO)
    _submit(app, BEN, open_by_command(app, BEN, "forget-me"))
    pair_up(app, CAL, BEN)
    ben = member(app, seeded.ben_id)
    assert (ben.forgotten_at, ben.display_name, ben.tz) == (None, "ben", "America/Chicago")
