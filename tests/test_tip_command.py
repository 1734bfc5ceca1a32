"""`/mentor tip`: a tip shown only to the person, with a button that shares it in their pair
channel; only the pair's members may share it, and sharing twice posts it once."""

from __future__ import annotations

from datetime import timedelta

from tests.support.celebrations import command_reply, of_kind
from tests.support.checkins import CREATED, MENTEE, MENTOR, seed_pair, tick, utc
from tests.support.constants import OWNER
from tests.support.flows import button, reply
from tests.support.runner import RunningApp
from tests.support.tips import first_text, tip_of, tips_in


def _tip_reply(app: RunningApp, user: str, channel: str = "C0GENERAL") -> dict:
    before = len(app.fake.calls_to("response_url"))
    app.driver.command(user, "tip", channel=channel)
    return reply(app, before + 1)


def _share(app: RunningApp, user: str, value: str, channel: str) -> dict:
    before = len(app.fake.calls_to("response_url"))
    app.driver.block_action(user, "tip_share", value=value, channel=channel, message_ts="1.0")
    return reply(app, before + 1)


def _shared(app: RunningApp, channel: str) -> list[dict]:
    """Tips a member shared in the channel (their text names who shared them)."""
    return [m for m in app.fake.messages_in(channel) if "shared a tip" in str(m.get("blocks"))]


def test_a_member_shares_a_tip_once_and_others_cannot(app: RunningApp) -> None:
    _, channel = seed_pair(app)
    assert channel is not None
    app.tandem.clock.at = CREATED + timedelta(hours=1)  # type: ignore[attr-defined]
    shown = _tip_reply(app, MENTEE, channel)
    assert shown["response_type"] == "ephemeral"
    assert "only you can see this" in str(shown["blocks"][1])
    value = button(shown, "tip_share")["value"]
    tip = tip_of(shown)

    outsider = _share(app, OWNER, value, channel)
    assert outsider["text"] == "Only the two people in this mentorship can share a tip with it."
    assert _shared(app, channel) == []

    answer = _share(app, MENTEE, value, channel)
    assert answer["text"] == f"Shared with your partner in <#{channel}>."
    assert answer["replace_original"] is True
    [posted] = _shared(app, channel)
    assert first_text(posted).startswith(f":bulb: <@{MENTEE}> shared a tip: *")
    assert tip_of(posted) == tip

    # The same button again, by either member: posted once.
    for user in (MENTEE, MENTOR):
        again = _share(app, user, value, channel)
        assert again["text"] == f"This tip is already in <#{channel}>."
    assert len(_shared(app, channel)) == 1
    assert button(_tip_reply(app, MENTOR, channel), "tip_share")["value"] != value

    # The shared tip counts as had: the pair's scheduled tips do not repeat it.
    tick(app, CREATED)
    for week in range(3):
        tick(app, utc(2027, 1, 7, 15) + timedelta(weeks=week))
    assert len(tips_in(app, channel)) == 3 and tip not in tips_in(app, channel)
    assert of_kind(app, channel, "tip")  # the scheduled ones carry their kind


def test_a_tip_for_someone_without_a_pair_has_no_share_button(app: RunningApp) -> None:
    shown = _tip_reply(app, OWNER)
    tip_of(shown)  # a tip from the library
    assert all(block["type"] != "actions" for block in shown["blocks"])
    assert command_reply(app, OWNER, "tip please").startswith("`/mentor tip` takes nothing")


def test_a_forged_share_changes_nothing(app: RunningApp) -> None:
    _, channel = seed_pair(app)
    assert channel is not None
    for value in ("1:0:no-such-tip", "garbage", "99:0:ask-what-else"):
        answer = _share(app, MENTEE, value, channel)
        assert answer["text"].startswith(("That tip cannot be shared", "Only the two people"))
    assert _shared(app, channel) == []
