"""Installing Tandem in another workspace by OAuth, end to end against the fake Slack:
/slack/install -> Slack's authorize page -> /slack/oauth_redirect -> oauth.v2.access ->
the installation stored -> that workspace's requests served with its own token."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from http.client import HTTPResponse
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import Engine, select

from bot.bootstrap import build_tandem
from bot.clock import FixedClock, VirtualTicker
from bot.context import Tandem
from bot.delivery.outbox import deliver_due
from bot.models import Delivery, Feedback, Owner, bots_table
from bot.sandbox import FakeSlack
from bot.settings import Settings
from bot.slack.installations import Installations
from tests.support import factories
from tests.support.deliveries import NOW, plan_note, posted_keys
from tests.support.runner import RunningApp, run_in_thread
from tests.support.waiting import wait_until

CLIENT_ID, CLIENT_SECRET = "1111.2222", "client-secret-for-tests"
STATE_SECRET = "state-secret-for-tests-0123456789"
TEAM_B, ADMIN_B, PERSON_B = "T0BETA01", "UADMINB01", "UPERSONB1"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # show us the 302 instead of following it


def _get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        response: HTTPResponse = opener.open(request)
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()
    return (
        response.status,
        {k.lower(): v for k, v in response.headers.items()},
        response.read().decode(),
    )


@pytest.fixture
def oauth_app(
    settings: Settings,
    engine: Engine,
    clock: FixedClock,
    ticker: VirtualTicker,
    fake_slack: FakeSlack,
) -> Iterator[RunningApp]:
    fake_slack.configure_app(CLIENT_ID, CLIENT_SECRET)
    fake_slack.add_user(PERSON_B, "bea", team_id=TEAM_B)
    oauth = replace(
        settings,
        slack_bot_token=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_state_secret=STATE_SECRET,
    )
    tandem = build_tandem(oauth, engine=engine, clock=clock, ticker=ticker)
    assert isinstance(tandem.workspaces, Installations)
    running = run_in_thread(tandem, fake_slack)
    yield running
    running.stop()


def _install(app: RunningApp, team: str, installer: str) -> tuple[int, str]:
    status, headers, _ = _get(app.url + "/slack/install")
    assert status == 302
    location = headers["location"]
    state = parse_qs(urlsplit(location).query)["state"][0]
    cookie = headers["set-cookie"].split(";")[0]  # the browser keeps Bolt's state cookie
    code = app.fake.approve_install(location, team_id=team, installer=installer)
    query = urlencode({"code": code, "state": state})
    status, _, page = _get(f"{app.url}/slack/oauth_redirect?{query}", cookie=cookie)
    return status, page


def _stored_tokens(tandem: Tandem, team: str) -> list[str]:
    with tandem.engine.connect() as conn:
        rows = conn.execute(select(bots_table.c.bot_token).where(bots_table.c.team_id == team))
        return [str(token) for (token,) in rows]


def test_an_install_is_stored_and_the_workspace_served_with_its_token(
    oauth_app: RunningApp,
) -> None:
    app, fake = oauth_app, oauth_app.fake
    status, page = _install(app, TEAM_B, ADMIN_B)

    assert status == 200 and "slack://app?team=" + TEAM_B in page
    [exchange] = fake.calls_to("oauth.v2.access")
    assert exchange.ok and exchange.args["client_id"] == CLIENT_ID
    token = exchange.response["access_token"]
    assert _stored_tokens(app.tandem, TEAM_B) == [token]

    for _ in range(2):
        assert (
            app.driver.event({"type": "app_home_opened", "user": PERSON_B}, team=TEAM_B).status
            == 200
        )
    publishes = fake.wait_for("views.publish", count=2)
    assert {call.token for call in publishes} == {token}
    assert {call.args["user_id"] for call in publishes} == {PERSON_B}
    # Bolt asked auth.test once, for the new token's bot_id; requests cost none.
    assert len(fake.calls_to("auth.test")) == 1
    assert isinstance(app.tandem.workspaces, Installations)
    assert app.tandem.workspaces.lookups == 1
    with urllib.request.urlopen(app.url + "/healthz") as response:
        assert json.loads(response.read())["slack"] == {TEAM_B: {"ok": True}}


def test_a_state_not_issued_here_or_used_twice_is_refused(oauth_app: RunningApp) -> None:
    app, fake = oauth_app, oauth_app.fake
    _, headers, _ = _get(app.url + "/slack/install")
    location = headers["location"]
    state = parse_qs(urlsplit(location).query)["state"][0]
    cookie = headers["set-cookie"].split(";")[0]
    forged = state.rsplit(".", 1)[0] + ".0000"
    code = fake.approve_install(location, team_id=TEAM_B, installer=ADMIN_B)
    # Bolt's failure page: 401 for a state the store refuses, 400 without the state's cookie.
    for bad_state, bad_cookie, expected in (
        (forged, f"slack-app-oauth-state={forged}", 401),
        (state, None, 400),
    ):
        query = urlencode({"code": code, "state": bad_state})
        status, _, _ = _get(f"{app.url}/slack/oauth_redirect?{query}", cookie=bad_cookie)
        assert status == expected
    assert fake.calls_to("oauth.v2.access") == []
    ok, _, _ = _get(
        f"{app.url}/slack/oauth_redirect?{urlencode({'code': code, 'state': state})}", cookie
    )
    assert ok == 200
    again, _, _ = _get(
        f"{app.url}/slack/oauth_redirect?{urlencode({'code': code, 'state': state})}", cookie
    )
    assert again == 401  # the state was consumed
    assert _stored_tokens(app.tandem, TEAM_B) != []


def test_uninstall_removes_the_tokens_and_stops_the_workspaces_deliveries(
    oauth_app: RunningApp,
) -> None:
    app, tandem = oauth_app, oauth_app.tandem
    assert _install(app, TEAM_B, ADMIN_B)[0] == 200
    plan_note(tandem, "note:b", PERSON_B, due=NOW)
    with tandem.sessions.begin() as session:
        session.execute(Delivery.__table__.update().values(team_id=TEAM_B))

    assert app.driver.event({"type": "app_uninstalled"}, team=TEAM_B).status == 200

    wait_until(lambda: _stored_tokens(tandem, TEAM_B) == [])
    with tandem.sessions() as session:
        wait_until(lambda: session.scalar(select(Delivery.state)) == "skipped")
    assert app.fake.calls_to("chat.postMessage") == []
    # Installed again: served again, with the new token.
    assert _install(app, TEAM_B, ADMIN_B)[0] == 200
    assert len(_stored_tokens(tandem, TEAM_B)) == 1


def test_a_refused_token_holds_only_its_own_workspace(oauth_app: RunningApp) -> None:
    app, tandem, fake = oauth_app, oauth_app.tandem, oauth_app.fake
    team_c, person_c = "T0GAMMA1", "UPERSONC1"
    fake.add_user(person_c, "cai", team_id=team_c)
    assert _install(app, TEAM_B, ADMIN_B)[0] == 200
    assert _install(app, team_c, "UADMINC01")[0] == 200
    plan_note(tandem, "note:b", PERSON_B, due=NOW)
    plan_note(tandem, "note:c", person_c, due=NOW)
    with tandem.sessions.begin() as session:
        for key, team in (("note:b", TEAM_B), ("note:c", team_c)):
            session.execute(
                Delivery.__table__.update().where(Delivery.key == key).values(team_id=team)
            )
    fake.uninstall(TEAM_B)  # Slack answers token_revoked; the event has not arrived (yet)

    report = deliver_due(tandem, NOW)

    assert report.refused == {TEAM_B: "token_revoked"}
    assert posted_keys(fake) == ["note:c"]
    with tandem.sessions() as session:
        states = dict(session.execute(select(Delivery.key, Delivery.state)).all())
    assert states == {"note:b": "planned", "note:c": "sent"}
    with urllib.request.urlopen(app.url + "/healthz") as response:
        slack = json.loads(response.read())["slack"]
    assert slack[TEAM_B]["token_error"] == "token_revoked" and slack[team_c] == {"ok": True}


def test_one_workspace_sees_nothing_of_another(oauth_app: RunningApp) -> None:
    """Someone in two workspaces of one organisation (one user ID, as in Enterprise Grid) is
    a mentee in workspace A and a program owner in workspace B: nothing Tandem shows them in
    B (status, pairs, their data, the Home tab) comes from A."""
    app, fake, tandem = oauth_app, oauth_app.fake, oauth_app.tandem
    team_a, mentor_a, shared = "T0ALPHA01", "UMENTORA1", "USHARED01"
    marker = "MARKER-other-workspace"
    fake.add_user(mentor_a, "ari", team_id=team_a)
    fake.add_user(shared, "sam", team_id=team_a)
    assert _install(app, team_a, mentor_a)[0] == 200
    assert _install(app, TEAM_B, ADMIN_B)[0] == 200
    installed = len(fake.calls)
    with tandem.sessions.begin() as session:
        mentor = factories.member(session, mentor_a, team_id=team_a, now=NOW)
        mentee = factories.member(session, shared, team_id=team_a, now=NOW)
        pair = factories.pair(session, mentor, mentee, now=NOW, channel_id="CPAIRALPHA")
        session.add(
            Feedback(
                team_id=team_a,
                pair_id=pair.id,
                from_member_id=mentor.id,
                to_member_id=mentee.id,
                situation=f"{marker} situation",
                behaviour=f"{marker} behaviour",
                impact=f"{marker} impact",
                delivered=True,
                created_at=NOW,
            )
        )
        session.add(Owner(team_id=TEAM_B, user_id=shared, added_at=NOW))

    seen: list[str] = []
    for text in ("status", "pairs", f"status <@{mentor_a}|ari>", "my-data"):
        before = len(fake.calls_to("response_url"))
        assert app.driver.command(shared, text, team=TEAM_B).status == 200
        answer = fake.wait_for("response_url", count=before + 1)[-1].args
        seen.append(json.dumps(answer))
    assert "0 active" in seen[0] or "No pairs" in seen[0] or "no pairs" in seen[0].lower()
    upload = wait_until(
        lambda: fake.files_in(fake.dm_with(shared)), lambda f: len(f) == 1, what="a file"
    )[0]
    export = json.loads((upload.data or b"").decode("utf-8"))
    assert export["data"]["pairs"]["pairs"] == []
    assert export["data"]["feedback"]["feedback_received"] == []
    seen.append(json.dumps(export))
    assert app.driver.event({"type": "app_home_opened", "user": shared}, team=TEAM_B).status == 200
    [home] = fake.wait_for("views.publish")
    seen.append(json.dumps(home.args))

    b_token = _stored_tokens(tandem, TEAM_B)[0]
    # Every call made for B's requests carried B's token.
    assert {c.token for c in fake.calls[installed:] if c.token} == {b_token}
    assert "nothing to show" in seen[2]  # B knows no pair of the person A knows
    for shown in seen:
        assert marker not in shown and "CPAIRALPHA" not in shown
    for shown in seen[:2] + seen[3:]:
        assert mentor_a not in shown
