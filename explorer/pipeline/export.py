"""Exports: the database's actors, mentions, co-occurrences and statements as CSV, JSON or JSON
Lines; the co-occurrence network as GraphML or GEXF (networkx, for Gephi); everything as
FollowTheMoney entities (for Aleph, OpenAleph and the other FtM tools).

One small API for every front end (``libya-explore export`` and the explorer's export key)::

    export_entities(conn, entity_id, fmt, out)      # entity_id None: all of them
    export_mentions(conn, entity_id, fmt, out)
    export_cooccurrence(conn, entity_id, fmt, out)
    export_statements(conn, entity_id, fmt, out)
    export_graph(conn, fmt, out)                    # out: a binary file
    export_ftm(conn, out)

Each reads through :mod:`explorer.store.exports` (streamed: one row at a time) and returns how
much it wrote. Text is written as stored, with two exceptions that protect the reader: a CSV cell
that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a leading apostrophe unless ``spreadsheet_safe=False``, and characters that
XML cannot hold (NUL, most C0 controls) are written as visible escapes in GraphML and GEXF.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from explorer.errors import UserError
from explorer.safetext import dumps
from explorer.store import exports
from explorer.store.exports import EntityRecord

#: Row formats, and graph formats.
FORMATS = ("csv", "json", "jsonl")
GRAPH_FORMATS = ("graphml", "gexf")
#: What joins an entity's aliases in one CSV cell (JSON keeps them as a list).
ALIAS_SEPARATOR = "; "
#: Leading characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Columns of each row export, in order (JSON objects have the same keys).
ENTITY_COLUMNS = ("id", "name", "type", "mentions", "documents", "aliases")
MENTION_COLUMNS = tuple(f.name for f in dataclasses.fields(exports.MentionRecord))
PAIR_COLUMNS = tuple(f.name for f in dataclasses.fields(exports.PairRecord))
STATEMENT_COLUMNS = tuple(f.name for f in dataclasses.fields(exports.StatementRecord))


# --------------------------------------------------------------------------- rows


def formula_safe(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: ``'=…`` for ``=…`` (other values as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class RowWriter:
    """Rows as CSV (a header line first), one JSON array, or JSON Lines, written as they come."""

    def __init__(
        self,
        fmt: str,
        out: IO[str],
        columns: tuple[str, ...],
        *,
        spreadsheet_safe: bool = True,
        cell: Callable[[str], str] | None = None,
    ) -> None:
        """``cell``: applied to every text cell of a CSV (the CLI makes control characters
        visible when the CSV goes to a terminal); JSON always escapes them (the data intact)."""
        if fmt not in FORMATS:
            raise UserError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.fmt, self.out, self.columns = fmt, out, columns
        self.spreadsheet_safe, self.cell = spreadsheet_safe, cell
        self.count = 0
        self._csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(columns)
        elif fmt == "json":
            out.write("[")

    def write(self, record: dict[str, Any]) -> None:
        if self._csv is not None:
            self._csv.writerow([self._csv_cell(record[column]) for column in self.columns])
        else:
            text = dumps({column: record[column] for column in self.columns}, indent=None)
            if self.fmt == "json":
                self.out.write(("," if self.count else "") + "\n" + text)
            else:
                self.out.write(text + "\n")
        self.count += 1

    def _csv_cell(self, value: object) -> object:
        if isinstance(value, list | tuple):
            value = ALIAS_SEPARATOR.join(str(item) for item in value)
        if isinstance(value, str) and self.cell is not None:
            value = self.cell(value)
        return formula_safe(value) if self.spreadsheet_safe else value

    def close(self) -> int:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")
        self.out.flush()
        return self.count


def write_rows(
    records: Iterable[dict[str, Any]],
    fmt: str,
    out: IO[str],
    columns: tuple[str, ...],
    **options: Any,
) -> int:
    writer = RowWriter(fmt, out, columns, **options)
    for record in records:
        writer.write(record)
    return writer.close()


def entity_row(entity: EntityRecord, fmt: str) -> dict[str, Any]:
    """JSON: ``aliases`` a list of ``{alias, count}``; CSV: the spellings, most frequent first."""
    aliases: list = (
        [alias for alias, _count in entity.aliases]
        if fmt == "csv"
        else [{"alias": alias, "count": count} for alias, count in entity.aliases]
    )
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "mentions": entity.mentions,
        "documents": entity.documents,
        "aliases": aliases,
    }


def export_entities(
    conn: sqlite3.Connection,
    entity_id: int | None,
    fmt: str,
    out: IO[str],
    *,
    entity_type: str | None = None,
    **options: Any,
) -> int:
    """Every entity (or one) with its type, counts and aliases; returns the rows written."""
    records = exports.entity_records(conn, entity_id, entity_type)
    return write_rows((entity_row(e, fmt) for e in records), fmt, out, ENTITY_COLUMNS, **options)


def export_mentions(
    conn: sqlite3.Connection, entity_id: int | None, fmt: str, out: IO[str], **options: Any
) -> int:
    """Every mention of an actor (None: of every actor) with its sentence and document."""
    records = (dataclasses.asdict(m) for m in exports.mention_records(conn, entity_id))
    return write_rows(records, fmt, out, MENTION_COLUMNS, **options)


def export_cooccurrence(
    conn: sqlite3.Connection, entity_id: int | None, fmt: str, out: IO[str], **options: Any
) -> int:
    """An actor's partners (None: every pair once) with shared sentences and documents."""
    records = (dataclasses.asdict(p) for p in exports.pair_records(conn, entity_id))
    return write_rows(records, fmt, out, PAIR_COLUMNS, **options)


