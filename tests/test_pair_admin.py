"""Owner commands on pairs (list, end, pause, resume), members pausing themselves, owners."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.domain.pausing import UNTIL_RESUMED
from bot.models import AuditEntry, Delivery, Member, Owner, Pair
from tests.support import factories
from tests.support.constants import OWNER
from tests.support.flows import ANA, BEN, CAL, add_people, pair_up, reply
from tests.support.runner import RunningApp


def _say(app: RunningApp, user: str, text: str) -> str:
    before = len(app.fake.calls_to("response_url"))
    app.driver.command(user, text)
    return str(reply(app, before + 1)["text"])


def _seed_pairs(app: RunningApp, count: int) -> None:
    start = datetime(2026, 10, 1, tzinfo=UTC)
    with app.tandem.sessions.begin() as session:
        for n in range(count):
            mentor = factories.member(session, f"UM{n:07d}", now=start)
            mentee = factories.member(session, f"UE{n:07d}", now=start)
            factories.pair(
                session,
                mentor,
                mentee,
                now=start + timedelta(days=n),
                channel_id=f"G{n:08d}",
                status="paused" if n == 0 else "active",
            )
        ended = factories.pair(session, mentor, mentee, now=start, status="ended")
        ended.channel_id = "GENDED001"


def test_pairs_are_listed_with_age_and_channel_and_paged(app: RunningApp) -> None:
    _seed_pairs(app, 17)
    app.driver.command(OWNER, "pairs")
    first = reply(app)
    assert first["response_type"] == "ephemeral"
    text = first["text"]
    assert text.startswith("*Pairs* (17 active or paused, page 1 of 2)")
    # 2026-10-01 to the fixed clock's 2027-01-04 is 95 days: three months
    assert "• <@UM0000000> mentoring <@UE0000000>: paused, 3 months old, <#G00000000>" in text
    assert text.count("\n•") == 15 and "GENDED001" not in text
    [actions] = [b for b in first["blocks"] if b["type"] == "actions"]
    [next_button] = actions["elements"]
    assert (next_button["action_id"], next_button["value"]) == ("pairs_page", "2")
    app.driver.block_action(OWNER, "pairs_page", value="2", channel="C0GENERAL", message_ts="1.1")
    second = reply(app, 2)
    assert second["replace_original"] is True
    assert "page 2 of 2" in second["text"] and "<@UM0000016>" in second["text"]
    assert [e["value"] for e in second["blocks"][1]["elements"]] == ["1"]
    assert "page 2 of 2" in _say(app, OWNER, "pairs 2")


def test_pairs_list_when_empty_and_for_non_owners(app: RunningApp) -> None:
    assert "no active or paused pairs yet" in _say(app, OWNER, "pairs")
    assert "is for program owners" in _say(app, "UMEMBER01", "pairs")
    app.driver.block_action("UMEMBER01", "pairs_page", value="2", channel="C1", message_ts="1.1")
    assert "is for program owners" in reply(app, 3)["text"]


def _pair(app: RunningApp) -> Pair:
    with app.tandem.sessions() as session:
        return session.scalars(select(Pair)).one()


def test_end_pause_and_resume_a_pair(app: RunningApp) -> None:
    add_people(app)
    channel = pair_up(app)
    paused = _say(app, OWNER, f"pause <@{ANA}> <@{BEN}>")
    assert paused.startswith(f"Paused <@{ANA}> and <@{BEN}>: no check-ins or tips")
    assert _pair(app).status == "paused"
    assert "already paused" in _say(app, OWNER, f"pause <@{ANA}> <@{BEN}>")
    assert _say(app, OWNER, f"resume <@{ANA}> <@{BEN}>").startswith("Resumed")
    assert _pair(app).status == "active"
    ended = _say(app, OWNER, f"end <@{ANA}> <@{BEN}>")
    assert ended.startswith(f"Ended the mentorship of <@{ANA}> and <@{BEN}>. Its history is kept")
    pair = _pair(app)
    assert (pair.status, pair.ended_at, pair.channel_id) == (
        "ended",
        app.tandem.clock.now(),
        channel,
    )
    notes = [m["text"] for m in app.fake.messages_in(channel)[1:]]
    assert len(notes) == 3
    assert "has paused this mentorship" in notes[0] and "Welcome back!" in notes[1]
    assert "closed this mentorship" in notes[2]
    with app.tandem.sessions() as session:
        actions = [a.action for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions == ["pair.create", "pair.pause", "pair.resume", "pair.end"]
        reminders = session.scalars(select(Delivery).where(Delivery.kind == "agreement_reminder"))
        assert {d.state for d in reminders} == {"skipped"}
    # an ended pair is no longer there to end, and may be paired again
    assert "can't find an active or paused pair" in _say(app, OWNER, f"end <@{ANA}> <@{BEN}>")
    assert _say(app, OWNER, f"pair <@{ANA}> <@{BEN}>").startswith("Paired")


def test_owner_forms_are_for_owners_and_need_two_mentions(app: RunningApp) -> None:
    add_people(app)
    pair_up(app)
    refused = _say(app, CAL, f"pause <@{ANA}> <@{BEN}>")
    assert refused.startswith("Sorry, `/mentor pause @mentor @mentee` is for program owners")
    assert _pair(app).status == "active"
    assert "Please mention the mentor first" in _say(app, OWNER, f"end <@{ANA}>")
    assert "Please mention the mentor first" in _say(app, OWNER, f"resume <@{ANA}>")


def _member(app: RunningApp, user: str) -> Member:
    with app.tandem.sessions() as session:
        return session.scalars(select(Member).where(Member.user_id == user)).one()


def test_members_pause_their_own_prompts(app: RunningApp) -> None:
    add_people(app)
    pair_up(app)
    now = app.tandem.clock.now()
    text = _say(app, BEN, "pause 2 weeks")
    # Ben is in Chicago: two weeks after Monday 4 January 2027 09:00 UTC is 18 January there
    assert text.startswith(
        "Paused: no check-ins or reminders for you for 2 weeks, until Monday 18 January 2027."
    )
    assert _member(app, BEN).paused_until == now + timedelta(weeks=2)
    assert _member(app, ANA).paused_until is None
    assert "until you type `/mentor resume`" in _say(app, BEN, "pause")
    assert _member(app, BEN).paused_until == UNTIL_RESUMED
    assert (
        _say(app, BEN, "resume") == "Welcome back! Your check-ins start again on your usual rhythm."
    )
    assert _member(app, BEN).paused_until is None
    assert "You were not paused" in _say(app, BEN, "resume")
    assert "for 3 weeks" in _say(app, ANA, "pause 3w")


def test_member_pause_bad_input_and_no_pair(app: RunningApp) -> None:
    add_people(app)
    assert "not in a mentorship pair yet" in _say(app, CAL, "pause 2 weeks")
    pair_up(app)
    for text in ("pause forever", "pause 0", "pause 60 weeks", "pause 2 days"):
        answer = _say(app, BEN, text)
        assert "nothing was changed" in answer and "`/mentor pause 2 weeks`" in answer
    assert _member(app, BEN).paused_until is None
    assert "needs nothing after it" in _say(app, BEN, "resume now")


def test_owners_are_listed_added_and_removed(app: RunningApp) -> None:
    add_people(app)
    listed = _say(app, OWNER, "owners")
    assert f"• <@{OWNER}> _(from TANDEM_OWNERS" in listed
    assert _say(app, OWNER, f"owners add <@{ANA}>").startswith(f"<@{ANA}> is now a program owner")
    assert "already a program owner" in _say(app, OWNER, f"owners add <@{ANA}|ana>")
    # Ana may now use owner commands, and add Ben
    assert _say(app, ANA, f"owners add <@{BEN}>").startswith(f"<@{BEN}> is now")
    assert f"<@{BEN}> _(added by <@{ANA}>)_" in _say(app, ANA, "owners")
    assert "can only be removed there" in _say(app, ANA, f"owners remove <@{OWNER}>")
    assert _say(app, OWNER, f"owners remove <@{BEN}>") == f"<@{BEN}> is no longer a program owner."
    assert "is not a program owner" in _say(app, OWNER, f"owners remove <@{BEN}>")
    assert "is for program owners" in _say(app, BEN, "owners")
    app.fake.add_user("UROBOT001", "helper-bot", is_bot=True)
    assert "not a person I can make an owner" in _say(app, OWNER, "owners add <@UROBOT001>")
    assert "not a person I can make an owner" in _say(app, OWNER, "owners add <@UNOBODY01>")
    assert "I did not understand `promote &lt;@U1&gt;`" in _say(app, OWNER, "owners promote <@U1>")
    with app.tandem.sessions() as session:
        assert [o.user_id for o in session.scalars(select(Owner))] == [ANA]
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.actor_id, e.action, e.detail["user"]) for e in entries] == [
            (OWNER, "owners.add", ANA),
            (ANA, "owners.add", BEN),
            (OWNER, "owners.remove", BEN),
        ]


def test_the_last_owner_stays_when_no_owners_are_configured(app: RunningApp) -> None:
    with app.tandem.sessions.begin() as session:
        session.add(Owner(team_id="T0001", user_id=ANA, added_at=app.tandem.clock.now()))
    app.tandem.settings = replace(app.tandem.settings, owners=())
    add_people(app)
    assert "is the last program owner" in _say(app, ANA, f"owners remove <@{ANA}>")


def test_help_lists_the_owner_commands_in_order(app: RunningApp) -> None:
    text = _say(app, OWNER, "help")
    order = [
        text.index(f"`/mentor {name}")
        for name in ("help", "status", "pause", "pair @", "pairs", "end", "owners")
    ]
    assert order == sorted(order)
    assert "Owners: `/mentor pause @mentor @mentee` pauses a whole pair." in text
    member = _say(app, "UMEMBER01", "help")
    assert "`/mentor pause [N weeks]`" in member and "pair @mentor" not in member
    assert "Owners:" not in member


def test_wrong_words_after_owner_commands_get_an_example(app: RunningApp) -> None:
    assert "for example `/mentor pairs 2`" in _say(app, OWNER, "pairs all")
    assert "I did not understand `now please`" in _say(app, OWNER, "import now please")
    assert "type just `/mentor settings`" in _say(app, OWNER, "settings tips off")
    assert app.fake.calls_to("views.open") == []
