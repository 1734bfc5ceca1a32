"""`/mentor help`, unknown subcommands and owner-only commands, end to end."""

from tests.support.constants import OWNER
from tests.support.runner import RunningApp


def _reply(app: RunningApp, count: int = 1) -> dict:
    return app.fake.wait_for("response_url", count=count)[-1].args


def test_help_lists_what_a_member_may_use(app: RunningApp) -> None:
    response = app.driver.command("UMEMBER01", "help")
    assert response.status == 200
    reply = _reply(app)
    assert reply["response_type"] == "ephemeral"
    assert "`/mentor help`" in reply["text"]
    # someone in no pair: no pair commands, and no owner commands
    assert "/mentor status" not in reply["text"] and "/mentor pairs" not in reply["text"]
    assert "stays private" in reply["text"]


def test_an_owner_also_sees_the_owner_commands(app: RunningApp) -> None:
    app.driver.command(OWNER, "help")
    reply = _reply(app)
    assert "Owners: `/mentor status [@person]` shows the program at a glance" in reply["text"]
    assert "(program owners)" in reply["text"]


def test_empty_command_shows_help(app: RunningApp) -> None:
    app.driver.command("UMEMBER01", "")
    assert "`/mentor help`" in _reply(app)["text"]


def test_unknown_subcommand_is_answered_with_help(app: RunningApp) -> None:
    app.driver.command("UMEMBER01", "dance <@U999> &friends")
    reply = _reply(app)
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("Sorry, I don't know `/mentor dance`.")
    assert "`/mentor help`" in reply["text"]


def test_owner_commands_are_refused_to_others(app: RunningApp) -> None:
    app.driver.command("UMEMBER01", "pairs")
    reply = _reply(app)
    assert "for program owners" in reply["text"]
    assert "nothing was changed" in reply["text"]


def test_owner_sees_program_status(app: RunningApp) -> None:
    app.driver.command(OWNER, "status")
    text = _reply(app)["text"]
    assert "Pairs: 0 active, 0 paused, 0 ended, 0 completed; 0 new this month" in text
    assert "Check-ins answered in the last 4 periods: none sent yet" in text
    assert "Pairs that need attention:* none right now." in text


def test_home_tab_is_published_on_open(app: RunningApp) -> None:
    app.driver.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"})
    publish = app.fake.wait_for("views.publish")[0]
    assert publish.args["user_id"] == OWNER
    assert app.fake.homes[OWNER]["type"] == "home"
