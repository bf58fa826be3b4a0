"""The datasette plugin shipped with libya-explore (entry point group ``datasette``).

With the package installed beside datasette, ``datasette any-name.db`` is useful with no flags.
For every database that is ours (``PRAGMA application_id``), whatever its file is called:

* **metadata**: titles, descriptions, facets, label columns and canned queries (their SQL
  hidden), from ``datasette_metadata.yml`` beside this module; internal tables hidden (the fuzzy
  index, ``meta``, full-text shadow tables, any bookkeeping table that is not in the schema's
  contract). A ``--metadata`` file still applies on top (datasette merges it last).
* ``libya_actor(text)``: a SQL function giving the id of the one actor the text means, as
  ``libya-explore search`` ranks them (:mod:`explorer.store.datasette_sql`).
* ``_actor=NAME`` on the actor-keyed tables and views (``entities``, and any with an
  ``actor_id`` or ``entity_id`` column: ``mention_context``, ``cooccurrence``,
  ``actor_documents``, ``mentions``, ``aliases``, ``statements``…): a filter that keeps that
  actor's rows, so the page paginates through all of them (and exports them as CSV).
* ``/DB/actor_mentions?actor=NAME``: redirects to ``mention_context?_actor=NAME`` (``.json``
  too): every mention of the actor, page after page, never cut at 1,000.
* ids in views and query results shown as links to their rows, labelled with a name or title.

Nothing here writes SQL: the statements live in the store layer.
"""

from __future__ import annotations

import copy
import functools
import re
import sqlite3
import threading
import urllib.parse
from importlib import resources
from typing import Any

import markupsafe
import yaml
from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Response

from explorer.safetext import one_line
from explorer.store import datasette_sql
from explorer.store.datasette_sql import DatabaseFacts

#: The filter parameter (underscored: datasette does not read it as a column filter).
ACTOR_PARAM = "_actor"
#: The column holding an actor's id, for the ``_actor`` filter: ``entities.id``, else a table's
#: or view's ``actor_id`` (the views), else its ``entity_id`` (mentions, aliases, statements…).
ACTOR_COLUMNS = {"entities": "id"}
ACTOR_ID_COLUMNS = ("actor_id", "entity_id")
#: Id columns shown as links in views and query results: the table they point into, and the
#: columns of the same row that hold its label (else it is read from the table).
ID_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "actor_id": ("entities", ("actor",)),
    "other_id": ("entities", ("other",)),
    "entity_id": ("entities", ("actor", "name")),
    "document_id": ("documents", ("document_title", "title")),
    "mention_id": ("mentions", ("mention",)),
    "sentence_id": ("sentences", ()),
}
#: Characters of a label shown in a cell (sentences are long).
LABEL_CHARS = 40
#: Where ``/DB/actor_mentions`` sends its visitors, sorted so pages follow one another.
MENTIONS_VIEW, MENTIONS_ORDER = "mention_context", "mention_id"


# --------------------------------------------------------------------------- which databases


class _FactsCache:
    """What each served database file is, read once and again when its schema changes.

    ``get_metadata`` is synchronous and runs many times per page, so each file keeps one
    read-only connection; a ``PRAGMA schema_version`` tells whether the facts still hold.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[sqlite3.Connection | None, DatabaseFacts | None]] = {}

    def facts(self, path: str | None) -> DatabaseFacts | None:
        if not path:
            return None  # an in-memory database is never ours
        with self._lock:
            conn, facts = self._entries.get(path, (None, None))
            try:
                if conn is None:
                    conn = datasette_sql.open_snapshot(path)
                if facts is None or datasette_sql.schema_cookie(conn) != facts.schema_cookie:
                    facts = datasette_sql.read_facts(conn)
            except sqlite3.Error:
                facts = None  # not SQLite, gone, unreadable: not ours (datasette will say why)
            self._entries[path] = (conn, facts)
            return facts


_FACTS = _FactsCache()


def _facts(datasette: Any, database: str | None) -> DatabaseFacts | None:
    if database is None or database not in datasette.databases:
        return None
    return _FACTS.facts(datasette.databases[database].path)


def _ours(datasette: Any, database: str | None) -> DatabaseFacts | None:
    """The database's facts when it is ours, else None."""
    facts = _facts(datasette, database)
    return facts if facts is not None and facts.ours else None


# --------------------------------------------------------------------------- metadata


@functools.cache
def _template() -> dict:
    text = resources.files("explorer.web").joinpath("datasette_metadata.yml").read_text("utf-8")
    return yaml.safe_load(text)


def database_metadata(database_url: str, facts: DatabaseFacts) -> dict:
    """The metadata of one of our databases served at ``database_url``."""
    template = _template()
    metadata: dict[str, Any] = {
        "description_html": template["description_html"].replace("{database_url}", database_url),
        "tables": copy.deepcopy(template["tables"]),
        "queries": {
            name: {**copy.deepcopy(query), "sql": datasette_sql.CANNED_SQL[name], "hide_sql": True}
            for name, query in template["queries"].items()
        },
    }
    for name in facts.internal_tables:
        metadata["tables"].setdefault(name, {})["hidden"] = True
    return metadata


