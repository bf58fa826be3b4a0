"""One-line commands that answer without opening the app: search, mentions, context, cooccur, stats.

Each command prints a rich table on a terminal, tab-separated text when piped, and JSON with
``--json`` (keys documented in the README, section "One-liners"). Exit status: 0 with results,
1 when nothing matched, 2 for a usage error or an unusable database.

Start-up cost matters over SSH: this module imports only click, the shared output helpers and the
query layer; rich is imported inside the terminal renderers, and nothing here touches spaCy,
Textual or sqlite-utils.

Document text and entity names are untrusted: they are never parsed as Rich markup (every cell is a
``rich.text.Text``), and control characters (ESC, BEL, C1, bidirectional overrides) are shown as
visible escapes such as ``\\x1b`` in every output mode (:mod:`explorer.safetext`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path

import click

from explorer.cli.output import (
    EXIT_NOTHING,
    EXIT_OK,
    JSON_OPTION,
    checked_type,
    console,
    db_option,
    echo_rows,
    entity_label,
    highlighted,
    note,
    one_liner,
    output_mode,
    reading,
    text,
)
from explorer.safetext import dumps, snippet, visible
from explorer.store import queries

#: Characters of the sentence shown either side of a mention in a table (an ellipsis included).
SNIPPET_CONTEXT = 71


def describe_pick(query: str, pick: queries.EntityPick) -> str:
    """One line saying which actor ENTITY named, and why."""
    label = entity_label(pick.entity)
    if pick.matched_by == "id":
        return f"actor: {label}"
    if pick.matched_by == "name":
        return f"actor: {label}, named {visible(query)!r}"
    line = f"actor: {label}, best match for {visible(query)!r} (score {pick.score:.0f})"
    if pick.alternatives:
        others = ", ".join(
            f"{visible(hit.name)} (id {hit.id}, {hit.score:.0f})" for hit in pick.alternatives
        )
        line += f"; next: {others}"
    return line


def pick_or_none(conn: sqlite3.Connection, ident: str) -> queries.EntityPick | None:
    if not ident.strip():
        raise click.BadParameter("give an entity id or a name", param_hint="ENTITY")
    return queries.pick_entity(conn, ident)


def no_actor(ident: str) -> None:
    note(f"no actor matches {visible(ident)!r}")


# --------------------------------------------------------------------------- search


@click.command("search")
@click.argument("query")
@click.option("--type", "entity_type", metavar="TYPE", help="Only this type (PERSON, ORG, GPE…).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@JSON_OPTION
@db_option
@one_liner
def search_command(
    query: str, entity_type: str | None, limit: int, as_json: bool, db_path: Path | None
) -> int:
    """Find actors by name or alias (the explorer's fuzzy ranking); "" lists the most named."""
    with reading(db_path) as conn:
        hits = queries.search_entities(conn, query, checked_type(conn, entity_type), limit)
    mode = output_mode(as_json)
    if mode == "json":
        click.echo(dumps([hit.to_json() for hit in hits]))
    if not hits:
        note(f"no actor matches {visible(query)!r}")
        return EXIT_NOTHING
    if mode == "plain":
        echo_rows(
            ("id", "name", "type", "mentions", "documents", "score", "aliases"),
            [
                (h.id, h.name, h.type, h.mentions, h.documents, f"{h.score:.1f}", _aliases(h))
                for h in hits
            ],
        )
    elif mode == "rich":
        _print_search(query, hits)
    return EXIT_OK


def _aliases(hit: queries.EntityHit, limit: int = 6) -> str:
    others = [alias for alias in hit.aliases if alias != hit.name]
    shown = "; ".join(others[:limit])
    return shown + (f"; +{len(others) - limit}" if len(others) > limit else "")


def _print_search(query: str, hits: list[queries.EntityHit]) -> None:
    from rich.table import Table

    table = Table(title=text(f"actors matching {query!r}"), title_justify="left")
    for name, justify in (
        ("id", "right"),
        ("name", "left"),
        ("type", "left"),
        ("mentions", "right"),
        ("docs", "right"),
        ("score", "right"),
        ("also known as", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for h in hits:
        table.add_row(
            text(h.id),
            text(h.name, "bold"),
            text(h.type),
            text(h.mentions),
            text(h.documents),
            text(f"{h.score:.0f}"),
            text(_aliases(h)),
        )
    console().print(table)


# --------------------------------------------------------------------------- mentions


def _pick_json(query: str, pick: queries.EntityPick | None) -> dict:
    if pick is None:
        return {"query": query, "entity": None, "matched_by": None, "score": None}
    return {"query": query} | pick.to_json()


def answer_pick(
    mode: str, query: str, pick: queries.EntityPick | None, payload: Mapping[str, object]
) -> queries.EntityPick | None:
    """The JSON answer of a command about one actor (in JSON mode), and which actor ENTITY
    picked (otherwise, on stderr). Returns the pick, None when no actor matched."""
    if mode == "json":
        click.echo(dumps(_pick_json(query, pick) | dict(payload)))
    if pick is None:
        no_actor(query)
        return None
    if mode != "json":
        note(describe_pick(query, pick))
    return pick


@click.command("mentions")
@click.argument("entity")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0, None), default=0, show_default=True)
@JSON_OPTION
@db_option
@one_liner
def mentions_command(
    entity: str, limit: int, offset: int, as_json: bool, db_path: Path | None
) -> int:
    """An actor's mentions, each with its sentence and document. ENTITY: an id or a name."""
    with reading(db_path) as conn:
        pick = pick_or_none(conn, entity)
        total, rows = 0, []
        if pick is not None:
            total = queries.count_mentions(conn, pick.entity.id)
            rows = queries.entity_mentions(conn, pick.entity.id, offset=offset, limit=limit)
    mode = output_mode(as_json)
    payload = {"total": total, "offset": offset, "mentions": [row.to_json() for row in rows]}
    pick = answer_pick(mode, entity, pick, payload)
    if pick is None:
        return EXIT_NOTHING
    if not rows:
        note(f"no mentions from offset {offset} (the actor has {total})")
        return EXIT_NOTHING
    shown = f"mentions {offset + 1}–{offset + len(rows)} of {total}"
    if mode == "plain":
        note(shown)
        echo_rows(
            ("id", "document_id", "document_title", "date", "text", "sentence"),
            [
                (r.id, r.document_id, r.document_title, r.document_date, r.text, r.sentence_text)
                for r in rows
            ],
        )
    elif mode == "rich":
        _print_mentions(pick, rows, shown)
    return EXIT_OK


def _print_mentions(pick: queries.EntityPick, rows: list[queries.MentionRow], shown: str) -> None:
    from rich.table import Table

    table = Table(
        title=text(f"{pick.entity.name} · {shown}"), title_justify="left", show_lines=False
    )
    table.add_column("id", justify="right")
    table.add_column("document")
    table.add_column("date")
    table.add_column("sentence", ratio=1)
    for row in rows:
        part, start, end = snippet(
            row.sentence_text, *row.sentence_offsets, SNIPPET_CONTEXT, SNIPPET_CONTEXT
        )
        table.add_row(
            text(row.id),
            text(row.document_title),
            text(row.document_date or ""),
            highlighted(part, start, end),
        )
    console().print(table)


# --------------------------------------------------------------------------- context


@click.command("context")
@click.argument("mention_id", type=click.IntRange(0, None), metavar="MENTION_ID")
@click.option(
    "--window",
    type=click.IntRange(0, 100),
    default=1,
    show_default=True,
    help="Sentences shown either side.",
)
@JSON_OPTION
@db_option
@one_liner
def context_command(mention_id: int, window: int, as_json: bool, db_path: Path | None) -> int:
    """A mention's sentence with its neighbours, its document, and the other actors beside it."""
    with reading(db_path) as conn:
        ctx = queries.mention_context(conn, mention_id, window)
        entity = queries.get_entity(conn, ctx.mention.entity_id) if ctx else None
    mode = output_mode(as_json)
    if mode == "json":
        payload = None
        if ctx is not None:
            payload = ctx.to_json() | {
                "entity": entity.to_json() if entity else None,
                "window": window,
            }
        click.echo(dumps(payload))
    if ctx is None:
        note(f"no mention with id {mention_id}")
        return EXIT_NOTHING
    if mode == "plain":
        click.echo("\n".join(_context_lines(ctx, entity)))
    elif mode == "rich":
        _print_context(ctx, entity)
    return EXIT_OK


def _document_line(document: queries.DocumentInfo) -> str:
    parts = [visible(document.title)]
    parts += [visible(v) for v in (document.date, document.source) if v]
    parts.append(f"{visible(document.path)} (document {document.id})")
    return " · ".join(parts)


def extra_line(extra: Mapping[str, object]) -> str | None:
    """The document's other fields on one line: ``category: sport · author: Jane Doe``."""
    if not extra:
        return None
    return " · ".join(
        f"{visible(key)}: {visible(value if isinstance(value, str) else dumps(value, indent=None))}"
        for key, value in extra.items()
    )


def _mention_line(ctx: queries.Context, entity: queries.Entity | None) -> str:
    m = ctx.mention
    actor = entity_label(entity) if entity else f"entity {m.entity_id}"
    return f"mention {m.id}: {visible(m.text)!r} → {actor}, characters {m.start}–{m.end}"


def _others_line(ctx: queries.Context) -> str | None:
    if not ctx.others:
        return None
    names = ", ".join(
        f"{visible(o.name)} ({visible(o.type)}, id {o.entity_id})" for o in ctx.others
    )
    return f"also in this sentence: {names}"


def _context_lines(ctx: queries.Context, entity: queries.Entity | None) -> list[str]:
    """Plain text: the mention's sentence is marked with ``>``, its neighbours are indented."""
    lines = [_document_line(ctx.document)]
    extra = extra_line(ctx.document.extra)
    if extra:
        lines.append(extra)
    lines.append(_mention_line(ctx, entity))
    for sentence in ctx.sentences:
        marker = ">" if sentence.id == ctx.mention.sentence_id else " "
        lines.append(f"{marker} {visible(sentence.text)}")
    others = _others_line(ctx)
    if others:
        lines.append(others)
    return lines


def _print_context(ctx: queries.Context, entity: queries.Entity | None) -> None:
    from rich.text import Text

    out = console()
    out.print(text(_document_line(ctx.document), "bold"))
    extra = extra_line(ctx.document.extra)
    if extra:
        out.print(text(extra))
    out.print(text(_mention_line(ctx, entity), "dim"))
    out.print()
    for sentence in ctx.sentences:
        if sentence.id == ctx.mention.sentence_id:
            line = Text("▶ ", style="bold")
            line.append_text(
                highlighted(sentence.text, *ctx.mention.sentence_offsets, "bold reverse")
            )
        else:
            line = Text("  ").append_text(text(sentence.text, "dim"))
        out.print(line)
    others = _others_line(ctx)
    if others:
        out.print()
        out.print(text(others, "dim"))


# --------------------------------------------------------------------------- cooccur


@click.command("cooccur")
@click.argument("entity")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@JSON_OPTION
@db_option
@one_liner
def cooccur_command(entity: str, limit: int, as_json: bool, db_path: Path | None) -> int:
    """The actors most often named in the same sentences as ENTITY (an id or a name)."""
    with reading(db_path) as conn:
        pick = pick_or_none(conn, entity)
        pairs = queries.cooccurring(conn, pick.entity.id, limit) if pick else []
    mode = output_mode(as_json)
    payload = {"cooccurring": [other.to_json() | {"sentences": n} for other, n in pairs]}
    pick = answer_pick(mode, entity, pick, payload)
    if pick is None:
        return EXIT_NOTHING
    if not pairs:
        note(f"no other actor shares a sentence with {visible(pick.entity.name)}")
        return EXIT_NOTHING
    if mode == "plain":
        echo_rows(
            ("id", "name", "type", "sentences", "mentions"),
            [(o.id, o.name, o.type, n, o.mentions) for o, n in pairs],
        )
    elif mode == "rich":
        _print_cooccur(pick, pairs)
    return EXIT_OK


def _print_cooccur(pick: queries.EntityPick, pairs: list[tuple[queries.Entity, int]]) -> None:
    from rich.table import Table

    table = Table(title=text(f"named with {pick.entity.name}"), title_justify="left")
    table.add_column("id", justify="right")
    table.add_column("name")
    table.add_column("type")
    table.add_column("shared sentences", justify="right")
    table.add_column("mentions", justify="right")
    for other, n in pairs:
        table.add_row(
            text(other.id),
            text(other.name, "bold"),
            text(other.type),
            text(n),
            text(other.mentions),
        )
    console().print(table)


# --------------------------------------------------------------------------- stats


@click.command("stats")
@click.option(
    "--top", type=click.IntRange(0, 100), default=5, show_default=True, help="Actors per type."
)
@JSON_OPTION
@db_option
@one_liner
def stats_command(top: int, as_json: bool, db_path: Path | None) -> int:
    """Counts (documents, sentences, entities, mentions) and the most named actors of each type."""
    with reading(db_path) as conn:
        result = queries.stats(conn, top)
    mode = output_mode(as_json)
    if mode == "json":
        click.echo(dumps(result.to_json()))
    elif mode == "plain":
        for key in ("documents", "sentences", "entities", "mentions", "aliases", "words"):
            click.echo(f"{key}\t{getattr(result, key)}")
        for entity_type, n in result.by_type:
            click.echo(f"type\t{visible(entity_type)}\t{n}")
        for entity_type, entities in result.top_by_type.items():
            for e in entities:
                click.echo(f"top\t{visible(entity_type)}\t{e.id}\t{visible(e.name)}\t{e.mentions}")
    else:
        _print_stats(result)
    if not result.documents:
        note("the database holds no documents yet")
        return EXIT_NOTHING
    return EXIT_OK


def _print_stats(result: queries.Stats) -> None:
    from rich.table import Table

    out = console()
    counts = Table(show_header=False, box=None)
    counts.add_column(justify="left")
    counts.add_column(justify="right")
    for key in ("documents", "sentences", "entities", "mentions", "aliases", "words"):
        counts.add_row(text(key), text(f"{getattr(result, key):,}", "bold"))
    out.print(counts)
    if not result.by_type:
        return
    table = Table(title=text("most named actors by type"), title_justify="left")
    table.add_column("type")
    table.add_column("entities", justify="right")
    table.add_column("top actors (mentions)")
    for entity_type, n in result.by_type:
        top = result.top_by_type.get(entity_type, ())
        table.add_row(
            text(entity_type, "bold"),
            text(n),
            text(", ".join(f"{e.name} ({e.mentions})" for e in top)),
        )
    out.print(table)


# --------------------------------------------------------------------------- statements


@click.command("statements")
@click.argument("entity")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0, None), default=0, show_default=True)
@JSON_OPTION
@db_option
@one_liner
def statements_command(
    entity: str, limit: int, offset: int, as_json: bool, db_path: Path | None
) -> int:
    """What an actor said: each reported statement with its cue, kind and sentence.

    ENTITY: an id or a name. Statements are found during ingest (a database made before they
    existed gets them with ``ingest --reparse``)."""
    with reading(db_path) as conn:
        pick = pick_or_none(conn, entity)
        available = queries.has_statements(conn)
        total, rows = 0, []
        if pick is not None:
            total = queries.count_statements(conn, pick.entity.id)
            rows = queries.entity_statements(conn, pick.entity.id, limit=limit, offset=offset)
    mode = output_mode(as_json)
    payload = {"total": total, "offset": offset, "statements": [row.to_json() for row in rows]}
    pick = answer_pick(mode, entity, pick, payload)
    if pick is None:
        return EXIT_NOTHING
    if not available:
        note(
            "this database has no statements yet (its documents were parsed by an older "
            "libya-explore): run `libya-explore ingest --reparse PATHS` on its articles"
        )
        return EXIT_NOTHING
    if not rows:
        note(f"no statements from offset {offset} (the actor has {total})")
        return EXIT_NOTHING
    shown = f"statements {offset + 1}–{offset + len(rows)} of {total}"
    if mode == "plain":
        note(shown)
        echo_rows(
            ("id", "document_id", "document_title", "date", "cue", "kind", "content", "sentence"),
            [
                (
                    r.id,
                    r.document_id,
                    r.document_title,
                    r.document_date,
                    r.cue or "",
                    r.kind,
                    r.content,
                    r.sentence_text,
                )
                for r in rows
            ],
        )
    elif mode == "rich":
        _print_statements(pick, rows, shown)
    return EXIT_OK


def _print_statements(
    pick: queries.EntityPick, rows: list[queries.StatementRow], shown: str
) -> None:
    from rich.table import Table

    table = Table(title=text(f"{pick.entity.name} · {shown}"), title_justify="left")
    table.add_column("id", justify="right")
    table.add_column("document")
    table.add_column("cue")
    table.add_column("kind")
    table.add_column("said (in its sentence)", ratio=1)
    for row in rows:
        part, start, end = snippet(
            row.sentence_text, *row.sentence_offsets, SNIPPET_CONTEXT, SNIPPET_CONTEXT
        )
        table.add_row(
            text(row.id),
            text(row.document_title),
            text(row.cue or "–"),
            text(row.kind),
            highlighted(part, start, end),
        )
    console().print(table)
