"""`/mentor pair` end to end: the channel, the invites, the welcome, and every refusal."""

from sqlalchemy import func, select

from bot.models import AuditEntry, Delivery, Member, Pair
from tests.support.constants import OWNER
from tests.support.flows import ANA, BEN, CAL, add_people, button, pair_up, reply
from tests.support.runner import RunningApp


def _counts(app: RunningApp) -> tuple[int, int]:
    with app.tandem.sessions() as session:
        pairs = session.scalar(select(func.count()).select_from(Pair))
        members = session.scalar(select(func.count()).select_from(Member))
    return int(pairs or 0), int(members or 0)


def test_owner_pairs_two_people_in_a_new_private_channel(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    [create] = app.fake.calls_to("conversations.create")
    assert create.args["name"] == "mentoring-ana-ben"
    assert str(create.args["is_private"]).lower() in ("true", "1")
    invites = app.fake.calls_to("conversations.invite")
    assert [(c.args["channel"], c.args["users"]) for c in invites] == [
        (channel, ANA),
        (channel, BEN),
    ]
    assert app.fake.channels[channel].members == {"UBOT0001", ANA, BEN}
    [welcome] = app.fake.messages_in(channel)
    assert f"<@{ANA}>" in welcome["blocks"][0]["text"]["text"]
    assert "stays private" not in welcome["text"]  # the fallback is short...
    everything = " ".join(b.get("text", {}).get("text", "") for b in welcome["blocks"])
    assert "What stays private" in everything  # ...the blocks explain privacy
    assert button(welcome, "agreement_open")["text"]["text"] == "Set up our agreement"
    text = reply(app)["text"]
    assert text == (
        f"Paired <@{ANA}> (mentor) with <@{BEN}> (mentee) in <#{channel}>. I invited both of "
        "them and posted the welcome, and each will be asked for their part of the agreement."
    )
    with app.tandem.sessions() as session:
        pair = session.scalars(select(Pair)).one()
        assert (pair.status, pair.setup_state, pair.channel_id) == ("active", "ready", channel)
        assert (pair.mentor.user_id, pair.mentor.tz) == (ANA, "Europe/Lisbon")
        assert (pair.mentee.user_id, pair.mentee.tz) == (BEN, "America/Chicago")
        assert button(welcome, "agreement_open")["value"] == str(pair.id)
        audit = session.scalars(select(AuditEntry)).one()
        assert (audit.actor_id, audit.action) == (OWNER, "pair.create")
        assert audit.detail["pair_id"] == pair.id
        reminders = session.scalars(select(Delivery).order_by(Delivery.recipient)).all()
        assert [(d.kind, d.recipient) for d in reminders] == [
            ("agreement_reminder", ANA),
            ("agreement_reminder", BEN),
        ]
    # users.info once per new member, never again for a second pair with a known member
    assert len(app.fake.calls_to("users.info")) == 2
    app.driver.command(OWNER, f"pair <@{ANA}> <@{CAL}>")
    assert reply(app, 2)["text"].startswith("Paired")
    assert [c.args["user"] for c in app.fake.calls_to("users.info")] == [ANA, BEN, CAL]


def test_a_taken_name_gets_a_number(app: RunningApp) -> None:
    add_people(app)
    app.fake.add_channel("mentoring-ana-ben", private=True)
    channel = pair_up(app)
    assert app.fake.channels[channel].name == "mentoring-ana-ben-2"


def test_pairing_in_an_existing_channel_joins_it(app: RunningApp) -> None:
    add_people(app)
    existing = app.fake.add_channel("team-growth")
    channel = pair_up(app, extra=f"<#{existing}|team-growth>")
    assert channel == existing
    assert app.fake.calls_to("conversations.create") == []
    assert app.fake.calls_to("conversations.join", channel=existing)
    assert {ANA, BEN} <= app.fake.channels[existing].members


def test_a_non_owner_changes_nothing(app: RunningApp) -> None:
    add_people(app)
    app.driver.command(CAL, f"pair <@{ANA}> <@{BEN}>")
    assert "is for program owners, so nothing was changed" in reply(app)["text"]
    assert app.fake.calls_to("conversations.create") == []
    assert app.fake.calls_to("users.info") == []
    assert _counts(app) == (0, 0)


def _refusal(app: RunningApp, text: str) -> str:
    before = len(app.fake.calls_to("response_url"))
    app.driver.command(OWNER, text)
    return str(reply(app, before + 1)["text"])


def test_refusals_say_why_and_change_nothing(app: RunningApp) -> None:
    add_people(app)
    app.fake.add_user("UROBOT001", "helper-bot", is_bot=True)
    app.fake.add_user("UGONE0001", "gone", deleted=True)
    same = _refusal(app, f"pair <@{ANA}> <@{ANA}>")
    assert "both mentions are" in same and "`/mentor pair @ana @ben`" in same
    assert "is a bot" in _refusal(app, f"pair <@{ANA}> <@UROBOT001>")
    assert "deactivated" in _refusal(app, f"pair <@UGONE0001> <@{BEN}>")
    assert "can't find <@UNOBODY01>" in _refusal(app, f"pair <@{ANA}> <@UNOBODY01>")
    group = _refusal(app, f"pair <@{ANA}> <!subteam^S0123|@mentors>")
    assert group.startswith("`&lt;!subteam^S0123|@mentors&gt;` is not a person I can pair")
    assert "is not a person" in _refusal(app, f"pair <!here> <@{BEN}>")
    assert "is not a person" in _refusal(app, "pair ana ben")
    assert "To pair two people" in _refusal(app, f"pair <@{ANA}>")
    assert "is not a channel" in _refusal(app, f"pair <@{ANA}> <@{BEN}> general")
    assert app.fake.calls_to("conversations.create") == []
    assert _counts(app) == (0, 0)


def test_an_existing_active_pair_is_refused(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    text = _refusal(app, f"pair <@{ANA}> <@{BEN}>")
    assert text == (
        f"<@{ANA}> and <@{BEN}> are already a pair (active, in <#{channel}>). Nothing was changed."
    )
    assert len(app.fake.calls_to("conversations.create")) == 1
    assert _counts(app)[0] == 1


def test_a_failed_invite_archives_the_new_channel_and_saves_nothing(app: RunningApp) -> None:
    add_people(app)
    app.fake.fail("conversations.invite", "user_is_restricted")
    text = _refusal(app, f"pair <@{ANA}> <@{BEN}>")
    assert text.startswith(
        f"I could not set up the pair <@{ANA}> and <@{BEN}>, so nothing was saved."
    )
    assert f"Slack would not add <@{ANA}> to the channel (`user_is_restricted`)" in text
    assert "I archived the channel I had just created" in text
    [created] = [c for c in app.fake.channels.values() if c.name == "mentoring-ana-ben"]
    assert created.archived
    assert app.fake.calls_to("conversations.archive", channel=created.id)
    assert app.fake.calls_to("chat.postMessage") == []
    assert _counts(app) == (0, 0)
    with app.tandem.sessions() as session:
        assert session.scalars(select(Delivery)).all() == []
        assert session.scalars(select(AuditEntry)).all() == []


def test_a_failed_welcome_also_leaves_nothing(app: RunningApp) -> None:
    add_people(app)
    app.fake.fail("chat.postMessage", "restricted_action")
    text = _refusal(app, f"pair <@{ANA}> <@{BEN}>")
    assert "Slack would not let me post the welcome in the channel (`restricted_action`)" in text
    assert all(c.archived for c in app.fake.channels.values() if not c.is_im)
    assert _counts(app) == (0, 0)


def test_channel_creation_refused_by_the_workspace(app: RunningApp) -> None:
    add_people(app)
    app.fake.fail("conversations.create", "restricted_action")
    text = _refusal(app, f"pair <@{ANA}> <@{BEN}>")
    assert "Slack would not create the pair channel (`restricted_action`)" in text
    assert "`/mentor pair @mentor @mentee #channel`" in text
    assert app.fake.calls_to("conversations.invite") == []
    assert _counts(app) == (0, 0)
