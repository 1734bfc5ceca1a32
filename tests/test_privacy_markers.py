"""Private words go only where they may: a unique marker is written into every private field
(both members' check-in reflections, the four parts of each side's feedback, each receiver's
private note on it, the mentee's self-assessment note), then five simulated weeks run with
every owner command (`status`, `status @person`, `pairs`, `report` with its CSV and PNG,
`settings`), the weekly digests, the Home tab of the owner, each member and a third person,
and `help`. Every call that reached the fake Slack (every method, every argument) and every
uploaded file is read for the markers.

Who saw a call: a message by its channel (a DM is its person's, the pair channel is both
members'); `views.publish` by its user; a modal (`views.open`, `views.update`) and an
ephemeral answer (`response_url`) by the person whose request it answered; a file by the
channel it was shared in. Allowed:

- a reflection: its author only (it is never shared here);
- feedback: its author, and the receiver once the round is revealed (not while held);
- a private note on feedback, a self-assessment note: their author only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.models import Owner
from bot.sandbox import Call
from tests.support import factories
from tests.support.checkins import (
    CREATED,
    MENTEE,
    MENTOR,
    checkin_of,
    eventually,
    open_reflection,
    posts,
    seed_pair,
    submit_reflection,
    utc,
)
from tests.support.constants import OWNER
from tests.support.feedback import dm_of, give, open_from, until
from tests.support.flows import button, open_view, select_value, state, text_value
from tests.support.hostile import CAL
from tests.support.runner import RunningApp
from tests.support.waiting import wait_until

FIELDS = ("situation", "behaviour", "impact", "next_step")


def _marker(name: str) -> str:
    return f"Zq{name.replace('_', '')}Marker"


REFLECTION = {MENTOR: _marker("ReflAna"), MENTEE: _marker("ReflBen")}
FEEDBACK = {
    who: {part: _marker(f"Fb{tag}{part}") for part in FIELDS}
    for who, tag in ((MENTOR, "Ana"), (MENTEE, "Ben"))
}
NOTE = {MENTOR: _marker("NoteAna"), MENTEE: _marker("NoteBen")}
ASSESSMENT = _marker("AssessBen")
HANDOVER = _marker("HandoverAna")  # shared with the pair (its channel), never with owners
GOALS = ("Run the quarterly planning on my own",)

PARTNER = {MENTOR: MENTEE, MENTEE: MENTOR}
# Monday 09:00 in Berlin (the owner's zone) for the digests; the rest as tests/support/feedback.
MONDAYS = (utc(2027, 1, 11, 8), utc(2027, 1, 18, 8), utc(2027, 1, 25, 8), utc(2027, 2, 1, 8))


@dataclass
class Watch:
    """Who each call since the start was shown to."""

    app: RunningApp
    pair_channel: str
    marks: list[tuple[int, str]] = field(default_factory=list)  # (first call, actor)

    @contextmanager
    def acting(self, user: str) -> Iterator[None]:
        self.marks.append((len(self.app.fake.calls), user))
        yield
        self.marks.append((len(self.app.fake.calls), ""))

    def actor_at(self, index: int) -> str:
        actor = ""
        for start, who in self.marks:
            if start > index:
                break
            actor = who
        return actor

    def audience(self, index: int, call: Call) -> set[str]:
        people = (MENTOR, MENTEE, OWNER, CAL)
        dms = {self.app.fake.dm_with(p): p for p in people}
        if call.method.startswith("views.") and call.method != "views.publish":
            return {self.actor_at(index) or "nobody known"}
        if call.method == "response_url":
            return {self.actor_at(index) or "nobody known"}
        if call.method == "views.publish":
            return {str(call.args.get("user_id"))}
        channel = str(call.args.get("channel") or call.args.get("channel_id") or "")
        if channel == self.pair_channel:
            return {MENTOR, MENTEE}
        if channel in people:
            return {channel}
        if channel in dms:
            return {dms[channel]}
        return {f"{call.method} in {channel or 'no channel'}"}


def _seen(watch: Watch) -> dict[str, list[tuple[int, set[str]]]]:
    """Each marker: (call index, audience) of every call or file that holds it."""
    markers = [
        *REFLECTION.values(),
        *NOTE.values(),
        ASSESSMENT,
        HANDOVER,
        *(m for parts in FEEDBACK.values() for m in parts.values()),
    ]
    found: dict[str, list[tuple[int, set[str]]]] = {m: [] for m in markers}
    calls = list(watch.app.fake.calls)
    for index, call in enumerate(calls):
        text = json.dumps(call.args, default=str)
        for marker in markers:
            if marker in text:
                found[marker].append((index, watch.audience(index, call)))
    people = {watch.app.fake.dm_with(p): p for p in (MENTOR, MENTEE, OWNER, CAL)}
    for upload in watch.app.fake.uploads.values():
        content = (upload.data or b"").decode("utf-8", "replace") + str(upload.title)
        shared = next(
            (
                i
                for i, c in enumerate(calls)
                if c.method == "files.completeUploadExternal" and upload.file_id in str(c.args)
            ),
            len(calls),
        )
        for marker in markers:
            if marker in content:
                who = people.get(str(upload.channel), f"file in {upload.channel}")
                found[marker].append((shared, {who}))
    return found


def _owner_in_berlin(app: RunningApp) -> None:
    with app.tandem.sessions.begin() as session:
        factories.member(session, OWNER, tz="Europe/Berlin", now=CREATED)
        session.add(Owner(team_id="T0001", user_id=OWNER, added_at=CREATED))


def _answer(app: RunningApp, user: str, text: str) -> str:
    before = len(app.fake.calls_to("response_url"))
    app.driver.command(user, text)
    return str(app.fake.wait_for("response_url", count=before + 1)[-1].args.get("text"))


def _look_around(watch: Watch, when: datetime) -> None:
    """Every owner command, `help`, and each person's Home tab, at `when`."""
    app = watch.app
    app.tandem.clock.at = when  # type: ignore[attr-defined]
    with watch.acting(OWNER):
        for text in ("status", f"status <@{MENTEE}|ben>", f"status <@{MENTOR}|ana>", "pairs"):
            _answer(app, OWNER, text)
        files = len(app.fake.files_in(app.fake.dm_with(OWNER)))
        _answer(app, OWNER, "report")
        wait_until(
            lambda: app.fake.files_in(app.fake.dm_with(OWNER)),
            lambda f: len(f) == files + 2,
            what="the report's two files",
        )
        before = len(app.fake.calls_to("views.open"))
        app.driver.command(OWNER, "settings")
        app.fake.wait_for("views.open", count=before + 1)
    for user in (OWNER, MENTOR, MENTEE, CAL):
        with watch.acting(user):
            _answer(app, user, "help")
            if user != OWNER:
                _answer(app, user, "status")
                files = len(app.fake.files_in(app.fake.dm_with(user)))
                _answer(app, user, "my-data")
                wait_until(
                    lambda: len(app.fake.files_in(app.fake.dm_with(user))),  # noqa: B023
                    lambda n: n > files,  # noqa: B023
                    what=f"the my-data file of {user}",
                )
            _open_home(app, user)


