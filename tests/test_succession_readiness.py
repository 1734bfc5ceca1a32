"""Readiness rounds, end to end: monthly with the check-ins, blind until both sides are in,
then side by side with the areas two points apart highlighted; a round closes after 14
days; the owner's readiness figures match what the test computes from the raw rows; and
"ready for the role" is celebrated once, with a shoutout."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.models import Handover, ReadinessRating, ReadinessRound, SuccessionPlan
from tests.support.celebrations import (
    celebrated,
    command_reply,
    make_pair,
    milestones,
    of_kind,
    set_shoutout_channel,
)
from tests.support.checkins import CREATED, MENTEE, MENTOR, seed_pair, tick, utc
from tests.support.constants import OWNER
from tests.support.flows import CAL, reply
from tests.support.runner import RunningApp
from tests.support.succession import (
    handover_values,
    log_by_command,
    open_role,
    open_round,
    rate,
    readiness_dms,
    role_values,
    submit,
)

AREAS = ["Decision making", "Team leadership", "Budget ownership"]
DEFAULT = [
    "Stakeholder relationships",
    "Decision making",
    "Team leadership",
    "Domain knowledge",
    "Strategic thinking",
    "Running key processes",
]
FIRST_TUESDAY = utc(2027, 1, 12)


def _name_role(app: RunningApp, mentor: str, mentee: str, role: str, *areas: str) -> None:
    view = open_role(app, OWNER, f"role <@{mentor}> <@{mentee}>")
    known = [a for a in areas if a in DEFAULT]
    other = "\n".join(a for a in areas if a not in DEFAULT)
    assert submit(app, OWNER, view, role_values(role, *known, other=other))["response_action"]


def _weeks(app: RunningApp, start: datetime, end: datetime) -> None:
    """A pass at each Tuesday's check-in times (Berlin 10:00, New York 10:00) up to `end`."""
    day = start
    while day <= end:
        tick(app, day.replace(hour=9))
        tick(app, day.replace(hour=15))
        day += timedelta(weeks=1)


def _at(app: RunningApp, when: datetime) -> None:
    app.tandem.clock.at = when  # type: ignore[attr-defined]


def _both_rate(app: RunningApp, round_no: int, mentee: dict, mentor: dict) -> None:
    for user, scores in ((MENTEE, mentee), (MENTOR, mentor)):
        message = readiness_dms(app, user)[round_no - 1]
        assert rate(app, user, open_round(app, user, message), scores)["response_action"]


def _expected_status(app: RunningApp) -> list[str]:
    """The owner's figures, computed here from the raw rows."""
    with app.tandem.sessions() as session:
        plans = session.scalars(select(SuccessionPlan).order_by(SuccessionPlan.pair_id)).all()
        rounds = session.scalars(select(ReadinessRound)).all()
        ratings = session.scalars(select(ReadinessRating)).all()
        logged = Counter(h.area for h in session.scalars(select(Handover)))
    by_round: dict[int, dict[str, dict]] = {}
    for rating in ratings:
        by_round.setdefault(rating.round_id, {})[str(rating.role)] = dict(rating.ratings)
    roles: dict[str, list] = {}
    for plan in plans:
        both = [r for r in rounds if r.pair_id == plan.pair_id and len(by_round.get(r.id, {})) == 2]
        band = "not rated yet"
        if both:
            latest = max(both, key=lambda r: r.number)
            sides = by_round[latest.id]
            ready = all(
                sides["mentee"].get(a, 0) >= 4 and sides["mentor"].get(a, 0) >= 4
                for a in latest.areas
            )
            band = "ready" if ready else "progressing"
        entry = roles.setdefault(plan.target_role.casefold(), [plan.target_role, Counter()])
        entry[1][band] += 1
    lines = [
        f"• {name}: {c['ready']} ready, {c['progressing']} progressing, "
        f"{c['not rated yet']} not rated yet"
        for name, c in sorted(roles.values(), key=lambda e: e[0].casefold())
    ]
    every = {a.casefold(): a for plan in plans for a in plan.areas}
    every.update({a.casefold(): a for a in DEFAULT})
    least = sorted(every.values(), key=lambda a: (logged.get(a, 0), a.casefold()))[:3]
    ordered = sorted(logged.items(), key=lambda item: (-item[1], item[0].casefold()))
    lines.append("• Knowledge transfer logged: " + ", ".join(f"{a} {n}" for a, n in ordered))
    lines.append(
        "• Least transfer so far: " + ", ".join(f"{a} ({logged.get(a, 0)})" for a in least)
    )
    return lines


