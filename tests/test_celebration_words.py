"""prompts/celebrations/words.toml has words for every milestone, and they render."""

from __future__ import annotations

from bot.composer import Composer
from bot.domain.milestones import PUBLIC, MilestoneKind
from bot.sandbox import STANDARD_EMOJI
from bot.services.celebrations.words import WORDS, celebration, shoutout_line, shoutout_text


def test_every_milestone_has_a_title_an_emoji_and_variants_that_render() -> None:
    composer = Composer()
    words = composer.data(WORDS)
    assert set(words["milestone"]) == {kind.value for kind in MilestoneKind}
    for kind in MilestoneKind:
        entry = words["milestone"][kind]
        assert entry["title"] and entry["emoji"] in STANDARD_EMOJI, kind
        assert len(entry["variants"]) >= 2, kind
        for source in entry["variants"]:
            text = composer.render_text(source, mentor="U1", mentee="U2", goal="Plan <it> & go")
            assert 0 < len(text) < 600 and "{" not in text, text
            if kind == MilestoneKind.GOAL_DONE:
                assert "Plan &lt;it&gt; &amp; go" in text
    chosen = celebration(
        composer, key="milestone:1:months_1", kind="months_1", mentor="U1", mentee="U2"
    )
    assert chosen.text in [
        composer.render_text(v, mentor="U1", mentee="U2")
        for v in words["milestone"]["months_1"]["variants"]
    ]


def test_public_milestones_and_kudos_have_a_shoutout_line_naming_no_goal() -> None:
    composer = Composer()
    lines = [shoutout_line(composer, kind, mentor="U1", mentee="U2") for kind in sorted(PUBLIC)] + [
        shoutout_line(composer, "kudos", giver="U1", recipient="U2", text="<!here> thanks")
    ]
    text = shoutout_text(composer, "shoutout:T1:x", lines)
    assert len(text.splitlines()) == len(PUBLIC) + 2
    assert "&lt;!here&gt; thanks" in text and "<!here>" not in text
    assert "{{" not in text and "goal }}" not in text
