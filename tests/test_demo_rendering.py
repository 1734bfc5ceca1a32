"""The demo's pieces on their own: mrkdwn as HTML (escaped, as Slack shows it) and modals
filled in from a person's answers."""

from __future__ import annotations

from bot.demo.forms import fill, filled
from bot.demo.habits import in_order
from bot.demo.mrkdwn import to_html, unmarked


def _html(text: str) -> str:
    return str(to_html(text, lambda user: {"U1": "Ana <Costa>"}.get(user, user), lambda c: "wins"))


def test_mrkdwn_is_drawn_as_slack_draws_it() -> None:
    assert _html("*Saved.* _kept_ ~gone~ `code`") == (
        "<b>Saved.</b> <i>kept</i> <s>gone</s> <code>code</code>"
    )
    assert _html("Hi <@U1>, see <#C9>") == (
        'Hi <span class="mention">@Ana &lt;Costa&gt;</span>, see <span class="mention">#wins</span>'
    )
    assert _html("&gt; a quote\nafter") == "<blockquote>a quote</blockquote>after"
    assert _html(":dart: done") == "🎯 done"
    assert _html("snake_case_name stays") == "snake_case_name stays"


def test_what_people_wrote_is_text_never_markup() -> None:
    # Slack escapes &, < and > in text; a person's words arrive that way.
    assert _html("&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }}") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }}"
    )
    assert _html('<javascript:alert(1)|click "me">') == '<a href="#">click &quot;me&quot;</a>'
    assert _html("<https://example.com/?a=1&amp;b=2|docs>") == (
        '<a href="https://example.com/?a=1&amp;b=2">docs</a>'
    )
    assert unmarked("*Goals* :dart:") == "Goals 🎯"


VIEW = {
    "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Intro"}},
        {
            "type": "input",
            "block_id": "reflection",
            "element": {"type": "plain_text_input", "action_id": "reflection"},
        },
        {
            "type": "input",
            "block_id": "rhythm",
            "element": {
                "type": "static_select",
                "action_id": "rhythm",
                "options": [
                    {"text": {"type": "plain_text", "text": "Every week"}, "value": "weekly"},
                    {"text": {"type": "plain_text", "text": "Monthly"}, "value": "monthly"},
                ],
                "initial_option": {
                    "text": {"type": "plain_text", "text": "Every week"},
                    "value": "weekly",
                },
            },
        },
        {
            "type": "input",
            "block_id": "goals_done:7",
            "element": {
                "type": "checkboxes",
                "action_id": "goals_done:7",
                "options": [
                    {"text": {"type": "mrkdwn", "text": "Lead &amp; plan"}, "value": "11"},
                    {"text": {"type": "mrkdwn", "text": "Give feedback"}, "value": "12"},
                ],
            },
        },
        {
            "type": "input",
            "block_id": "channel",
            "element": {"type": "channels_select", "action_id": "channel"},
        },
    ]
}


def test_a_modal_is_filled_from_answers_and_keeps_what_it_offered() -> None:
    values = fill(
        VIEW,
        {"reflection": "Listened more", "goals_done": ["Lead & plan"], "channel": "wins"},
        {"wins": "C42"},
    )
    assert values["reflection"]["reflection"] == {
        "type": "plain_text_input",
        "value": "Listened more",
    }
    assert values["rhythm"]["rhythm"]["selected_option"]["value"] == "weekly"  # as offered
    ticked = values["goals_done:7"]["goals_done:7"]["selected_options"]
    assert [o["value"] for o in ticked] == ["11"]
    assert values["channel"]["channel"] == {"type": "channels_select", "selected_channel": "C42"}
    shown = filled(VIEW, values)
    assert shown[1]["element"]["initial_value"] == "Listened more"
    assert shown[3]["element"]["initial_options"] == ticked


AREAS = {
    "type": "input",
    "block_id": "areas",
    "label": {"type": "plain_text", "text": "Areas"},
    "element": {
        "type": "multi_static_select",
        "action_id": "areas",
        "options": [
            {"text": {"type": "plain_text", "text": a}, "value": a} for a in ("One", "Two", "Three")
        ],
        "initial_options": [
            {"text": {"type": "plain_text", "text": a}, "value": a} for a in ("One", "Two", "Three")
        ],
    },
}


def test_a_multi_select_answer_is_the_whole_choice_and_none_keeps_the_offer() -> None:
    view = {"blocks": [AREAS]}
    chosen = fill(view, {"areas": ["Three", "Two"]}, {})["areas"]["areas"]["selected_options"]
    assert [o["value"] for o in chosen] == ["Two", "Three"]  # in the order offered
    kept = fill(view, {}, {})["areas"]["areas"]["selected_options"]
    assert [o["value"] for o in kept] == ["One", "Two", "Three"]


def test_answers_in_order_go_to_the_blocks_of_a_prefix_as_the_modal_shows_them() -> None:
    view = {
        "blocks": [
            {"type": "section", "block_id": "readiness_area:intro"},
            {"type": "input", "block_id": "readiness_area:0"},
            {"type": "input", "block_id": "other"},
            {"type": "input", "block_id": "readiness_area:1"},
            {"type": "input", "block_id": "readiness_area:2"},
        ]
    }
    assert in_order(view, "readiness_area", ["3", None, "5", "4"]) == {
        "readiness_area:0": "3",
        "readiness_area:2": "5",
    }
