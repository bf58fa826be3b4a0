"""The chart above an actor's mentions: its mentions over time, on one line.

``2020-01 ▂█▁▁▃▂▅▁▁▁▁▁ 2020-12 · 11 undated``: the first and the last period around a Textual
``Sparkline`` of the mentions per period (the finest of day, week, month or year that spans the
dated mentions in at most :data:`CHART_PERIODS` periods), every period in between drawn, empty
ones at the bottom. It counts the mentions that the list below shows (under its filter), and is
hidden when none of them is dated. The tooltip says it in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Sparkline, Static

if TYPE_CHECKING:  # pragma: no cover
    from explorer.store.queries import Timeline

#: The most periods the chart draws (its grain is chosen to fit).
CHART_PERIODS = 40


class MentionsChart(Horizontal):
    """The current actor's mentions per period, or nothing (hidden) when none is dated."""

    #: What the chart draws (None before the first actor, or for none).
    timeline: Timeline | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="chart-first", markup=False)
        yield Sparkline([], id="chart-line")
        yield Static(id="chart-last", markup=False)

    def show(self, timeline: Timeline | None) -> None:
        """Draw ``timeline``; hide the chart when it has no dated mention."""
        self.timeline = timeline
        if timeline is None or timeline.dated_mentions == 0:
            self.display = False
            return
        periods = timeline.periods
        self.query_one("#chart-first", Static).update(periods[0].period)
        self.query_one("#chart-line", Sparkline).data = [p.mentions for p in periods]
        last = periods[-1].period if len(periods) > 1 else f"by {timeline.by}"
        if timeline.undated_mentions:
            last += f" · {timeline.undated_mentions:,} undated"
        self.query_one("#chart-last", Static).update(last)
        self.tooltip = chart_summary(timeline)
        self.display = True


def chart_summary(timeline: Timeline) -> str:
    """The chart in words: ``Mentions by month, 2020-01 to 2020-12: 94 dated, most (24) in
    2020-01; 11 in undated documents.``"""
    periods = timeline.periods
    peak = max(periods, key=lambda p: p.mentions)
    span = (
        periods[0].period if len(periods) == 1 else f"{periods[0].period} to {periods[-1].period}"
    )
    words = (
        f"Mentions by {timeline.by}, {span}: {timeline.dated_mentions:,} dated, "
        f"most ({peak.mentions:,}) in {peak.period}"
    )
    if timeline.undated_mentions:
        words += f"; {timeline.undated_mentions:,} in undated documents"
    return words + "."
