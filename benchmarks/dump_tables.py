"""Dump every content table of two databases and diff them: proof that a change kept the output.

Row ids that may differ between two equal ingests are replaced by what they stand for:
a document by its path, a sentence by its document and index, a mention by its document and
span, an entity by its name, type and first mention; the ids of other tables are left out, and
so are timestamps (``ingested_at``, ``created_at`` …). Full-text indexes and their shadow tables
are skipped (they follow from the content tables). Rows are compared as sorted multisets.

Usage: ``python benchmarks/dump_tables.py A.db B.db [--show 5]``; exit status 0 when every
table is the same, 1 otherwise (each differing table is listed with a few rows only in A or B).
``--dump A.db`` prints one database's normalised rows instead.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

#: Columns whose values are times of day, not content.
TIMES = frozenset({"ingested_at", "created_at", "applied_at", "undone_at", "resolved_at"})
#: meta keys that hold times.
META_TIMES = frozenset({"resolved_at"})
#: Which table a reference column points to (besides ``<table>_id`` with a singular name).
REFERENCES = {
    "entity_id": "entities",
    "other_id": "entities",
    "document_id": "documents",
    "sentence_id": "sentences",
    "mention_id": "mentions",
}

Row = tuple


def content_tables(conn: sqlite3.Connection) -> list[str]:
    """Ordinary tables, without full-text indexes, their shadow tables and migrations."""
    names = [
        name
        for (name, sql) in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        if "VIRTUAL TABLE" not in (sql or "").upper()
    ]
    fts = [n for n in names if n.endswith("_fts")]
    return [
        n
        for n in names
        if not n.startswith(("sqlite_", "_sqlite_"))
        and not any(n.startswith(f + "_") or n == f for f in fts)
        and "_fts_" not in n
        and not n.endswith("_fts")
    ]


def natural_keys(conn: sqlite3.Connection) -> dict[str, dict[int, object]]:
    """For each table whose ids others refer to: id -> what the id stands for."""
    documents = dict(conn.execute("SELECT id, path FROM documents"))
    sentences = {
        i: (documents[d], idx)
        for i, d, idx in conn.execute("SELECT id, document_id, idx FROM sentences")
    }
    mentions = {
        i: (documents[d], start, end)
        for i, d, start, end in conn.execute('SELECT id, document_id, start, "end" FROM mentions')
    }
    first_mention: dict[int, object] = {}
    for entity, mention in conn.execute("SELECT entity_id, id FROM mentions"):
        key = mentions[mention]
        if entity not in first_mention or key < first_mention[entity]:  # type: ignore[operator]
            first_mention[entity] = key
    entities = {
        i: (name, kind, first_mention.get(i))
        for i, name, kind in conn.execute("SELECT id, name, type FROM entities")
    }
    return {
        "documents": documents,
        "sentences": sentences,
        "mentions": mentions,
        "entities": entities,
    }


def table_rows(conn: sqlite3.Connection, table: str, keys: dict[str, dict[int, object]]) -> Counter:
    """The table's rows with ids replaced by natural keys (or dropped) and times left out."""
    columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    rows: Counter = Counter()
    quoted = ", ".join(f'"{c}"' for c in columns)
    for values in conn.execute(f'SELECT {quoted} FROM "{table}"'):
        row = []
        for column, value in zip(columns, values, strict=True):
            if column in TIMES:
                continue
            if column == "id":
                if table not in keys:
                    continue
                value = keys[table].get(value, ("missing", value))
            elif column in REFERENCES and value is not None:
                value = keys[REFERENCES[column]].get(value, ("missing", value))
            row.append(repr(value))
        if table == "meta" and values[0] in META_TIMES:
            continue
        rows[tuple(row)] += 1
    return rows


def dump(path: Path) -> dict[str, Counter]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        keys = natural_keys(conn)
        return {table: table_rows(conn, table, keys) for table in content_tables(conn)}
    finally:
        conn.close()


def differences(
    a: dict[str, Counter], b: dict[str, Counter]
) -> Iterator[tuple[str, Counter, Counter]]:
    """``(table, rows only in a, rows only in b)`` for each table that differs."""
    for table in sorted(set(a) | set(b)):
        rows_a, rows_b = a.get(table, Counter()), b.get(table, Counter())
        if rows_a != rows_b:
            yield table, rows_a - rows_b, rows_b - rows_a


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="+", type=Path, help="A.db B.db (or one with --dump)")
    parser.add_argument("--show", type=int, default=5, help="rows shown per differing table")
    parser.add_argument("--dump", action="store_true", help="print one database's rows")
    args = parser.parse_args()
    for path in args.databases:
        if not path.is_file():
            print(f"dump_tables: no such database: {path}", file=sys.stderr)
            return 2
    if args.dump:
        for table, rows in dump(args.databases[0]).items():
            for row in sorted(rows.elements()):
                print(table, *row, sep="\t")
        return 0
    if len(args.databases) != 2:
        print("dump_tables: give two databases (or one with --dump)", file=sys.stderr)
        return 2
    a, b = (dump(path) for path in args.databases)
    same = True
    for table, only_a, only_b in differences(a, b):
        same = False
        print(f"{table}: {sum(only_a.values())} rows only in A, {sum(only_b.values())} only in B")
        for label, rows in (("A", only_a), ("B", only_b)):
            for row in sorted(rows)[: args.show]:
                print(f"  {label}: {' | '.join(row)[:300]}")
    total = sum(sum(rows.values()) for rows in a.values())
    print(
        f"{'identical' if same else 'DIFFERENT'}: {len(a)} tables, {total:,} rows in A"
        + ("" if same else " (see above)")
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
