"""Curation commands: the entities report, merge / split / rename / set-type / export-actors, and
the decisions' history and undo.

The same conventions as the query commands (:mod:`explorer.cli.output`): the database is found
and opened by the shared helpers, text from documents is shown through :mod:`explorer.safetext`,
``--type`` is checked against the database's types, and every problem (a bad request, an
unusable database, an SQLite error) is one line on stderr with exit status 2. The explorer app
calls the same functions in :mod:`explorer.pipeline.curation`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from explorer.cli.output import (
    EXIT_NOTHING,
    EXIT_OK,
    checked_type,
    console,
    database_path,
    db_option,
    echo_rows,
    fail,
    json_option,
    note,
    one_liner,
    output_mode,
    reading,
    text,
    user_errors,
)
from explorer.safetext import dumps, one_line, visible

if TYPE_CHECKING:  # pragma: no cover
    from explorer.store import queries

T = TypeVar("T")


def curate(db_path: Path | None, change: Callable[[Path], T]) -> T:
    """Run one curation call on the command's database; any problem ends the command with one
    line (exit status 2)."""
    path = database_path(db_path)
    with user_errors(path):
        return change(path)


@click.command("entities")
@db_option
@json_option(help="Print one JSON list (keys: README).")
@click.option("--type", "entity_type", default=None, help="Only entities of this type.")
@click.option("--limit", type=click.IntRange(1, None), default=None, help="At most N entities.")
@one_liner
def entities_command(
    db_path: Path | None, as_json: bool, entity_type: str | None, limit: int | None
) -> int:
    """Each entity with its type, mention and document counts, and aliases with counts."""
    from explorer.store.queries import entity_aliases, top_entities

    with reading(db_path) as conn:
        found = top_entities(conn, checked_type(conn, entity_type), limit or -1)
        listed = [(entity, entity_aliases(conn, entity.id)) for entity in found]
    mode = output_mode(as_json)
    if mode == "json":
        click.echo(
            dumps(
                [
                    entity.to_json() | {"aliases": [{"alias": a, "count": n} for a, n in aliases]}
                    for entity, aliases in listed
                ]
            )
        )
    if not found:
        note("no entities" + (f" of type {visible(entity_type)}" if entity_type else ""))
        return EXIT_NOTHING
    if mode == "plain":
        echo_rows(
            ("id", "name", "type", "mentions", "documents", "aliases"),
            [(e.id, e.name, e.type, e.mentions, e.documents, _aliases(a)) for e, a in listed],
        )
    elif mode == "rich":
        _print_entities(listed)
    return EXIT_OK


def _aliases(aliases: list[tuple[str, int]]) -> str:
    return "; ".join(f"{alias} ({n})" for alias, n in aliases)


def _print_entities(listed: list[tuple[queries.Entity, list[tuple[str, int]]]]) -> None:
    from rich.table import Table

    table = Table()
    for name, justify in (
        ("id", "right"),
        ("name", "left"),
        ("type", "left"),
        ("mentions", "right"),
        ("docs", "right"),
        ("aliases (mentions)", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for entity, aliases in listed:
        table.add_row(
            text(entity.id),
            text(entity.name, "bold"),
            text(entity.type),
            text(entity.mentions),
            text(entity.documents),
            text(_aliases(aliases)),
        )
    console().print(table)


@click.command("merge")
@click.argument("source", type=int)
@click.argument("target", type=int)
@db_option
@one_liner
def merge_command(source: int, target: int, db_path: Path | None) -> int:
    """Merge entity SOURCE into entity TARGET (ids from `libya-explore entities`)."""
    from explorer.pipeline import curation

    survivor = curate(db_path, lambda path: curation.merge(path, source, target))
    click.echo(f"merged {source} into {survivor}")
    return EXIT_OK


@click.command("split")
@click.argument("entity", type=int)
@click.argument("alias")
@db_option
@one_liner
def split_command(entity: int, alias: str, db_path: Path | None) -> int:
    """Split ALIAS (and its spellings with the same key) off ENTITY into a new entity."""
    from explorer.pipeline import curation

    new_id = curate(db_path, lambda path: curation.split(path, entity, alias))
    click.echo(f"split {one_line(alias)!r} off {entity} into new entity {new_id}")
    return EXIT_OK


@click.command("split-documents")
@click.argument("entity", type=int, required=False)
@click.argument("documents", type=int, nargs=-1)
@click.option(
    "--item",
    "item_id",
    default=None,
    help="A story-groups item of `libya-explore review`: split off one of its groups.",
)
@click.option(
    "--group",
    "groups",
    type=click.IntRange(1, None),
    multiple=True,
    help="With --item: which group, numbered biggest first (default 2; repeatable: the groups "
    "become one actor).",
)
@click.option("--name", default=None, help="The new actor's name (default: by its mentions).")
@db_option
@one_liner
def split_documents_command(
    entity: int | None,
    documents: tuple[int, ...],
    item_id: str | None,
    groups: tuple[int, ...],
    name: str | None,
    db_path: Path | None,
) -> int:
    """Split ENTITY's mentions in DOCUMENTS (ids) off into a new entity: one name for two
    actors in two sets of stories. Or `--item ID [--group N]...`: groups of a story-groups item."""
    from explorer.pipeline import curation

    if item_id is not None:
        if entity is not None:
            fail("give either --item or ENTITY and DOCUMENTS, not both")
        outcome = curate(
            db_path, lambda path: curation.split_review_group(path, item_id, groups or (2,), name)
        )
    else:
        if entity is None or not documents:
            fail("give ENTITY and DOCUMENTS (ids), or --item ID")
        outcome = curate(
            db_path, lambda path: curation.split_documents(path, entity, documents, name)
        )
    click.echo(visible(outcome.summary))
    return EXIT_OK


@click.command("rename")
@click.argument("entity", type=int)
@click.argument("name")
@db_option
@one_liner
def rename_command(entity: int, name: str, db_path: Path | None) -> int:
    """Give ENTITY a new display NAME."""
    from explorer.pipeline import curation

    curate(db_path, lambda path: curation.rename(path, entity, name))
    click.echo(f"renamed {entity}")
    return EXIT_OK


@click.command("set-type")
@click.argument("entity", type=int)
@click.argument("entity_type", metavar="TYPE")
@db_option
@one_liner
def set_type_command(entity: int, entity_type: str, db_path: Path | None) -> int:
    """Set ENTITY's TYPE (PERSON, ORG, GPE, NORP, LOC, FAC, EVENT)."""
    from explorer.pipeline import curation

    wanted = curate(db_path, lambda _path: curation.checked_type(entity_type))
    curate(db_path, lambda path: curation.set_type(path, entity, wanted))
    click.echo(f"set type of {entity} to {wanted}")
    return EXIT_OK


