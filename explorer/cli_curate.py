"""Curation commands: the entities report, and merge / split / rename / set-type / export-actors.

Registered on :data:`explorer.cli.main` at import. The explorer app calls the same functions in
:mod:`explorer.curation`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from explorer.cli import EXIT_NOTHING, EXIT_USAGE, db_option, fail, main
from explorer.storage import DatabaseProblem, resolve_db_path


def _safe(text: str) -> str:
    """Document text for the terminal: control characters (escapes included) become spaces."""
    return "".join(" " if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 else ch for ch in text)


@main.command("entities")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per entity.")
@click.option("--type", "entity_type", default=None, help="Only entities of this type.")
@click.option("--limit", type=click.IntRange(1, None), default=None, help="At most N entities.")
def entities_command(
    db_path: Path | None, as_json: bool, entity_type: str | None, limit: int | None
) -> None:
    """Each entity with its type, mention count and aliases with counts."""
    from explorer.queries import entity_aliases, top_entities
    from explorer.storage import open_for_reading

    path = resolve_db_path(db_path)
    try:
        conn = open_for_reading(path)
    except DatabaseProblem as exc:
        fail(str(exc))
    try:
        found = top_entities(conn, entity_type.upper() if entity_type else None, limit or -1)
        for entity in found:
            aliases = entity_aliases(conn, entity.id)
            if as_json:
                record = {
                    "id": entity.id,
                    "name": entity.name,
                    "type": entity.type,
                    "mentions": entity.mentions,
                    "documents": entity.documents,
                    "aliases": [{"alias": a, "count": n} for a, n in aliases],
                }
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                listed = "; ".join(f"{_safe(a)} ({n})" for a, n in aliases)
                click.echo(
                    f"{entity.id}\t{entity.type}\t{entity.mentions}\t{_safe(entity.name)}\t{listed}"
                )
    finally:
        conn.close()
    sys.exit(0 if found else EXIT_NOTHING)


def _run(action, *args):  # type: ignore[no-untyped-def]
    from explorer.errors import UserError

    try:
        return action(*args)
    except (DatabaseProblem, UserError) as exc:
        fail(str(exc), EXIT_USAGE)


@main.command("merge")
@click.argument("source", type=int)
@click.argument("target", type=int)
@db_option
def merge_command(source: int, target: int, db_path: Path | None) -> None:
    """Merge entity SOURCE into entity TARGET (ids from `libya-explore entities`)."""
    from explorer import curation

    path = resolve_db_path(db_path)
    survivor = _run(curation.merge, path, source, target)
    click.echo(f"merged {source} into {survivor}")


@main.command("split")
@click.argument("entity", type=int)
@click.argument("alias")
@db_option
def split_command(entity: int, alias: str, db_path: Path | None) -> None:
    """Split ALIAS (and its spellings with the same key) off ENTITY into a new entity."""
    from explorer import curation

    new_id = _run(curation.split, resolve_db_path(db_path), entity, alias)
    click.echo(f"split {_safe(alias)!r} off {entity} into new entity {new_id}")


@main.command("rename")
@click.argument("entity", type=int)
@click.argument("name")
@db_option
def rename_command(entity: int, name: str, db_path: Path | None) -> None:
    """Give ENTITY a new display NAME."""
    from explorer import curation

    _run(curation.rename, resolve_db_path(db_path), entity, name)
    click.echo(f"renamed {entity}")


@main.command("set-type")
@click.argument("entity", type=int)
@click.argument("entity_type", metavar="TYPE")
@db_option
def set_type_command(entity: int, entity_type: str, db_path: Path | None) -> None:
    """Set ENTITY's TYPE (PERSON, ORG, GPE, NORP, LOC, FAC, EVENT)."""
    from explorer import curation

    _run(curation.set_type, resolve_db_path(db_path), entity, entity_type)
    click.echo(f"set type of {entity} to {entity_type.upper()}")


@main.command("export-actors")
@db_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of standard output.",
)
def export_actors_command(db_path: Path | None, output: Path | None) -> None:
    """Print the curated entities as an actors file (TOML) for `ingest --actors`."""
    from explorer import curation

    text = _run(curation.export_actors, resolve_db_path(db_path))
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror})")
