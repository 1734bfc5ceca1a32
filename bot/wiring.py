"""What a feature plugs into Tandem, and all of it put together.

A Feature names its `/mentor` subcommands, its scheduled sweeps (in the order they run)
its delivery kinds and what it stores about people (`personal`: export and erase, see
bot/personal.py); bot/features.py lists every feature once, and the composition root
(bot/bootstrap.py) hands the resulting Wiring to the app, the scheduler and the CLI through
the Tandem context. Nothing registers itself by being imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.commands.registry import CommandTable, Subcommand
from bot.delivery.kinds import DeliveryKind, DeliveryKinds, RecipientGone
from bot.personal import PersonalData
from bot.scheduler.sweeps import Sweep, outbox_sweep


@dataclass(frozen=True)
class Feature:
    name: str
    subcommands: Sequence[Subcommand] = ()
    sweeps: Sequence[Sweep] = ()  # run in this order, after the sweeps of earlier features
    kinds: Mapping[str, DeliveryKind] = field(default_factory=dict)
    # The outbox calls this when a DM shows that its recipient has left the workspace.
    recipient_gone: RecipientGone | None = None
    # The rows it keeps about people: `/mentor my-data` and `/mentor forget-me` use them.
    personal: PersonalData | None = None


@dataclass(frozen=True)
class Wiring:
    commands: CommandTable
    sweeps: tuple[Sweep, ...]  # every feature's sweeps in order, then the outbox
    outbox: DeliveryKinds
    features: tuple[Feature, ...]
    personal: tuple[tuple[str, PersonalData], ...]  # (feature name, its part), in order

    @classmethod
    def of(cls, features: Sequence[Feature]) -> Wiring:
        kinds: dict[str, DeliveryKind] = {}
        gone = [f.recipient_gone for f in features if f.recipient_gone is not None]
        if len(gone) > 1:
            raise ValueError("only one feature may handle recipients who left")
        for feature in features:
            for name, kind in feature.kinds.items():
                if name in kinds:
                    raise ValueError(f"delivery kind {name!r} is listed twice")
                kinds[name] = kind
        sweeps = [sweep for feature in features for sweep in feature.sweeps]
        if len({s.name for s in sweeps}) != len(sweeps):
            raise ValueError("two sweeps share a name")
        return cls(
            commands=CommandTable(c for f in features for c in f.subcommands),
            sweeps=(*sweeps, outbox_sweep()),
            outbox=DeliveryKinds(kinds, recipient_gone=gone[0] if gone else None),
            features=tuple(features),
            personal=tuple((f.name, f.personal) for f in features if f.personal is not None),
        )
