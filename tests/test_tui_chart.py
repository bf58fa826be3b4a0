"""The chart above an actor's mentions (a Sparkline of its mentions over time), driven with
Textual's Pilot on the ``tui_db`` articles: Khalifa Haftar has 2 mentions in the article dated
2020-01-19 and 3 in an undated one."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Sparkline
from tui_support import settle, sync, type_text

from explorer.store import queries
from explorer.store.connect import open_for_reading
from explorer.tui.app import ExplorerApp
from explorer.tui.chart import MentionsChart, chart_summary
from explorer.tui.widgets import FilterInput, MentionList


async def open_actor(pilot: Pilot, query: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, query)
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)


async def filter_mentions(pilot: Pilot, text: str) -> None:
    await pilot.press("f")
    pilot.app.query_one(FilterInput).value = text
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def dated_mentions(db: Path, entity_id: int) -> int:
    conn = open_for_reading(db)
    try:
        return conn.execute(
            "SELECT count(*) FROM mentions m JOIN documents d ON d.id = m.document_id "
            "WHERE m.entity_id = ? AND d.date IS NOT NULL",
            [entity_id],
        ).fetchone()[0]
    finally:
        conn.close()


@sync
async def test_the_chart_shows_the_actors_dated_mentions(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        chart = app.query_one(MentionsChart)
        assert chart.display and app.entity is not None
        timeline = chart.timeline
        assert timeline is not None and timeline.entity.id == app.entity.id
        assert timeline.dated_mentions == dated_mentions(tui_db, app.entity.id) == 2
        assert timeline.undated_mentions == 3
        assert [(p.period, p.mentions) for p in timeline.periods] == [("2020-01-19", 2)]
        assert list(app.query_one("#chart-line", Sparkline).data or []) == [2]
        assert str(app.query_one("#chart-first").render()) == "2020-01-19"
        assert str(app.query_one("#chart-last").render()) == "by day · 3 undated"
        assert chart.tooltip == chart_summary(timeline)
        assert "2 dated, most (2) in 2020-01-19; 3 in undated documents" in str(chart.tooltip)


@sync
async def test_the_chart_is_hidden_for_an_actor_without_dated_mentions(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Sirte")  # named in the undated article only
        assert app.entity is not None and app.entity.name == "Sirte"
        assert dated_mentions(tui_db, app.entity.id) == 0
        assert not app.query_one(MentionsChart).display
        await open_actor(pilot, "Khalifa Haftar")
        assert app.query_one(MentionsChart).display


@sync
async def test_the_chart_counts_what_the_filtered_list_shows(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        chart = app.query_one(MentionsChart)
        mentions = app.query_one(MentionList)
        await filter_mentions(pilot, "from:2020-01")
        assert chart.display and chart.timeline is not None
        assert chart.timeline.dated_mentions == mentions.layout_.total_mentions == 2
        assert chart.timeline.undated_mentions == 0
        await filter_mentions(pilot, "to:2019")  # nothing dated passes: no chart
        assert mentions.layout_.total_mentions == 0 and not chart.display
        await filter_mentions(pilot, "Berlin")  # words: the dated Berlin sentences only
        assert chart.display and chart.timeline is not None
        listed = [d for d in mentions.layout_.documents if d.date]
        assert chart.timeline.dated_mentions == sum(d.count for d in listed)


def test_the_chart_reads_through_the_shared_query(tui_db: Path) -> None:
    """The chart's worker and ``libya-explore timeline`` count alike."""
    conn = open_for_reading(tui_db)
    try:
        pick = queries.pick_entity(conn, "Khalifa Haftar")
        assert pick is not None
        chart = queries.fitting_timeline(conn, pick.entity)
        (by_day,) = queries.entity_timelines(conn, [pick.entity], chart.by)
    finally:
        conn.close()
    assert chart == by_day
