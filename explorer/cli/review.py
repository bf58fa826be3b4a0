"""The review queue on the command line: ``review`` lists the resolver's least certain decisions
with their evidence, ``accept`` marks one as reviewed and kept (a curation decision, so it
appears in ``history`` and ``undo`` reverts it). Splits and merges use ``split`` and ``merge``.

Same conventions as the other one-liners (:mod:`explorer.cli.output`): a rich listing on a
terminal, tab-separated rows when piped, one JSON document with ``--json``; untrusted text
shown through :mod:`explorer.safetext`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from explorer.cli.output import (
    EXIT_NOTHING,
    EXIT_OK,
    console,
    database_path,
    db_option,
    echo_rows,
    highlighted,
    json_option,
    note,
    one_liner,
    output_mode,
    reading,
    text,
    user_errors,
)
from explorer.resolution.review import KINDS
from explorer.safetext import dumps, visible

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    from explorer.resolution.review import ReviewItem
    from explorer.store.review import EvidenceSide

#: ``(item, its actors' names by id, its evidence)``
Listed = tuple["ReviewItem", dict[int, str], list["EvidenceSide"]]


@click.command("review")
@db_option
@json_option(help="One JSON document: {total, counts, items} (keys: README).")
@click.option(
    "--limit", type=click.IntRange(1, None), default=20, show_default=True, help="At most N items."
)
@click.option(
    "--kind",
    "kinds",
    type=click.Choice(KINDS),
    multiple=True,
    help="Only items of this kind (repeatable).",
)
@one_liner
def review_command(db_path: Path | None, as_json: bool, limit: int, kinds: tuple[str, ...]) -> int:
    """The resolver's least certain decisions, least certain first, with their evidence.

    Kinds: surname (a bare surname attached by the corpus, not its document), spelling (a
    spelling-variant join), type (mentions' labels disagree), same-name (several actors, one
    name), many-forms (an actor built from many one-mention forms), shared-word (a one-word
    alias of an organisation that another actor bears as its name), story-groups (one name,
    two groups of stories naming different actors), story-surname (a bare surname of a story
    naming several people of that surname in full, joined by its context). `accept ID` keeps one; `split ENTITY
    ALIAS`, `split-documents --item ID` and `merge SOURCE TARGET` change it.
    """
    from explorer.store.review import review_queue

    with reading(db_path) as conn:
        items = review_queue(conn, kinds or None)
        listed = [_with_evidence(conn, item) for item in items[:limit]]
    counts = {kind: sum(1 for item in items if item.kind == kind) for kind in kinds or KINDS}
    mode = output_mode(as_json)
    if mode == "json":
        click.echo(dumps(_as_json(items, counts, listed)))
    if not items:
        note("nothing to review" + (f" of kind {', '.join(kinds)}" if kinds else ""))
        return EXIT_NOTHING
    note(
        f"{len(items):,} item{'s' if len(items) != 1 else ''} to review ("
        + ", ".join(f"{kind} {n:,}" for kind, n in counts.items() if n)
        + f"); showing {len(listed)}, least certain first"
    )
    if mode == "plain":
        echo_rows(
            ("id", "kind", "certainty", "entities", "alias", "reason", "evidence"),
            [_row(item, names, sides) for item, names, sides in listed],
        )
    elif mode == "rich":
        _print(listed)
    return EXIT_OK


def _with_evidence(conn: sqlite3.Connection, item: ReviewItem) -> Listed:
    from explorer.store.queries import get_entity
    from explorer.store.review import item_evidence

    names = {}
    for entity_id in item.entities:
        entity = get_entity(conn, entity_id)
        names[entity_id] = entity.name if entity else "?"
    return item, names, item_evidence(conn, item)


def _as_json(items: list[ReviewItem], counts: dict[str, int], listed: list[Listed]) -> dict:
    return {
        "total": len(items),
        "counts": counts,
        "items": [
            item.to_json()
            | {
                "names": {str(i): name for i, name in names.items()},
                "evidence": [side.to_json() for side in sides],
            }
            for item, names, sides in listed
        ],
    }


def _row(item: ReviewItem, names: dict[int, str], sides: list[EvidenceSide]) -> tuple:
    evidence = " | ".join(
        f"{side.label}: {s.title}: {around_mention(s.sentence, s.start, s.end)[0]}"
        for side in sides
        for s in side.sentences[:1]
    )
    return (
        item.id,
        item.kind,
        f"{item.certainty:.2f}",
        "; ".join(f"{i} {name}" for i, name in names.items()),
        item.alias or "",
        item.reason,
        evidence,
    )


def _print(listed: list[Listed]) -> None:
    """A rich table: one row per item, its reason and its sentences (the mention marked)."""
    from rich.table import Table

    table = Table(title=text("review queue (least certain first)"), title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("certainty", justify="right")
    table.add_column("reason and evidence", ratio=1)
    for item, _names, sides in listed:
        cell = text(item.reason)
        for side in sides:
            cell.append("\n")
            cell.append(text(side.label, "italic"))
            for s in side.sentences:
                cell.append("\n  ")
                cell.append(text(f"{s.title[:40]}: ", "dim"))
                cell.append(highlighted(*around_mention(s.sentence, s.start, s.end)))
        ident = text(item.id, "bold")
        for part in (item.kind, " ".join(f"#{i}" for i in item.entities)):
            ident.append("\n")
            ident.append(text(part, "dim"))
        table.add_row(ident, text(f"{item.certainty:.2f}"), cell)
    console().print(table)


def around_mention(sentence: str, start: int, end: int, width: int = 90) -> tuple[str, int, int]:
    """The part of a long sentence around the mention (``…`` where cut), with the mention's
    offsets in it."""
    if len(sentence) <= width:
        return sentence, start, end
    left = max(0, min(start - (width - (end - start)) // 3, len(sentence) - width))
    right = min(len(sentence), max(left + width, end))
    head, tail = ("…" if left else ""), ("…" if right < len(sentence) else "")
    return head + sentence[left:right] + tail, start - left + len(head), end - left + len(head)


@click.command("accept")
@click.argument("item_ids", nargs=-1, required=True, metavar="ITEM_ID...")
@db_option
@one_liner
def accept_command(item_ids: tuple[str, ...], db_path: Path | None) -> int:
    """Mark review items (ids from `libya-explore review`) as reviewed and kept: they leave
    the queue, also after re-resolution; `undo` brings the last one back."""
    from explorer.pipeline import curation

    path = database_path(db_path)
    for item_id in item_ids:
        with user_errors(path):
            outcome = curation.accept(path, item_id)
        click.echo(visible(outcome.summary))
    return EXIT_OK
