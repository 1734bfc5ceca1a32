"""The one table the benchmark prints (Markdown, so the README can show it as it is)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.fanout import Fanout
from bench.idle import Idle
from bench.latency import Latency


@dataclass
class Table:
    machine: str
    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def add(self, scenario: str, measure: str, result: str, target: str, met: bool | None) -> None:
        verdict = "n/a" if met is None else ("yes" if met else "**no**")
        self.rows.append((scenario, measure, result, target, verdict))

    def fanout(self, run: Fanout, pairs: int, ceiling: float) -> None:
        scenario = f"1. fan-out, {pairs:,} pairs ({run.expected:,} prompts), 1 worker"
        self._calls(scenario, run)
        self._exact(scenario, run)
        bound = max(0.0, run.delivered - ceiling) / ceiling  # a burst of one second, then R/s
        ratio = run.send_seconds / bound if bound else 0.0
        self.add(
            scenario,
            f"wall time, first to last post, vs the bound of {ceiling:g} posts/s",
            f"{run.send_seconds:.1f} s / {bound:.1f} s = {ratio:.3f}x "
            f"(whole run {run.total_seconds:.1f} s)",
            "<= 1.15x",
            ratio <= 1.15,
        )
        self.add(
            scenario,
            "peak RSS of the worker",
            f"{run.peak_rss_mb:.0f} MB",
            "< 250 MB",
            run.peak_rss_mb < 250,
        )

    def _calls(self, scenario: str, run: Fanout) -> None:
        self.add(
            scenario,
            "Slack calls per delivered prompt, without those answered 429/5xx",
            f"{run.ratio:.4f} ({run.calls_answered:,} / {run.delivered:,})",
            "<= 1.02",
            run.ratio <= 1.02,
        )
        self.add(
            scenario,
            "raw calls per delivered prompt",
            f"{run.raw_ratio:.4f} ({run.rate_limited} answered 429, {run.server_errors} 5xx)",
            "reported",
            None,
        )

    def _exact(self, scenario: str, run: Fanout) -> None:
        self.add(
            scenario,
            "duplicates / lost (failed rows)",
            f"{run.duplicates} / {run.lost} ({run.failed_rows})",
            "0 / 0",
            run.duplicates == 0 and run.lost == 0,
        )

    def workers(self, run: Fanout, pairs: int, workers: int) -> None:
        scenario = f"2. fan-out, {pairs:,} pairs, {workers} `tandem scheduler` processes"
        self._exact(scenario, run)
        self.add(
            scenario,
            "calls per prompt (raw); send time",
            f"{run.ratio:.4f} ({run.raw_ratio:.4f}); {run.send_seconds:.1f} s",
            "reported",
            None,
        )

    def crash(self, run: Fanout, pairs: int) -> None:
        scenario = f"3. kill -9 a worker at 40% of {pairs:,} pairs, start a new one"
        self._exact(scenario, run)
        self.add(
            scenario,
            "history lookups (uncertain rows); calls per prompt",
            f"{run.history_calls}; {run.ratio:.4f}",
            "reported",
            None,
        )

    def idle(self, pairs: int, idle: Idle) -> None:
        scenario = f"4. idle pass, {pairs:,} pairs"
        self.add(
            scenario,
            "database time of a pass with nothing due",
            f"{idle.database_ms:.1f} ms in {idle.statements} statements "
            f"(whole pass {idle.pass_ms:.1f} ms)",
            "< 50 ms",
            idle.database_ms < 50,
        )

    def latency(self, pairs: int, series: list[Latency]) -> None:
        scenario = f"5. `tandem serve`, {pairs:,} pairs"
        found = {s.label: s for s in series}
        for latency in series:
            p50, p95, p99 = latency.quantiles()
            target, met = "reported", None
            if latency.label.startswith("/mentor status, reply"):
                target, met = "p95 < 300 ms", p95 < 300
            if latency.label == "check-in click, ack":
                base = found["minimal app, click"].quantiles()[1]
                target, met = f"p95 <= 1.5x minimal ({1.5 * base:.1f} ms)", p95 <= 1.5 * base
            self.add(
                scenario,
                f"{latency.label}: p50 / p95 / p99",
                f"{p50:.1f} / {p95:.1f} / {p99:.1f} ms",
                target,
                met,
            )

    def status(
        self, pairs: int, counts: dict[str, int], latency: Latency, computed: list[float]
    ) -> None:
        scenario = (
            f"6. `/mentor status`, {pairs:,} pairs a season in ({counts['checkins']:,} "
            f"check-ins, {counts['feedback']:,} feedback, {counts['milestones']:,} milestones)"
        )
        p50, p95, p99 = latency.quantiles()
        self.add(
            scenario,
            f"{latency.label}: p50 / p95 / p99",
            f"{p50:.1f} / {p95:.1f} / {p99:.1f} ms",
            "p95 < 300 ms",
            p95 < 300,
        )
        self.add(
            scenario,
            "round figures computed afresh (the sweep every 5 min; a status with none fresh)",
            " / ".join(f"{s * 1000:.0f}" for s in computed) + " ms",
            "reported",
            None,
        )

    def print(self, seconds: float) -> None:
        print(
            f"Machine: {self.machine}. Prompts: check-in DMs, queued by the check-in planner "
            f"and sent by the outbox. Run took {seconds / 60:.1f} min."
        )
        print()
        print("| scenario | measure | result | target | met |")
        print("| --- | --- | --- | --- | --- |")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")
