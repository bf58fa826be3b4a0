"""``libya-explore timeline ACTOR...``: an actor's mentions and documents per day, week, month or
year, several actors side by side.

Like the other one-liners (:mod:`explorer.cli.query`): a rich table on a terminal, tab-separated
rows when piped, JSON with ``--json``; it imports only click, the output helpers and the query
layer. One actor prints ``{"actor": {"id", "name"}, "by", "periods": [{"period", "mentions",
"documents"}, …], "undated"}``; several print a JSON list of those objects, over the same periods.
"""

from __future__ import annotations

from pathlib import Path

import click

from explorer.cli.output import (
    EXIT_NOTHING,
    EXIT_OK,
    JSON_OPTION,
    console,
    db_option,
    echo_rows,
    note,
    one_liner,
    output_mode,
    reading,
    text,
)
from explorer.cli.query import describe_pick, no_actor, pick_or_none
from explorer.dates import PERIODS
from explorer.safetext import dumps, visible
from explorer.store import queries

#: The widest bar drawn beside one actor's counts in a terminal.
BAR_WIDTH = 40


@click.command("timeline")
@click.argument("actors", nargs=-1, required=True, metavar="ACTOR...")
@click.option(
    "--by",
    type=click.Choice(PERIODS, case_sensitive=False),
    default="month",
    show_default=True,
    help="Period: day, ISO week (2020-W24), month or year.",
)
@JSON_OPTION
@db_option
@one_liner
def timeline_command(actors: tuple[str, ...], by: str, as_json: bool, db_path: Path | None) -> int:
    """Mentions and documents of each ACTOR (an id or a name) per period, side by side; periods
    without mentions between the first and the last are shown, undated mentions counted apart."""
    mode = output_mode(as_json)
    with reading(db_path) as conn:
        picked = []
        for query in actors:
            pick = pick_or_none(conn, query)
            if pick is None:
                no_actor(query)
            else:
                picked.append(pick)
                if mode != "json":
                    note(describe_pick(query, pick))
        timelines = queries.entity_timelines(conn, [p.entity for p in picked], by)
    if mode == "json":
        if len(actors) == 1:
            click.echo(dumps(timelines[0].to_json() if timelines else None))
        else:
            click.echo(dumps([timeline.to_json() for timeline in timelines]))
    if not timelines:
        return EXIT_NOTHING
    if mode == "plain":
        _echo_tsv(timelines)
    elif mode == "rich":
        _print_table(timelines)
    if not any(t.periods for t in timelines):
        note("no dated mentions: every document naming them is undated")
    return EXIT_OK


def _columns(timelines: list[queries.Timeline]) -> list[str]:
    if len(timelines) == 1:
        return ["mentions", "documents"]
    return [
        f"{what} ({visible(t.entity.name)}, id {t.entity.id})"
        for t in timelines
        for what in ("mentions", "documents")
    ]


def _rows(timelines: list[queries.Timeline]) -> list[list[object]]:
    """One row per period, then the ``undated`` row: each actor's mentions and documents."""
    rows: list[list[object]] = []
    for i, period in enumerate(timelines[0].periods):
        row: list[object] = [period.period]
        for timeline in timelines:
            row += [timeline.periods[i].mentions, timeline.periods[i].documents]
        rows.append(row)
    undated: list[object] = ["undated"]
    for timeline in timelines:
        undated += [timeline.undated_mentions, timeline.undated_documents]
    rows.append(undated)
    return rows


def _echo_tsv(timelines: list[queries.Timeline]) -> None:
    echo_rows([timelines[0].by, *_columns(timelines)], _rows(timelines))


def _print_table(timelines: list[queries.Timeline]) -> None:
    from rich.table import Table

    single = len(timelines) == 1
    title = (
        f"{timelines[0].entity.name} by {timelines[0].by}"
        if single
        else f"by {timelines[0].by}: " + " · ".join(t.entity.name for t in timelines)
    )
    table = Table(title=text(title), title_justify="left")
    table.add_column(timelines[0].by)
    if single:
        table.add_column("mentions", justify="right")
        table.add_column("documents", justify="right")
    for timeline in timelines if not single else ():
        table.add_column(text(f"{timeline.entity.name}\nmentions"), justify="right")
        table.add_column(text("\ndocs", "dim"), justify="right")
    if single:
        table.add_column("")
    dated = [p.mentions for p in timelines[0].periods]
    peak = max(dated, default=0)
    bars = [_bar(mentions, peak) for mentions in dated] + [""]  # none for the undated row
    for row, bar in zip(_rows(timelines), bars, strict=True):
        cells = [text(cell, "dim" if row[0] == "undated" else "") for cell in row]
        if single:
            cells.append(text(bar, "cyan"))
        table.add_row(*cells)
    console().print(table)


def _bar(value: int, peak: int) -> str:
    """A bar of ``value`` against ``peak`` (at most :data:`BAR_WIDTH` cells; any count shows)."""
    if value <= 0 or peak <= 0:
        return ""
    return "█" * max(1, round(value * BAR_WIDTH / peak))