def export_statements(
    conn: sqlite3.Connection, entity_id: int | None, fmt: str, out: IO[str], **options: Any
) -> int:
    """What actors said (the statements table): speaker, cue, kind, the content and its sentence."""
    if not exports.has_statements(conn):
        raise UserError(
            "this database has no statements table; "
            "a libya-explore that extracts statements adds it on its next ingest"
        )
    records = (dataclasses.asdict(s) for s in exports.statement_records(conn, entity_id))
    return write_rows(records, fmt, out, STATEMENT_COLUMNS, **options)


def format_of(path: Path, default: str = "csv") -> str:
    """The row format a file name asks for by its suffix (``.csv``, ``.json``, ``.jsonl``), else
    ``default`` (as ``libya-explore export`` does)."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else default


def file_slug(name: str, fallback: str) -> str:
    """A file-name-safe form of an actor's name: lower case, letters and digits kept (any
    script), every other run of characters one ``-``; ``fallback`` when nothing is left."""
    slug = re.sub(r"[\W_]+", "-", name.casefold()).strip("-")[:60].strip("-")
    return slug or fallback


def export_mentions_to_file(
    conn: sqlite3.Connection, entity_id: int, path: Path, fmt: str | None = None
) -> int:
    """An actor's mentions written to ``path`` whole or not at all (a temporary file renamed
    into place); the format from the suffix unless ``fmt``. A file that cannot be written is a
    one-line :class:`UserError` naming it."""
    fmt = fmt or format_of(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            written = export_mentions(conn, entity_id, fmt, out)
        os.replace(partial, path)
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return written


# --------------------------------------------------------------------------- graph

#: Characters XML 1.0 cannot hold at all (not even escaped).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML cannot hold written as visible escapes (``\\x1b``)."""
    return _NOT_XML.sub(_xml_escape, text)


def _xml_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class GraphSize:
    nodes: int
    edges: int


def cooccurrence_graph(conn: sqlite3.Connection) -> Any:
    """The co-occurrence network (a ``networkx.Graph``): a node per actor (``label``/``name``,
    ``type``, ``mentions``, ``documents``), an edge per pair named in the same sentences
    (``weight`` = ``sentences`` shared, and ``documents``)."""
    import networkx as nx

    graph = nx.Graph()
    for entity in exports.entity_records(conn):
        name = xml_text(entity.name)
        graph.add_node(
            entity.id,
            label=name,
            name=name,
            type=xml_text(entity.type),
            mentions=entity.mentions,
            documents=entity.documents,
        )
    for pair in exports.pair_records(conn):
        graph.add_edge(
            pair.actor_id,
            pair.other_id,
            weight=pair.sentences,
            sentences=pair.sentences,
            documents=pair.documents,
        )
    return graph


def export_graph(conn: sqlite3.Connection, fmt: str, out: IO[bytes]) -> GraphSize:
    """The co-occurrence network as GraphML or GEXF (both open in Gephi)."""
    import networkx as nx

    if fmt not in GRAPH_FORMATS:
        raise UserError(f"unknown graph format {fmt!r}; choose one of {', '.join(GRAPH_FORMATS)}")
    graph = cooccurrence_graph(conn)
    if fmt == "graphml":
        nx.write_graphml(graph, out)
    else:
        nx.write_gexf(graph, out)
    return GraphSize(graph.number_of_nodes(), graph.number_of_edges())


# --------------------------------------------------------------------------- FollowTheMoney

#: The FtM schema of each entity type. NORP (nationalities, religious and political groups) has
#: none: such entities are left out. An ORG whose name or alias carries a legal form (Inc, Ltd,
#: plc, GmbH, …, from rigour's organisation-type list, FtM's own) is a Company.
FTM_SCHEMATA = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Territory",
    "LOC": "Territory",
    "FAC": "Address",
    "EVENT": "Event",
}
#: FtM schemata a ``Mention`` may resolve to (its ``resolved`` property ranges over LegalEntity).
FTM_LEGAL_ENTITIES = frozenset({"Person", "Organization", "Company"})
FTM_NAMESPACE = "libya-explore"


