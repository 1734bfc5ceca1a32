"""The kickoff agreement end to end: modals per role, parts posted, the whole pinned once."""

import json

from sqlalchemy import select

from bot.models import AgreementPart, Delivery, Goal, Milestone, Pair
from tests.support.checkins import tick
from tests.support.flows import (
    ANA,
    BEN,
    CAL,
    MENTEE_PART,
    MENTOR_PART,
    add_people,
    click_agreement,
    open_agreement,
    pair_up,
    reply,
    state,
    text_value,
)
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until


def _milestones(app: RunningApp) -> list[Milestone]:
    with app.tandem.sessions() as session:
        return list(session.scalars(select(Milestone)))


def _labels(view: dict) -> list[str]:
    return [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]


def test_each_role_gets_its_own_modal(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    mentee_view = open_agreement(app, BEN, channel)
    assert mentee_view["callback_id"] == "agreement_mentee"
    assert _labels(mentee_view)[:2] == ["Goal 1", "What success looks like"]
    assert "How often we meet" in _labels(mentee_view)
    rules = next(b for b in mentee_view["blocks"] if b.get("block_id") == "ground_rules")
    assert "We listen to understand before we advise." in rules["element"]["initial_value"]
    mentor_view = open_agreement(app, ANA, channel)
    assert mentor_view["callback_id"] == "agreement_mentor"
    assert _labels(mentor_view)[0] == "What I can offer"
    assert "When I'm available" in _labels(mentor_view)
    assert json.loads(mentor_view["private_metadata"]) == json.loads(
        mentee_view["private_metadata"]
    )


def test_someone_outside_the_pair_gets_an_ephemeral_refusal(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    click_agreement(app, CAL, channel)
    answer = reply(app, 2)
    assert answer["response_type"] == "ephemeral"
    assert answer["replace_original"] is False
    assert answer["text"] == (
        f"This agreement is for <@{ANA}> and <@{BEN}>, so only they can fill it in."
    )
    assert app.fake.calls_to("views.open") == []


def test_both_parts_make_the_pinned_agreement_and_the_milestone(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    mentee_view = open_agreement(app, BEN, channel)
    response = app.driver.view_submission(BEN, mentee_view, MENTEE_PART)
    assert (response.status, response.body) == (200, "")
    app.fake.wait_for("chat.postMessage", lambda c: c.args.get("channel") == channel, count=2)
    part = app.fake.messages_in(channel)[1]["text"]
    assert part.startswith(f"<@{BEN}> shared their part of the agreement as mentee.")
    assert "I lead it end to end &amp; the team leaves with owners" in part
    assert f"Waiting for <@{ANA}>'s part" in part
    assert app.fake.channels[channel].pins == []

    mentor_view = open_agreement(app, ANA, channel)
    app.driver.view_submission(ANA, mentor_view, MENTOR_PART)
    app.fake.wait_for("pins.add")
    app.fake.wait_for("chat.postMessage", lambda c: c.args.get("channel") == channel, count=4)
    wait_until(lambda: _milestones(app), lambda found: len(found) == 1, what="the milestone")
    assert len(app.fake.messages_in(channel)) == 4  # the celebration waits for the next pass
    tick(app, app.tandem.clock.now())
    messages = app.fake.messages_in(channel)
    assert messages[2]["text"].startswith(f"<@{ANA}> shared their part of the agreement as mentor.")
    agreement = messages[3]
    assert app.fake.channels[channel].pins == [agreement["ts"]]
    text = agreement["text"]
    assert text.startswith(":handshake: *Our mentorship agreement*")
    assert "1. Run the quarterly planning on my own" in text
    assert (
        "Stories and lessons from my own experience; Shadowing me in meetings and decisions; "
        "Reviewing your first budget" in text
    )
    assert "*How often we meet:* Every two weeks" in text
    assert text.count("Come prepared") == 1  # both listed it; it appears once
    assert "• We keep it between us" in text and "• Candid feedback both ways" in text
    celebration = messages[4]
    with app.tandem.sessions() as session:
        pair = session.scalars(select(Pair)).one()
    assert celebration["metadata"]["event_payload"] == {
        "kind": "milestone",
        "key": f"milestone:{pair.id}:agreement_set",
    }
    assert "agreement" in celebration["text"].lower()
    assert [r["name"] for r in celebration["reactions"]] == ["handshake"]
    assert len(messages) == 5
    tick(app, app.tandem.clock.now())  # a second pass celebrates nothing again
    assert len(app.fake.messages_in(channel)) == 5
    with app.tandem.sessions() as session:
        pair = session.scalars(select(Pair)).one()
        assert pair.agreement_ts == agreement["ts"]
        [milestone] = session.scalars(select(Milestone)).all()
        assert (milestone.kind, milestone.title, milestone.pair_id) == (
            "agreement_set",
            "Agreement set",
            pair.id,
        )
        goals = session.scalars(select(Goal).order_by(Goal.position)).all()
        assert [g.text for g in goals] == [
            "Run the quarterly planning on my own",
            "Give feedback to peers",
        ]
        assert {p.role for p in session.scalars(select(AgreementPart))} == {"mentor", "mentee"}
        reminders = session.scalars(select(Delivery).where(Delivery.kind == "agreement_reminder"))
        assert {(d.state, d.error) for d in reminders} == {("skipped", "part submitted")}


def test_an_edit_after_pinning_updates_the_pinned_agreement(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    app.driver.view_submission(BEN, open_agreement(app, BEN, channel), MENTEE_PART)
    app.fake.wait_for("chat.postMessage", lambda c: c.args.get("channel") == channel, count=2)
    app.driver.view_submission(ANA, open_agreement(app, ANA, channel), MENTOR_PART)
    app.fake.wait_for("pins.add")
    again = open_agreement(app, ANA, channel)
    availability = next(b for b in again["blocks"] if b.get("block_id") == "availability")
    assert availability["element"]["initial_value"] == "Tuesday afternoons"
    changed = {**MENTOR_PART, **state(availability=text_value("Thursday mornings"))}
    app.driver.view_submission(ANA, again, changed)
    update = app.fake.wait_for("chat.update")[0]
    pinned = app.fake.channels[channel].pins[0]
    assert update.args["ts"] == pinned
    assert (
        "Thursday mornings" in update.args["text"] and "last updated <!date^" in update.args["text"]
    )
    assert len(app.fake.calls_to("pins.add")) == 1
    with app.tandem.sessions() as session:
        assert len(session.scalars(select(Milestone)).all()) == 1


def test_bad_fields_are_reported_on_the_field_and_nothing_is_saved(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    view = open_agreement(app, BEN, channel)
    missing = {**MENTEE_PART, **state(success_2=text_value(""), ground_rules=text_value("  \n"))}
    response = app.driver.view_submission(BEN, view, missing)
    body = response.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"success_2", "ground_rules"}
    assert body["errors"]["success_2"].startswith("Please say what success would look like")
    mentor = open_agreement(app, ANA, channel)
    nothing = {
        **MENTOR_PART,
        **state(offers={"type": "checkboxes", "selected_options": []}, offer_other=text_value("")),
    }
    assert set(app.driver.view_submission(ANA, mentor, nothing).json()["errors"]) == {"offers"}
    with app.tandem.sessions() as session:
        assert session.scalars(select(AgreementPart)).all() == []
    assert len(app.fake.messages_in(channel)) == 1  # only the welcome


def test_a_submission_from_someone_else_is_refused_on_the_form(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    view = open_agreement(app, BEN, channel)
    body = app.driver.view_submission(CAL, view, MENTEE_PART).json()
    assert body["response_action"] == "errors"
    assert "belongs to another pair" in next(iter(body["errors"].values()))