def _give_feedback(watch: Watch, user: str) -> None:
    app = watch.app
    with watch.acting(user):
        view = open_from(app, user, posts(app, user, "feedback_nudge")[-1])
        give(app, user, view, FEEDBACK[user])


def _open_home(app: RunningApp, user: str) -> None:
    published = len(app.fake.calls_to("views.publish", user_id=user))
    app.driver.event({"type": "app_home_opened", "user": user, "tab": "home"})
    app.fake.wait_for("views.publish", lambda c: c.args["user_id"] == user, count=published + 1)


def _modal_from_dm(app: RunningApp, user: str, kind: str, action_id: str) -> dict[str, Any]:
    """Click `action_id` on the newest DM of `kind` this person got; the modal it opened."""
    message = dm_of(app, posts(app, user, kind)[-1])
    before = len(app.fake.calls_to("views.open"))
    app.driver.block_action(
        user,
        action_id,
        value=str(button(message, action_id)["value"]),
        channel=message["channel"],
        message_ts=message["ts"],
    )
    return open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])


def _note(watch: Watch, user: str) -> None:
    """The receiver keeps a private note on the feedback delivered to them."""
    with watch.acting(user):
        view = _modal_from_dm(watch.app, user, "feedback_delivery", "feedback_note")
        note = state(feedback_note_text=text_value(NOTE[user] + " keep calm"))
        assert watch.app.driver.view_submission(user, view, note).status == 200


def _self_assessment(watch: Watch) -> None:
    with watch.acting(MENTEE):
        view = _modal_from_dm(watch.app, MENTEE, "self_assessment", "self_assessment_open")
        goal = next(b["block_id"] for b in view["blocks"] if b["type"] == "input").split(":")[1]
        values = state(
            **{
                f"assess_progress:{goal}": select_value("40"),
                f"assess_note:{goal}": text_value(ASSESSMENT + " drafted the agenda"),
            }
        )
        answer = watch.app.driver.view_submission(MENTEE, view, values).json()
        assert answer["response_action"] == "update"