@click.command("export-actors")
@db_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of standard output.",
)
@one_liner
def export_actors_command(db_path: Path | None, output: Path | None) -> int:
    """Print the curated entities as an actors file (TOML) for `ingest --actors`."""
    from explorer.pipeline import curation

    text = curate(db_path, curation.export_actors)
    if output is None:
        click.echo(text, nl=False)
        return EXIT_OK
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror})")
    return EXIT_OK


@click.command("history")
@db_option
@json_option(help="One JSON document: a list of decisions (keys: README).")
@one_liner
def history_command(db_path: Path | None, as_json: bool) -> int:
    """Every curation decision, oldest first: its id, time, effect, and whether it was undone."""
    from explorer.pipeline import curation

    entries = curate(db_path, curation.history)
    mode = output_mode(as_json)
    if mode == "json":
        click.echo(
            dumps(
                [
                    {
                        "id": entry.id,
                        "action": entry.action,
                        "created_at": entry.created_at,
                        "effect": curation.effect(entry),
                        "undone_at": entry.undone_at,
                        "step": entry.step,
                        "payload": entry.payload,
                    }
                    for entry in entries
                ]
            )
        )
    if not entries:
        note("no curation decisions yet")
        return EXIT_NOTHING
    rows = [
        (
            entry.id,
            entry.created_at,
            entry.action,
            f"undone {entry.undone_at}" if entry.undone_at else "in force",
            curation.effect(entry),
        )
        for entry in entries
    ]
    if mode == "plain":
        echo_rows(("id", "time", "action", "status", "effect"), rows)
    elif mode == "rich":
        _print_history(rows)
    return EXIT_OK


def _print_history(rows: list[tuple[int, str, str, str, str]]) -> None:
    from rich.table import Table

    table = Table(title=text("curation decisions (oldest first)"), title_justify="left")
    for name, justify in (("id", "right"), ("time", "left"), ("action", "left"),
                          ("status", "left"), ("effect", "left")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for ident, time, action, status, what in rows:
        style = "dim" if status.startswith("undone") else ""
        table.add_row(
            text(ident, style), text(time, style), text(action, style), text(status, style),
            text(what, style),
        )  # fmt: skip
    console().print(table)


@click.command("undo")
@click.argument("steps", type=click.IntRange(1, None), default=1, required=False, metavar="[N]")
@db_option
@one_liner
def undo_command(steps: int, db_path: Path | None) -> int:
    """Undo the last N curation decisions (default 1), newest first; `history` lists them.

    A merge of several actors at once is one step. Undone decisions stay in the history and are
    no longer re-applied when the database is resolved again.
    """
    from explorer.pipeline import curation

    outcomes = curate(db_path, lambda path: curation.undo(path, steps))
    if not outcomes:
        note("nothing to undo")
        return EXIT_NOTHING
    for outcome in outcomes:
        ids = ", ".join(f"#{i}" for i in outcome.decision_ids)
        click.echo(f"{ids}: {visible(outcome.summary)}")
        if not outcome.exact:
            note(
                "  the database changed since this decision: run `libya-explore resolve` "
                "(with your --actors files) to finish undoing it"
            )
    return EXIT_OK