@hookimpl
def get_metadata(datasette: Any, key: str, database: str | None, table: str | None) -> dict:
    ours = {
        name: database_metadata(datasette.urls.database(name), facts)
        for name in datasette.databases
        if (facts := _ours(datasette, name)) is not None
    }
    if not ours:
        return {}
    return {
        "title": "libya-explore",
        "description": "Actors in news coverage: who is mentioned, where, alongside whom, "
        "and in which exact sentence.",
        "databases": ours,
    }


# --------------------------------------------------------------------------- SQL function


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    if _ours(datasette, database) is not None:
        datasette_sql.register_functions(conn)


# --------------------------------------------------------------------------- the _actor filter


def describe_pick(words: str, pick: Any) -> str:
    """How the ``_actor`` filter reads on the page (HTML-escaped by datasette's templates)."""
    label = f"{one_line(pick.entity.name)} ({one_line(pick.entity.type)}, id {pick.entity.id})"
    if pick.matched_by == "fuzzy":
        return f"actor is {label}, best match for {one_line(words)!r} (score {pick.score:.0f})"
    return f"actor is {label}"


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    words = request.args.get(ACTOR_PARAM)
    if words is None or _ours(datasette, database) is None:
        return None

    async def actor_filter() -> FilterArguments:
        db = datasette.get_database(database)
        columns = await db.table_columns(table)
        column = ACTOR_COLUMNS.get(table) or next(
            (name for name in ACTOR_ID_COLUMNS if name in columns), None
        )
        if column is None:
            return FilterArguments([], human_descriptions=[f"{table} has no actor column"])
        pick = await db.execute_fn(lambda conn: datasette_sql.pick_actor(conn, words))
        if pick is None:
            return FilterArguments(["0"], human_descriptions=[f"no actor matches {words!r}"])
        return FilterArguments(
            [f"[{column}] = :libya_actor_id"],
            {"libya_actor_id": pick.entity.id},
            [describe_pick(words, pick)],
        )

    return actor_filter()


# --------------------------------------------------------------------------- /DB/actor_mentions


def mentions_location(datasette: Any, database: str, fmt: str | None, query_string: str) -> str:
    """``mention_context?_actor=…`` with the request's other parameters, sorted by mention."""
    given = urllib.parse.parse_qsl(query_string, keep_blank_values=True)
    params = [(key, value) for key, value in given if key != "actor"]
    params.append((ACTOR_PARAM, dict(given).get("actor", "")))
    if not any(key in ("_sort", "_sort_desc") for key, _value in params):
        params.append(("_sort", MENTIONS_ORDER))
    path = datasette.urls.table(database, MENTIONS_VIEW, format=fmt)
    return f"{path}?{urllib.parse.urlencode(params)}"


async def actor_mentions(datasette: Any, request: Any) -> Response:
    database = tilde_decode(request.url_vars["database"])
    fmt = request.url_vars.get("format")
    if _ours(datasette, database) is None:
        return Response.text("Not found", status=404)
    if not request.args.get("actor", "").strip():
        if fmt == "json":
            error = "give the actor: ?actor=NAME (an id, a name, a spelling or a misspelling)"
            return Response.json({"ok": False, "error": error}, status=400)
        return Response.redirect(datasette.urls.database(database))
    return Response.redirect(mentions_location(datasette, database, fmt, request.query_string))


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """``/DB/actor_mentions`` for each of our databases (only theirs: another database may
    have a table of that name)."""
    names = [tilde_encode(name) for name in datasette.databases if _ours(datasette, name)]
    if not names:
        return []
    alternatives = "|".join(re.escape(name) for name in names)
    return [
        (rf"^/(?P<database>{alternatives})/actor_mentions(\.(?P<format>json))?$", actor_mentions)
    ]


# --------------------------------------------------------------------------- ids as links


def _sibling(row: Any, names: tuple[str, ...]) -> object:
    keys = row.keys() if hasattr(row, "keys") else ()
    for name in names:
        if name in keys and row[name] is not None:
            return row[name]
    return None


def _short(label: object) -> str:
    text = " ".join(str(label).split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Any:
    """Ids in views and query results as links to their rows, labelled (tables already are:
    datasette labels their foreign keys)."""
    if column not in ID_COLUMNS or not isinstance(value, int) or isinstance(value, bool):
        return None
    facts = _ours(datasette, database)
    if facts is None or (table is not None and table not in facts.views):
        return None
    target, siblings = ID_COLUMNS[column]

    async def link() -> markupsafe.Markup:
        label = _sibling(row, siblings)
        if label is None:
            label = await datasette.get_database(database).execute_fn(
                lambda conn: datasette_sql.label_of(conn, target, value)
            )
        url = f"{_table_url(datasette, database, target)}/{value}"
        shown = _short(label) if label is not None else ""
        # Escaped piece by piece: Markup.format costs a quarter of a millisecond a cell, which a
        # page of 1,000 partners pays 3,000 times.
        escape = markupsafe.escape
        return markupsafe.Markup(
            f'<a href="{escape(url)}">{escape(shown or value)}</a>&nbsp;'
            f"<em>{escape(value if shown else '')}</em>"
        )

    return link()


@functools.lru_cache(maxsize=256)
def _table_url(datasette: Any, database: str, table: str) -> str:
    return datasette.urls.table(database, table)