def test_blind_rounds_revealed_side_by_side_and_ready_for_the_role_once(
    app: RunningApp,
) -> None:
    wins = app.fake.add_channel("mentoring-wins")
    set_shoutout_channel(app, wins)
    pair_id, channel = seed_pair(app)
    assert channel is not None
    _, other_channel = make_pair(app, "UMENTOR02", "UMENTEE02")
    make_pair(app, "UMENTOR03", "UMENTEE03")
    _name_role(app, MENTOR, MENTEE, "Head of Operations", *AREAS)
    _name_role(app, "UMENTOR02", "UMENTEE02", "head of operations", *DEFAULT[:2])
    _name_role(app, "UMENTOR03", "UMENTEE03", "Finance Lead", "Budget ownership", "Forecasting")
    tick(app, CREATED)

    # Round 1 comes with each member's January check-in.
    tick(app, FIRST_TUESDAY.replace(hour=9))  # 10:00 in Berlin: the mentor's check-in
    assert len(readiness_dms(app, MENTOR)) == 1 and readiness_dms(app, MENTEE) == []
    tick(app, FIRST_TUESDAY.replace(hour=15))  # 10:00 in New York: the mentee's
    [prompt] = readiness_dms(app, MENTEE)
    assert "round 1" in prompt["text"] and "Head of Operations" in prompt["text"]

    _at(app, utc(2027, 1, 13, 10))
    view = open_round(app, MENTEE, prompt)
    assert [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"] == AREAS
    assert "errors" in rate(app, MENTEE, view, {AREAS[0]: "7"})  # outside 1-5
    assert "errors" in rate(app, MENTEE, view, {a: None for a in AREAS})  # nothing rated
    waiting = rate(app, MENTEE, view, {AREAS[0]: "2", AREAS[1]: "4", AREAS[2]: None})
    assert "stay hidden" in waiting["view"]["blocks"][0]["text"]["text"]
    forged = rate(app, CAL, view, {AREAS[0]: "5"})  # someone outside the pair
    assert "Only the mentor and the mentee" in next(iter(forged["errors"].values()))
    before = len(app.fake.calls_to("response_url"))
    app.driver.block_action(
        CAL,
        "readiness_open",
        value=str(prompt["blocks"][1]["elements"][0]["value"]),
        channel=app.fake.dm_with(CAL),
        message_ts="1.0",
    )
    assert "Only" in reply(app, before + 1)["text"]
    tick(app, utc(2027, 1, 13, 11))
    assert readiness_dms(app, MENTOR, "readiness_reveal") == []  # blind: one side is in
    assert readiness_dms(app, MENTEE, "readiness_reveal") == []

    mentor_view = open_round(app, MENTOR, readiness_dms(app, MENTOR)[0])
    both = rate(app, MENTOR, mentor_view, {AREAS[0]: "4", AREAS[1]: "4", AREAS[2]: "3"})
    assert "both rated" in both["view"]["blocks"][0]["text"]["text"]
    replay = rate(app, MENTEE, view, {AREAS[0]: "5"})
    assert "already" in next(iter(replay["errors"].values()))
    tick(app, utc(2027, 1, 13, 12))
    for user in (MENTOR, MENTEE):
        [shown] = readiness_dms(app, user, "readiness_reveal")
        text = shown["text"]
        assert f"*Decision making*: <@{MENTEE}> 2/5 · <@{MENTOR}> 4/5 :speech_balloon:" in text
        assert f"*Team leadership*: <@{MENTEE}> 4/5 · <@{MENTOR}> 4/5\n" in text
        assert f"*Budget ownership*: <@{MENTEE}> not rated · <@{MENTOR}> 3/5" in text
        assert "*Worth talking about next time:* Decision making." in text

    # Knowledge handed over in two pairs, and the owner's view of it all.
    log_by_command(app, MENTOR, channel, handover_values("Board pack", AREAS[0], "conversation"))
    log_by_command(app, MENTEE, channel, handover_values("1:1 notes", AREAS[0], "shadowing"))
    log_by_command(
        app, "UMENTEE02", other_channel, handover_values("Team plan", DEFAULT[1], "document")
    )
    status = command_reply(app, OWNER, "status")
    assert "*Succession readiness*" in status
    for line in _expected_status(app):
        assert line in status, (line, status)
    assert "Board pack" not in status and "2/5" not in status  # counts only, never notes
    assert f"<@{MENTOR}> and <@{MENTEE}>: progressing" in status

    # Rounds 2 and 3: both rate every area 4 or more, two months in a row.
    ready = {a: "4" for a in AREAS}
    _weeks(app, FIRST_TUESDAY + timedelta(weeks=1), utc(2027, 2, 2))
    assert len(readiness_dms(app, MENTEE)) == 2
    _at(app, utc(2027, 2, 3, 10))
    _both_rate(app, 2, ready, {**ready, AREAS[2]: "5"})
    _weeks(app, utc(2027, 2, 9), utc(2027, 3, 2))
    assert len(readiness_dms(app, MENTEE)) == 3
    assert "ready_for_role" not in celebrated(app, channel)
    _at(app, utc(2027, 3, 3, 10))
    _both_rate(app, 3, ready, ready)
    tick(app, utc(2027, 3, 3, 11))
    assert celebrated(app, channel).count("ready_for_role") == 1

    # Round 4: only the mentee rates; it closes after 14 days with the rest unrated.
    _weeks(app, utc(2027, 3, 9), utc(2027, 4, 6))
    _at(app, utc(2027, 4, 7, 10))
    message = readiness_dms(app, MENTEE)[3]
    rate(app, MENTEE, open_round(app, MENTEE, message), {AREAS[0]: "5"})
    _weeks(app, utc(2027, 4, 13), utc(2027, 4, 20))
    _at(app, utc(2027, 4, 21, 10))
    before = len(app.fake.calls_to("response_url"))
    value = str(readiness_dms(app, MENTOR)[3]["blocks"][1]["elements"][0]["value"])
    app.driver.block_action(
        MENTOR, "readiness_open", value=value, channel=app.fake.dm_with(MENTOR), message_ts="1.0"
    )
    assert "closed" in reply(app, before + 1)["text"]
    with app.tandem.sessions() as session:
        fourth = session.scalars(
            select(ReadinessRound).where(
                ReadinessRound.pair_id == pair_id, ReadinessRound.number == 4
            )
        ).one()
        given = session.scalars(
            select(ReadinessRating).where(ReadinessRating.round_id == fourth.id)
        ).all()
    assert fourth.state == "closed" and fourth.ready is None
    assert [(str(g.role), g.ratings) for g in given] == [("mentee", {AREAS[0]: 5})]

    # Rounds 5 and 6 ready again: the milestone is not recorded or celebrated twice.
    _weeks(app, utc(2027, 4, 27), utc(2027, 5, 4))
    _at(app, utc(2027, 5, 5, 10))
    _both_rate(app, 5, ready, ready)
    _weeks(app, utc(2027, 5, 11), utc(2027, 6, 1))
    _at(app, utc(2027, 6, 2, 10))
    _both_rate(app, 6, ready, ready)
    tick(app, utc(2027, 6, 2, 11))
    assert celebrated(app, channel).count("ready_for_role") == 1
    assert [m for m in milestones(app) if m[1] == "ready_for_role"] == [
        (pair_id, "ready_for_role", "")
    ]
    shoutouts = [m["text"] for m in of_kind(app, wins, "shoutout")]
    lines = [line for text in shoutouts for line in text.splitlines() if "next role" in line]
    assert lines == [
        f":rocket: <@{MENTEE}> is rated ready for their next role by themselves and by their "
        f"mentor <@{MENTOR}>."
    ]
    status = command_reply(app, OWNER, "status")
    for line in _expected_status(app):
        assert line in status, (line, status)
    assert f"<@{MENTOR}> and <@{MENTEE}>: ready" in status
