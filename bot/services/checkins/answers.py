"""Answering a check-in from its DM: the pulse, goal progress, sharing, skip and remind.

Every function checks that the click is the person's own, still-current check-in; anything
else gets a short explanation and changes nothing. An answer updates the one row of that
check-in (a second click changes it, never adds another) and the DM is updated to match.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.domain.schedule import reminder_at
from bot.domain.states import CheckInState, Role
from bot.models import CheckIn, Goal
from bot.results import Result, done, reply
from bot.services.checkins.access import Found, find_for_action
from bot.services.checkins.cards import card_for, local_label
from bot.services.checkins.publish import DmRefresh, dm_refresh, publish_share
from bot.services.checkins.sent import cancel_reminder, plan_reminder
from bot.slack.origin import Origin
from bot.slack.views.checkins import reminder_message


def refusal(tandem: Tandem, reason: str, action: str = "change") -> Result:
    """The short explanation for a click that changes nothing (see checkins/refused.j2)."""
    return reply(text=tandem.composer.render("checkins/refused.j2", reason=reason, action=action))


def mark_answered(session: Session, checkin: CheckIn, now: datetime) -> None:
    """The check-in counts as answered from the first answer on; its reminder is cancelled."""
    if checkin.state in (CheckInState.OPEN, CheckInState.SKIPPED):
        checkin.state = CheckInState.ANSWERED
    checkin.answered_at = checkin.answered_at or now
    cancel_reminder(session, checkin, "answered")


def _refresh(tandem: Tandem, session: Session, found: Found) -> DmRefresh:
    return dm_refresh(tandem, session, found.checkin, found.member, found.pair)


def record_pulse(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    checkin_id: int | None,
    pulse: int,
    now: datetime,
    origin: Origin | None = None,
) -> Result:
    """A click on the trust pulse (1 to 5); `origin`: the DM it came from, if it did."""
    with tandem.sessions.begin() as session:
        found = find_for_action(session, checkin_id, team_id=team_id, user_id=user_id)
        if isinstance(found, str):
            return refusal(tandem, found)
        found.checkin.pulse, found.checkin.pulse_at = pulse, now
        mark_answered(session, found.checkin, now)
        refresh = _refresh(tandem, session, found)
    refresh.send(tandem, origin)
    return done()


def record_goal(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    checkin_id: int | None,
    goal_id: int,
    percent: int,
    now: datetime,
    origin: Origin | None = None,
) -> Result:
    """A goal's progress chosen in the mentee's check-in."""
    if checkin_id is None:
        return refusal(tandem, "missing")
    with tandem.sessions.begin() as session:
        found = find_for_action(session, checkin_id, team_id=team_id, user_id=user_id)
        if isinstance(found, str):
            return refusal(tandem, found)
        goal = session.get(Goal, goal_id)
        allowed = tandem.composer.data("checkins/labels.toml")["percents"]
        if goal is None or goal.pair_id != found.pair.id or found.checkin.role != Role.MENTEE:
            return refusal(tandem, "foreign")
        if percent not in allowed:
            return refusal(tandem, "missing")
        found.checkin.goal_progress = {**found.checkin.goal_progress, str(goal.id): percent}
        goal.progress, goal.updated_at = percent, now
        mark_answered(session, found.checkin, now)
        refresh = _refresh(tandem, session, found)
    refresh.send(tandem, origin)
    return done()


def set_sharing(
    tandem: Tandem,
    *,
    team_id: str,
    user_id: str,
    checkin_id: int | None,
    share: bool,
    now: datetime,
    origin: Origin | None = None,
) -> Result:
    """The 'share with my partner' box in the DM; sharing posts a saved reflection at once."""
    with tandem.sessions.begin() as session:
        found = find_for_action(session, checkin_id, team_id=team_id, user_id=user_id)
        if isinstance(found, str):
            return refusal(tandem, found)
        error: str | None = None
        if share and found.pair.channel_id is None:
            error = "no_channel"  # the refreshed DM puts the box back to unticked
        else:
            found.checkin.shared = share
            error = publish_share(tandem, session, found.checkin, found.member, found.pair)
        refresh = _refresh(tandem, session, found)
    refresh.send(tandem, origin)
    if error:
        shown = None if error == "no_channel" else error
        return reply(text=tandem.composer.render("checkins/share_failed.j2", error=shown))
    return done()


def skip_week(
    tandem: Tandem, *, team_id: str, user_id: str, checkin_id: int | None, now: datetime
) -> Result:
    """'Skip this week': no reminder, and the DM says when the next check-in comes."""
    with tandem.sessions.begin() as session:
        found = find_for_action(session, checkin_id, team_id=team_id, user_id=user_id)
        if isinstance(found, str):
            return refusal(tandem, found)
        if found.checkin.state == CheckInState.ANSWERED:
            return refusal(tandem, "answered", action="skip")
        found.checkin.state = CheckInState.SKIPPED
        cancel_reminder(session, found.checkin, "skipped this week")
        refresh = _refresh(tandem, session, found)
    refresh.send(tandem)
    return done()


def remind_tomorrow(
    tandem: Tandem, *, team_id: str, user_id: str, checkin_id: int | None, now: datetime
) -> Result:
    """'Remind me tomorrow': replaces the pending reminder (it never adds a second one)."""
    with tandem.sessions.begin() as session:
        found = find_for_action(session, checkin_id, team_id=team_id, user_id=user_id)
        if isinstance(found, str):
            return refusal(tandem, found)
        checkin, member = found.checkin, found.member
        if checkin.state != CheckInState.OPEN:
            return refusal(tandem, checkin.state, action="remind you about")
        when = reminder_at(now, member.tz)
        if checkin.remind_at != when:
            cancel_reminder(session, checkin, "replaced by 'remind me tomorrow'")
            checkin.remind_at = when
            card = card_for(session, tandem.composer, checkin, member=member, pair=found.pair)
            text, blocks = reminder_message(tandem.composer, card)
            plan_reminder(session, checkin, member.user_id, {"text": text, "blocks": blocks})
    return reply(
        text=tandem.composer.render(
            "checkins/remind_ok.j2", when=local_label(tandem.composer, when, member.tz)
        )
    )