@dataclass(frozen=True)
class FtmCounts:
    entities: int  # actors written (Person, Organization, Company, Territory, Address, Event)
    skipped: int  # actors of a type without a schema (NORP)
    documents: int  # Article entities
    links: int  # Documentation and Mention entities


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def ftm_schema(entity: EntityRecord) -> str | None:
    schema = FTM_SCHEMATA.get(entity.type)
    if schema == "Organization" and _has_legal_form(entity):
        return "Company"
    return schema


def _has_legal_form(entity: EntityRecord) -> bool:
    from rigour.names.org_types import extract_org_types

    names = {entity.name, *(alias for alias, _count in entity.aliases)}
    return any(extract_org_types(name.casefold()) for name in names)


def ftm_entities(conn: sqlite3.Connection, counts: dict[str, int] | None = None) -> Iterator[Any]:
    """Every actor, document and actor-in-document link as FtM entity proxies.

    * actors: their schema (:data:`FTM_SCHEMATA`), ``name``, every other spelling as ``alias``,
      a ``description`` with the type and counts; a Territory also gets ``country`` when FtM's
      country type recognises its name;
    * documents: ``Article`` (title, body text, date, URL, publisher, file name, and the author
      when the source gave one);
    * each actor in each document: a ``Documentation`` (document → entity, role ``mentioned``,
      the spellings used) and, for people and organisations, a ``Mention`` (the names as written,
      resolved to the actor).
    """
    from followthemoney import model
    from followthemoney.types import registry

    counts = counts if counts is not None else {}
    actor_ids: dict[int, tuple[str, str]] = {}  # entity id -> (ftm id, schema)
    for entity in exports.entity_records(conn):
        schema = ftm_schema(entity)
        if schema is None:
            counts["skipped"] = counts.get("skipped", 0) + 1
            continue
        proxy = model.make_entity(schema)
        proxy.make_id(FTM_NAMESPACE, "entity", str(entity.id))
        proxy.add("name", entity.name)
        proxy.add("alias", [alias for alias, _n in entity.aliases if alias != entity.name])
        proxy.add(
            "description",
            f"{entity.type} named {plural(entity.mentions, 'time')} in "
            f"{plural(entity.documents, 'document')} (libya-explore entity {entity.id})",
        )
        if schema == "Territory":
            proxy.add("country", registry.country.clean(entity.name))
        actor_ids[entity.id] = (str(proxy.id), schema)
        counts["entities"] = counts.get("entities", 0) + 1
        yield proxy
    article_ids: dict[int, tuple[str, str | None]] = {}  # document id -> (ftm id, date)
    for document in exports.document_records(conn):
        article = model.make_entity("Article")
        article.make_id(FTM_NAMESPACE, "document", document.sha256)
        article.add("title", document.title)
        article.add("bodyText", document.text)
        article.add("publishedAt", document.date)
        article.add("sourceUrl", document.url)
        article.add("publisher", document.source)
        article.add("fileName", document.path)
        article.add("author", _extra_text(document.extra, "author"))
        article_ids[document.id] = (str(article.id), document.date)
        counts["documents"] = counts.get("documents", 0) + 1
        yield article
    for link in exports.document_links(conn):
        if link.entity_id not in actor_ids:
            continue
        actor_id, schema = actor_ids[link.entity_id]
        article_id, date = article_ids[link.document_id]
        documentation = model.make_entity("Documentation")
        documentation.make_id(FTM_NAMESPACE, "documentation", actor_id, article_id)
        documentation.add("document", article_id)
        documentation.add("entity", actor_id)
        documentation.add("role", "mentioned")
        documentation.add("summary", f"named {plural(link.mentions, 'time')}")
        documentation.add("namesMentioned", list(link.spellings))
        documentation.add("date", date)
        counts["links"] = counts.get("links", 0) + 1
        yield documentation
        if schema in FTM_LEGAL_ENTITIES:
            mention = model.make_entity("Mention")
            mention.make_id(FTM_NAMESPACE, "mention", actor_id, article_id)
            mention.add("document", article_id)
            mention.add("resolved", actor_id)
            mention.add("name", list(link.spellings))
            mention.add("detectedSchema", schema)
            counts["links"] = counts.get("links", 0) + 1
            yield mention


def _extra_text(extra: str | None, key: str) -> str | None:
    """A text field of a document's extra fields (``documents.extra``, a JSON object)."""
    try:
        value = json.loads(extra).get(key) if extra else None
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def export_ftm(conn: sqlite3.Connection, out: IO[str]) -> FtmCounts:
    """FollowTheMoney entities as JSON Lines (``ftm`` and Aleph's ``alephclient`` read them)."""
    counts: dict[str, int] = {}
    for proxy in ftm_entities(conn, counts):
        out.write(dumps(proxy.to_dict(), indent=None) + "\n")
    out.flush()
    return FtmCounts(
        counts.get("entities", 0),
        counts.get("skipped", 0),
        counts.get("documents", 0),
        counts.get("links", 0),
    )