def _handover(watch: Watch) -> None:
    """Ana logs knowledge transfer with `/mentor handover` in the pair channel."""
    app = watch.app
    with watch.acting(MENTOR):
        before = len(app.fake.calls_to("views.open"))
        app.driver.command(MENTOR, "handover", channel=watch.pair_channel)
        view = open_view(app, app.fake.wait_for("views.open", count=before + 1)[-1])
        blocks = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
        area, how = (
            blocks[b]["element"]["options"][0]["value"] for b in ("handover_area", "handover_how")
        )
        values = state(
            handover_shared=text_value(HANDOVER + " how the forecast is built"),
            handover_area=select_value(area),
            handover_how=select_value(how),
        )
        assert app.driver.view_submission(MENTOR, view, values).status == 200
        app.fake.wait_for("chat.postMessage", lambda c: HANDOVER in str(c.args.get("text")))


def test_private_words_reach_only_their_author_and_the_revealed_receiver(app: RunningApp) -> None:
    _, channel = seed_pair(app, goals=GOALS)
    assert channel is not None
    app.fake.add_user(CAL, "cal", tz="Asia/Tokyo")
    _owner_in_berlin(app)
    watch = Watch(app, channel)

    until(app, CREATED, utc(2027, 1, 12, 9), utc(2027, 1, 12, 15))  # both check-ins are out
    app.tandem.clock.at = utc(2027, 1, 12, 16)  # type: ignore[attr-defined]
    with watch.acting(MENTOR):
        app.driver.direct_message(MENTOR, REFLECTION[MENTOR] + " I listened more.")
        eventually(app, MENTOR, lambda c: c.reflection is not None)
    with watch.acting(MENTEE):
        checkin = checkin_of(app, MENTEE)
        submit_reflection(app, MENTEE, open_reflection(app, MENTEE, checkin), REFLECTION[MENTEE])
        eventually(app, MENTEE, lambda c: c.reflection is not None)
        open_reflection(app, MENTEE, checkin)  # shown again to its author, prefilled
    _self_assessment(watch)
    _handover(watch)
    _look_around(watch, utc(2027, 1, 12, 17))

    until(app, MONDAYS[1], utc(2027, 1, 19, 9), utc(2027, 1, 19, 15))
    until(app, utc(2027, 1, 20, 9), utc(2027, 1, 20, 15))  # the feedback nudges
    _give_feedback(watch, MENTOR)  # held until Ben gives his
    _look_around(watch, utc(2027, 1, 20, 16))
    revealed = len(app.fake.calls)
    _give_feedback(watch, MENTEE)  # both revealed
    until(app, utc(2027, 1, 20, 17), utc(2027, 1, 21, 9), utc(2027, 1, 21, 15))
    for user in (MENTOR, MENTEE):
        _note(watch, user)
    _look_around(watch, utc(2027, 1, 21, 16))
    when = utc(2027, 1, 21, 16)
    while when < utc(2027, 2, 10):
        when += timedelta(hours=6)
        until(app, *(m for m in MONDAYS if when - timedelta(hours=6) < m <= when), when)
    _look_around(watch, when)

    seen = _seen(watch)
    audience = {m: {who for _, people in found for who in people} for m, found in seen.items()}
    for user in (MENTOR, MENTEE):
        assert audience[REFLECTION[user]] <= {user}, seen[REFLECTION[user]]
        assert audience[NOTE[user]] <= {user}, seen[NOTE[user]]
        for marker in FEEDBACK[user].values():
            assert audience[marker] <= {user, PARTNER[user]}, seen[marker]
            assert PARTNER[user] in audience[marker]  # delivered: the scan does find it
    assert audience[ASSESSMENT] <= {MENTEE}, seen[ASSESSMENT]
    assert audience[HANDOVER] == {MENTOR, MENTEE}, seen[HANDOVER]
    # Shown back to their authors (the modal again, prefilled; `/mentor my-data`): the scan
    # does find them where they are allowed.
    for user in (MENTOR, MENTEE):
        assert audience[REFLECTION[user]] == {user}, seen[REFLECTION[user]]
        assert audience[NOTE[user]] == {user}, seen[NOTE[user]]
    assert audience[ASSESSMENT] == {MENTEE}, seen[ASSESSMENT]
    for marker in FEEDBACK[MENTOR].values():  # held: Ben saw none of it before his own
        assert all(index >= revealed for index, people in seen[marker] if MENTEE in people)
