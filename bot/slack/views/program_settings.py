"""The `/mentor settings` modal and the view shown once it is saved."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ChannelSelectElement,
    InputBlock,
    Option,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.composer import Composer
from bot.domain.program import kept_value
from bot.ids import BlockId, CallbackId
from bot.models import ProgramSettings


def _select(
    block: BlockId, label: str, choices: dict[str, str], chosen: str, hint: str | None = None
) -> InputBlock:
    options = [Option(value=value, label=text) for value, text in choices.items()]
    initial = next((o for o in options if o.value == chosen), None)
    element = StaticSelectElement(action_id=block, options=options, initial_option=initial)
    return InputBlock(block_id=block, label=label, element=element, hint=hint)


def _tips_value(current: ProgramSettings) -> str:
    return str(current.tips_every_days) if current.tips_enabled else "off"


def _digest_value(current: ProgramSettings) -> str:
    return "off" if current.digest_enabled is False else "on"


def settings_modal(
    composer: Composer, current: ProgramSettings, *, problem: str | None = None
) -> dict[str, Any]:
    """The settings form, filled in with `current`; `problem` says why it is shown again."""
    words = composer.data("settings/words.toml")
    labels, hints = words["labels"], words["hints"]
    blocks: list[Block] = [
        SectionBlock(text=problem or composer.render("settings/intro.j2", saved=False)),
        InputBlock(
            block_id=BlockId.SHOUTOUT_CHANNEL,
            label=labels["shoutout_channel"],
            hint=hints["shoutout_channel"],
            optional=True,
            element=ChannelSelectElement(
                action_id=BlockId.SHOUTOUT_CHANNEL,
                initial_channel=current.shoutout_channel_id or None,
            ),
        ),
        _select(
            BlockId.CADENCE,
            labels["cadence"],
            words["cadences"],
            current.cadence,
            hints["cadence"],
        ),
        _select(
            BlockId.CADENCE_WEEKDAY,
            labels["cadence_weekday"],
            words["weekdays"],
            str(current.cadence_weekday),
        ),
        InputBlock(
            block_id=BlockId.CADENCE_TIME,
            label=labels["cadence_time"],
            element=TimePickerElement(
                action_id=BlockId.CADENCE_TIME, initial_time=current.cadence_time
            ),
        ),
        _select(BlockId.TIPS, labels["tips"], words["tips"], _tips_value(current)),
        _select(
            BlockId.TIPS_WEEKDAY,
            labels["tips_weekday"],
            words["weekdays"],
            str(current.tips_weekday),
        ),
        InputBlock(
            block_id=BlockId.TIPS_TIME,
            label=labels["tips_time"],
            element=TimePickerElement(action_id=BlockId.TIPS_TIME, initial_time=current.tips_time),
        ),
        _select(
            BlockId.FEEDBACK_EVERY,
            labels["feedback_every"],
            words["feedback_every"],
            str(current.feedback_every_rounds or "off"),
            hints["feedback_every"],
        ),
        _select(
            BlockId.DIGEST,
            labels["digest"],
            words["digest"],
            _digest_value(current),
            hints["digest"],
        ),
        _select(
            BlockId.REFLECTIONS_KEPT,
            labels["reflections_kept"],
            words["reflections_kept"],
            kept_value(current.reflections_kept_days),
            hints["reflections_kept"],
        ),
    ]
    return View(
        type="modal",
        callback_id=CallbackId.PROGRAM_SETTINGS,
        title=words["title"],
        submit=words["submit"],
        close=words["close"],
        blocks=blocks,
    ).to_dict()


def saved_view(composer: Composer, current: ProgramSettings) -> dict[str, Any]:
    words = composer.data("settings/words.toml")
    text = composer.render(
        "settings/intro.j2",
        saved=True,
        cadence=words["cadences"][current.cadence],
        weekday=words["weekdays"][str(current.cadence_weekday)],
        time=current.cadence_time,
        tips=words["tips"][_tips_value(current)],
        digest=words["digest"][_digest_value(current)],
        feedback=words["feedback_every"].get(str(current.feedback_every_rounds or "off"), ""),
        tips_on=current.tips_enabled,
        tips_weekday=words["weekdays"][str(current.tips_weekday)],
        tips_time=current.tips_time,
        channel=current.shoutout_channel_id,
        kept=words["reflections_kept"].get(
            kept_value(current.reflections_kept_days), kept_value(current.reflections_kept_days)
        ),
    )
    return settings_message(composer, text)


def settings_message(composer: Composer, text: str) -> dict[str, Any]:
    """The settings modal saying only `text` (saved, or joining the channel), with Done."""
    words = composer.data("settings/words.toml")
    return View(
        type="modal", title=words["title"], close=words["done"], blocks=[SectionBlock(text=text)]
    ).to_dict()
