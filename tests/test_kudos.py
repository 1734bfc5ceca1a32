"""`/mentor kudos`: thanks for one's partner, escaped, in the pair channel and the shoutout."""

from __future__ import annotations

from sqlalchemy import select

from bot.models import Kudos
from bot.sandbox import BOT_USER
from tests.support.celebrations import (
    command_reply,
    make_pair,
    of_kind,
    set_shoutout_channel,
)
from tests.support.checkins import tick, utc
from tests.support.constants import OWNER
from tests.support.runner import RunningApp

ANA, BEN, DAN, CAL = "UANA00001", "UBEN00001", "UDAN00001", "UCAL00001"
NOW = utc(2027, 1, 4, 9)


def _kudos_in(app: RunningApp, channel: str) -> list[str]:
    return [m["text"] for m in app.fake.messages_in(channel) if "Kudos from" in m["text"]]


def test_kudos_arrive_escaped_in_the_pair_channel_and_the_shoutout(app: RunningApp) -> None:
    wins = app.fake.add_channel("mentoring-wins")
    set_shoutout_channel(app, wins)
    _, channel = make_pair(app, ANA, BEN)
    # Slack escapes a typed & < > and turns @channel into <!channel> (should_escape: true).
    typed = "thank you &amp; well done &lt;3 <!channel> <!here> for the intro to <@UCAL00001|cal>"
    answer = command_reply(app, BEN, f"kudos <@{ANA}|ana> {typed}")
    assert answer.startswith(f"Thank you for celebrating <@{ANA}>: your kudos is in <#{channel}>")
    [posted] = _kudos_in(app, channel)
    assert posted == (
        f":clap: Kudos from <@{BEN}> to <@{ANA}>: thank you &amp; well done &lt;3 "
        "&lt;!channel&gt; &lt;!here&gt; for the intro to @cal"
    )
    assert "<!" not in posted
    tick(app, NOW)
    [shoutout] = [m["text"] for m in of_kind(app, wins, "shoutout")]
    assert f"<@{BEN}> is cheering on <@{ANA}>: thank you &amp; well done" in shoutout
    assert "&lt;!channel&gt;" in shoutout and "<!channel>" not in shoutout
    tick(app, utc(2027, 1, 4, 9, 1))
    assert len(of_kind(app, wins, "shoutout")) == 1
    with app.tandem.sessions() as session:
        [row] = session.scalars(select(Kudos)).all()
        assert row.text.startswith("thank you & well done <3 <!channel>")
    status = command_reply(app, OWNER, "status")
    assert "This month: 0 milestones reached, 1 kudos given" in status


def test_a_giver_in_several_pairs_thanks_the_one_they_share(app: RunningApp) -> None:
    _, with_ben = make_pair(app, ANA, BEN)
    _, with_dan = make_pair(app, ANA, DAN)
    _, dan_mentors_ana = make_pair(app, DAN, CAL)  # Dan in another pair as mentor
    command_reply(app, ANA, f"kudos <@{DAN}> for asking the hard questions")
    assert _kudos_in(app, with_dan) and not _kudos_in(app, with_ben)
    assert not _kudos_in(app, dan_mentors_ana)
    command_reply(app, DAN, f"kudos <@{ANA}> for your patience")
    assert len(_kudos_in(app, with_dan)) == 2


def test_kudos_for_someone_outside_the_pair_or_a_bot_are_refused(app: RunningApp) -> None:
    _, channel = make_pair(app, ANA, BEN)
    app.fake.add_user(CAL, "cal")
    refusals = {
        f"kudos <@{CAL}> thanks": f"<@{CAL}> is not your partner in an active pair",
        f"kudos <@{BOT_USER}> thanks": f"<@{BOT_USER}> is a bot.",
        f"kudos <@{BEN}> thanks": "not to yourself",
        f"kudos <@{ANA}>": "Please say what the kudos are for",
        "kudos <!here> thanks": "`&lt;!here&gt;` is not a person",
        "kudos": "To thank your partner, mention them",
        f"kudos <@{ANA}> " + "x" * 501: "keep kudos to 500 characters",
    }
    for text, expected in refusals.items():
        answer = command_reply(app, BEN, text)
        assert expected in answer and "Nothing was posted." in answer, (text, answer)
    answer = command_reply(app, CAL, f"kudos <@{ANA}> thanks")
    assert "is for people in a mentoring pair" in answer
    assert _kudos_in(app, channel) == []
    with app.tandem.sessions() as session:
        assert session.scalars(select(Kudos)).all() == []


def test_no_kudos_shoutout_for_a_recipient_who_opted_out(app: RunningApp) -> None:
    wins = app.fake.add_channel("mentoring-wins")
    set_shoutout_channel(app, wins)
    _, channel = make_pair(app, ANA, BEN)
    command_reply(app, ANA, "shoutouts off")
    answer = command_reply(app, BEN, f"kudos <@{ANA}> for the budget walkthrough")
    assert "shoutout channel" not in answer
    tick(app, NOW)
    assert len(_kudos_in(app, channel)) == 1
    assert of_kind(app, wins, "shoutout") == []
