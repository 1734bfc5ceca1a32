"""What reaches /slack/events unsigned, stale or malformed is refused and changes nothing."""

import json
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select

from bot.models import AuditEntry
from tests.support.driver import sign
from tests.support.runner import RunningApp

FORM = "application/x-www-form-urlencoded"


def test_health_reports_the_database(app: RunningApp) -> None:
    with urllib.request.urlopen(app.url + "/healthz") as response:
        assert response.status == 200
        body = json.loads(response.read())
    assert (body["ok"], body["database"]) == (True, "ok")
    assert body["scheduler"] == {"ok": False, "last_pass": None, "overdue": 0}  # no pass yet


def test_a_bad_signature_gets_401(app: RunningApp) -> None:
    response = app.driver.post(b"command=/mentor&text=help", FORM, signature="v0=" + "0" * 64)
    assert response.status == 401
    assert app.fake.calls == []


def test_a_stale_request_gets_401(app: RunningApp) -> None:
    old = int(time.time()) - 60 * 10
    body = b"command=/mentor&text=help&user_id=U1&team_id=T1"
    response = app.driver.post(
        body, FORM, signature=sign("test-signing-secret", body, old), timestamp=old
    )
    assert response.status == 401


def test_a_missing_signature_gets_401(app: RunningApp) -> None:
    request = urllib.request.Request(app.url + "/slack/events", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request)
    assert error.value.code == 401


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"type": "event_callback", ', "application/json"),
        (b"payload=%7B%22type%22%3A%20broken", FORM),
        (b"\xff\xfe\xfa not utf-8", FORM),
    ],
)
def test_signed_but_malformed_bodies_get_400(
    app: RunningApp, body: bytes, content_type: str
) -> None:
    response = app.driver.post(body, content_type)
    assert response.status == 400
    with app.tandem.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0
    assert app.fake.calls == []


def test_unknown_paths_are_404(app: RunningApp) -> None:
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(app.url + "/admin")
    assert error.value.code == 404


def test_url_verification_is_answered(app: RunningApp) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    response = app.driver.post(body, "application/json")
    assert response.status == 200
    assert "abc123" in response.body
