"""Command parsing and Slack escaping, without Slack."""

from bot.composer import Composer
from bot.domain.command_text import channel_id, parse, user_id
from bot.formatting import escape, user_mention


def test_parse_splits_subcommand_and_arguments() -> None:
    parsed = parse("  PAIR <@U1ABC|ana>   <@U2DEF|ben> ")
    assert parsed.name == "pair"
    assert parsed.args == ("<@U1ABC|ana>", "<@U2DEF|ben>")
    assert parse("").name == ""


def test_mentions_and_channels_are_recognised_escaped_or_plain() -> None:
    assert user_id("<@U1ABC|ana>") == "U1ABC"
    assert user_id("<@W1ABC>") == "W1ABC"
    assert user_id("@ana") is None
    assert user_id("<#C1|general>") is None
    assert channel_id("<#C1ABC|general>") == "C1ABC"
    assert channel_id("<#G1ABC>") == "G1ABC"
    assert channel_id("#general") is None


def test_escape_defuses_mentions_and_broadcasts() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert escape(user_mention("U1")) == "<@U1>"


def test_every_template_value_is_escaped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "t.j2").write_text("{{ who | mention }} said: {{ text }}")
    composer = Composer(tmp_path)
    rendered = composer.render("t.j2", who="U1", text="<!here> ask <@U2> & me 🙂 שלום")
    assert rendered == "<@U1> said: &lt;!here&gt; ask &lt;@U2&gt; &amp; me 🙂 שלום"
