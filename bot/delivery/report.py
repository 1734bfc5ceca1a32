"""What one pass of the outbox did, for the sweep's report lines."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0  # put back for the next pass
    missed: int = 0
    reconciled: int = 0  # found already in Slack after a crash or a timeout
    rate_limited: int = 0  # 429 answers waited out
    taken_over: int = 0  # rows of a dead worker's pass
    paused_pairs: int = 0
    skipped: int = 0  # for someone who has left the workspace
    uninstalled: int = 0  # skipped: Tandem was uninstalled from their workspace
    cut_short: bool = False  # the budget ran out with rows still due
    errors: list[str] = field(default_factory=list)
    token_error: str | None = None  # Slack refused a token: that workspace stopped at once
    token_team: str | None = None
    refused: dict[str, str] = field(default_factory=dict)  # every such workspace: its error
    working_teams: set[str] = field(default_factory=set)  # whose token a post went through
