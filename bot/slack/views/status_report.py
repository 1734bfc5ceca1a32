"""`/mentor status` for owners and the weekly digest: the program's figures and the pairs
that need attention; `/mentor status @person`: one pair's metrics."""

from __future__ import annotations

from typing import Any

from bot.composer import Composer
from bot.domain.reports import PairMetrics, ProgramReport
from bot.slack.views.status import (
    blocks_of,
    clock_time,
    day,
    percent,
    pulse,
    reason_words,
    trend_words,
)


def program_texts(
    composer: Composer, report: ProgramReport, intro: str | None = None, readiness: str = ""
) -> list[str]:
    """The figures (with the succession readiness section under them) and the attention list."""
    counts = {
        k: f"{report.counts.get(k, 0):,}" for k in ("active", "paused", "ended", "completed", "new")
    }
    figures = composer.render(
        "status/program.j2",
        intro=intro,
        date=day(report.now, report.tz),
        rounds_at=clock_time(report.rounds_at, report.tz),
        counts=counts,
        rate=trend_words(composer, report.rate, percent),
        pulse=trend_words(composer, report.pulse, pulse),
        feedback={k: f"{v:,}" for k, v in vars(report.feedback).items()},
        milestones=report.milestones,
        kudos=report.kudos,
    )
    items = [
        {"mentor": f.mentor, "mentee": f.mentee, "reasons": reason_words(composer, f.reasons)}
        for f in report.attention.shown
    ]
    more = report.attention.more
    total = f"{len(items) + more:,}"
    flagged = composer.render("status/attention.j2", items=items, more=more, total=total)
    return [f"{figures}\n\n{readiness}" if readiness else figures, flagged]


def program_message(
    composer: Composer, report: ProgramReport, intro: str | None = None, readiness: str = ""
) -> tuple[str, list[dict[str, Any]]]:
    return blocks_of(program_texts(composer, report, intro, readiness))


def pair_text(composer: Composer, metrics: PairMetrics, tz: str, own: str | None = None) -> str:
    """One pair's metrics; for a member (`own` is their user ID) only their own figures, and
    nothing of the partner's pulse or the owners' attention list."""
    row = metrics.row
    words = composer.data("status/words.toml")
    people = []
    for name, figures in ((row.mentor, metrics.mentor), (row.mentee, metrics.mentee)):
        if own is not None and name != own:
            continue
        people.append(
            {
                "name": name,
                "rate": percent(figures.rate.now),
                "overall": percent(figures.overall),
                "pulse": pulse(figures.pulse.now),
                "spark": figures.pulse.spark.strip(),
            }
        )
    return composer.render(
        "status/pair.j2",
        mentor=row.mentor,
        mentee=row.mentee,
        status=words["statuses"][str(row.status)],
        started=day(row.started_at, tz),
        ended=day(row.ended_at, tz),
        rounds=metrics.rounds,
        people=people,
        goals=metrics.goals,
        milestones=[(title, day(at, tz)) for title, at in metrics.milestones],
        feedback=metrics.feedback if own is None else None,
        reasons=reason_words(composer, metrics.reasons) if own is None else None,
    )


def pairs_message(
    composer: Composer, pairs: list[PairMetrics], tz: str, own: str | None = None
) -> tuple[str, list[dict[str, Any]]]:
    texts = [pair_text(composer, m, tz, own) for m in pairs]
    if own is not None:
        texts.insert(0, composer.render("status/own_intro.j2"))
    return blocks_of(texts)
