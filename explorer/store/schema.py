"""The schema: every table, view and index, and the migrations that build them, in order.

Migrations run through sqlite-utils' ``Migrations`` (its table ``_sqlite_migrations`` records
which ran), in the order they are defined here; their names must never change. The schema's
table and column names are a contract that datasette users and scripts read; see the README.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

#: ``PRAGMA application_id`` of our databases ("LYBX"): tells ours from another application's.
APPLICATION_ID = 0x4C594258
#: ``PRAGMA user_version``: bumped with every migration that changes the schema.
SCHEMA_VERSION = 13


def now_iso() -> str:
    """A timestamp as the schema stores them (``ingested_at``, ``created_at``, ``meta``)."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


class _DeferredMigrations:
    """sqlite-utils' ``Migrations`` registry, without importing sqlite-utils until applied.

    Importing sqlite-utils costs ~0.1 s (it pulls in numpy), which the read-only one-liners must not
    pay. Registration (``@migrations()``) is recorded here and replayed onto a real
    ``sqlite_utils.migrations.Migrations`` when :meth:`apply` runs (on the write path).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._registered: list[tuple[Callable[[Database], None], dict]] = []

    def __call__(self, **options: object) -> Callable:
        def register(func: Callable[[Database], None]) -> Callable[[Database], None]:
            self._registered.append((func, options))
            return func

        return register

    def apply(self, db: Database) -> None:
        from sqlite_utils.migrations import Migrations

        real = Migrations(self.name)
        for func, options in self._registered:
            real(**options)(func)
        real.apply(db)


migrations = _DeferredMigrations("libya-explore")


# --------------------------------------------------------------------------- m001, m002: the tables


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            file TEXT NOT NULL,
            title TEXT NOT NULL,
            date TEXT,
            source TEXT,
            url TEXT,
            sha256 TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            n_sentences INTEGER NOT NULL DEFAULT 0,
            n_words INTEGER NOT NULL DEFAULT 0,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX idx_documents_file ON documents(file);

        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE UNIQUE INDEX idx_sentences_document_idx ON sentences(document_id, idx);

        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            mention_count INTEGER NOT NULL DEFAULT 0,
            document_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX idx_entities_mention_count ON entities(mention_count DESC);
        CREATE INDEX idx_entities_type ON entities(type, mention_count DESC);

        CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            normalized TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX idx_aliases_entity_id ON aliases(entity_id);
        CREATE INDEX idx_aliases_normalized ON aliases(normalized);
        CREATE UNIQUE INDEX idx_aliases_entity_alias ON aliases(entity_id, alias);

        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL
        );
        CREATE INDEX idx_mentions_entity_id ON mentions(entity_id, document_id, start);
        CREATE INDEX idx_mentions_document_id ON mentions(document_id);
        CREATE INDEX idx_mentions_sentence_id ON mentions(sentence_id);

        -- A user's curation decisions, re-applied after every resolution.
        CREATE TABLE curation (
            id INTEGER PRIMARY KEY,
            action TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL
        );

        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )
    db.table("sentences").enable_fts(["text"], create_triggers=True, tokenize="unicode61")
    db.table("entities").enable_fts(["name"], create_triggers=True, tokenize="unicode61")
    db.table("aliases").enable_fts(["alias"], create_triggers=True, tokenize="unicode61")


@migrations()
def m002_views(db: Database) -> None:
    """Views for SQL users (datasette, sqlite3) and full-text search on document titles.

    ``mention_context``: every mention with its actor, sentence and document.
    ``cooccurrence``: ordered actor pairs named in the same sentences (each pair appears once in
    each order, so filtering on ``actor_id`` lists all of an actor's partners).
    ``actor_documents``: how often each actor is named in each document.
    """
    db.executescript(
        """
        CREATE VIEW mention_context AS
        SELECT m.id AS mention_id, m.text AS mention, m.label AS label,
               e.id AS actor_id, e.name AS actor, e.type AS actor_type,
               s.id AS sentence_id, s.text AS sentence,
               d.id AS document_id, d.title AS document_title, d.date AS date,
               m.start AS start, m."end" AS "end"
        FROM mentions m
        JOIN entities e ON e.id = m.entity_id
        JOIN sentences s ON s.id = m.sentence_id
        JOIN documents d ON d.id = m.document_id;

        CREATE VIEW cooccurrence AS
        SELECT a.entity_id AS actor_id, ea.name AS actor, ea.type AS actor_type,
               b.entity_id AS other_id, eb.name AS other, eb.type AS other_type,
               count(DISTINCT a.sentence_id) AS sentences,
               count(DISTINCT a.document_id) AS documents
        FROM mentions a
        JOIN mentions b ON b.sentence_id = a.sentence_id AND b.entity_id != a.entity_id
        JOIN entities ea ON ea.id = a.entity_id
        JOIN entities eb ON eb.id = b.entity_id
        GROUP BY a.entity_id, b.entity_id;

        CREATE VIEW actor_documents AS
        SELECT m.entity_id AS actor_id, e.name AS actor, e.type AS actor_type,
               m.document_id AS document_id, d.title AS document_title, d.date AS date,
               count(*) AS mentions
        FROM mentions m
        JOIN entities e ON e.id = m.entity_id
        JOIN documents d ON d.id = m.document_id
        GROUP BY m.entity_id, m.document_id;
        """
    )
    db.table("documents").enable_fts(["title"], create_triggers=True, tokenize="unicode61")


# --------------------------------------------------------------------------- m003, m004: fuzzy index
# The search index of explorer.store.search: keys of each distinct ``aliases.normalized`` string.
# A trigger queues every alias string not yet indexed in ``fuzzy_pending``, whoever writes it;
# the writers of explorer.store.fuzzy_index flush the queue (the keys are computed in Python).


@migrations()
def m003_fuzzy_keys(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS fuzzy_tokens (
            token TEXT NOT NULL,
            length INTEGER NOT NULL,
            normalized TEXT NOT NULL,
            PRIMARY KEY (token, length, normalized)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS fuzzy_keys (
            key TEXT NOT NULL,
            token TEXT NOT NULL,
            PRIMARY KEY (key, token)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS fuzzy_indexed (normalized TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS fuzzy_pending (normalized TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS aliases_fuzzy_insert AFTER INSERT ON aliases
        WHEN NOT EXISTS (SELECT 1 FROM fuzzy_indexed WHERE normalized = new.normalized)
        BEGIN
            INSERT OR IGNORE INTO fuzzy_pending (normalized) VALUES (new.normalized);
        END;
        CREATE TRIGGER IF NOT EXISTS aliases_fuzzy_update AFTER UPDATE OF normalized ON aliases
        WHEN NOT EXISTS (SELECT 1 FROM fuzzy_indexed WHERE normalized = new.normalized)
        BEGIN
            INSERT OR IGNORE INTO fuzzy_pending (normalized) VALUES (new.normalized);
        END;
        INSERT OR IGNORE INTO fuzzy_pending (normalized) SELECT DISTINCT normalized FROM aliases
        WHERE normalized NOT IN (SELECT normalized FROM fuzzy_indexed);
        """
    )


@migrations()
def m004_fuzzy_popularity(db: Database) -> None:
    """Popularity (mention count) of each indexed string, so a prefix that thousands of names
    share still brings the most-mentioned ones to the scorer."""
    for table in ("fuzzy_tokens", "fuzzy_indexed"):  # idempotent, like the other migrations
        if "popularity" not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN popularity INTEGER NOT NULL DEFAULT 0")
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS fuzzy_tokens_popular ON fuzzy_tokens (token, popularity DESC);
        CREATE TABLE IF NOT EXISTS fuzzy_token_popularity (
            token TEXT PRIMARY KEY,
            popularity INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
    )
    # Imported here: readers that only check the schema version never load the index's code.
    from explorer.store.fuzzy_index import flush_fuzzy_pending, refresh_fuzzy_popularity

    flush_fuzzy_pending(db)
    refresh_fuzzy_popularity(db)


# --------------------------------------------------------------------------- m005: ingest speed
# sqlite-utils' FTS sync triggers fire on *any* update of a row, so every mention-count bump of an
# entity or an alias during ingest deleted and re-inserted its name in the full-text index. The
# index only depends on the indexed column (and the row id): narrowing the triggers to those
# columns leaves the index identical and cuts the writer's time by a quarter. Older databases work
# as before with the wider triggers, so the schema version does not change.

_FTS_COLUMNS = {"sentences": "text", "documents": "title", "entities": "name", "aliases": "alias"}


@migrations()
def m005_narrow_fts_update_triggers(db: Database) -> None:
    for table, column in _FTS_COLUMNS.items():
        if not db[f"{table}_fts"].exists():
            continue
        db.execute(f"DROP TRIGGER IF EXISTS [{table}_au]")
        db.execute(
            f"CREATE TRIGGER [{table}_au] AFTER UPDATE OF [id], [{column}] ON [{table}] BEGIN\n"
            f"  INSERT INTO [{table}_fts] ([{table}_fts], rowid, [{column}]) "
            f"VALUES('delete', old.rowid, old.[{column}]);\n"
            f"  INSERT INTO [{table}_fts] (rowid, [{column}]) VALUES (new.rowid, new.[{column}]);\n"
            "END"
        )


# --------------------------------------------------------------------------- m006: extra fields


@migrations()
def m006_document_extra(db: Database) -> None:
    """``documents.extra``: the fields of an article's source record that have no column of their
    own (JSONL fields such as ``category`` or ``author``, CSV columns, a web page's author), as a
    JSON object; NULL when there are none. An ingest fills it for stored documents too."""
    if "extra" not in {row[1] for row in db.execute("PRAGMA table_info(documents)")}:
        db.execute("ALTER TABLE documents ADD COLUMN extra TEXT")


# --------------------------------------------------------------------------- m009: mention evidence
# ``mentions.title``: the title words trimmed from in front of a name when its span was cleaned
# (explorer.spans: "mr", "foreign secretary"), NULL when there were none or for mentions stored
# before this migration. Resolution reads it as evidence (SurfaceGroup.titles).


@migrations()
def m009_mention_evidence(db: Database) -> None:
    if "title" not in {row[1] for row in db.execute("PRAGMA table_info(mentions)")}:
        db.execute("ALTER TABLE mentions ADD COLUMN title TEXT")


# --------------------------------------------------------------------------- m011: curation undo


@migrations()
def m011_curation_undo(db: Database) -> None:
    """Curation history and undo: what each decision did (``summary``, one line for people), how
    to revert it in place (``undo``, JSON: the moved mention ids, the old name or type), when it
    was undone (``undone_at``: resolution no longer re-applies it), and the decisions taken
    together (``batch``: the first one's id, when several actors were merged at once)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(curation)")}
    added = (("summary", "TEXT"), ("undo", "TEXT"), ("undone_at", "TEXT"), ("batch", "INTEGER"))
    for column, kind in added:
        if column not in columns:
            db.execute(f"ALTER TABLE curation ADD COLUMN {column} {kind}")


# --------------------------------------------------------------------------- m012: names searchable
# Search ranks entities by their names as well as their aliases: a gazetteer's name that no
# article uses ("Aguila Saleh", where articles say "Aqila Saleh") or a curated rename. The index
# files each name's matching key like an alias string; ``fuzzy_names`` maps the key back to the
# names that have it (by name, not id: re-resolving actors keeps it valid, like the alias keys).
# ``alone`` marks the names that some entity bears without an alias of the same key: only those
# need the name lookup when a search joins strings to entities (the others come with an alias).


@migrations()
def m012_fuzzy_names(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS fuzzy_names (
            normalized TEXT NOT NULL,
            name TEXT NOT NULL,
            alone INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (normalized, name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS fuzzy_names_name ON fuzzy_names (name);
        CREATE INDEX IF NOT EXISTS fuzzy_names_alone ON fuzzy_names (normalized) WHERE alone;
        CREATE INDEX IF NOT EXISTS idx_entities_name ON entities (name);
        """
    )
    from explorer.store.fuzzy_index import sync_fuzzy_index

    sync_fuzzy_index(db)


# --------------------------------------------------------------------------- m013: normalised dates
# ``documents.date`` holds ``YYYY-MM-DD`` (explorer.dates) or NULL: timelines group by its prefix,
# and the explorer's from:/to: filters compare it as text. Dates stored before were kept as
# written ("June 9, 2020"): they are normalised in place. A value that is not a full date
# becomes NULL (the document undated), what it said kept in ``extra`` as ``date_as_written``,
# as an ingest does now.


@migrations()
def m013_normalised_dates(db: Database) -> None:
    from explorer.dates import date_or_problem

    rows = db.execute("SELECT id, date FROM documents WHERE date IS NOT NULL").fetchall()
    for document_id, written in rows:
        date, problem = date_or_problem(written)
        if date == written:
            continue
        if problem is None and date is not None:
            db.execute("UPDATE documents SET date = ? WHERE id = ?", [date, document_id])
            continue
        db.execute(
            "UPDATE documents SET date = NULL, extra = json_set(coalesce(extra, '{}'), "
            "'$.date_as_written', ?) WHERE id = ?",
            [written, document_id],
        )


# --------------------------------------------------------------------------- m008: co-occurrence index
# ``entity_pairs``: actor pairs named in the same sentences, both orders, with shared sentences and
# documents, kept by ingest, resolution and curation (explorer.store.cooccurrence); the
# ``cooccurrence`` view (same columns as before) now reads it instead of joining every mention.


@migrations()
def m008_cooccurrence(db: Database) -> None:
    from explorer.store.cooccurrence import create_pairs_table

    create_pairs_table(db)


# --------------------------------------------------------------------------- m014: resolution state
# What incremental resolution (explorer.pipeline.resolution) reads instead of every mention and
# every document's text: one row per surface group (document, surface, label) with its mention
# count, the titles trimmed from its mentions (comma-joined) and its contextual type evidence
# summed over them (explorer.resolution.evidence.GroupEvidence's counts, comma-joined in the order
# of its fields, which meta.resolution_evidence records; NULL when it has none). The writer
# fills it with each document; deleting a document deletes its rows.
# ``resolution_dirty`` lists the entities whose mentions were added
# or deleted since the last resolution (triggers), so resolution recounts only those. The table is
# trusted once a full pass built it (``meta.resolution_state = '1'``); until then, and with
# ``libya-explore resolve --full``, resolution rebuilds it from the mentions.


@migrations()
def m014_resolution_state(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS resolution_groups (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            count INTEGER NOT NULL,
            titles TEXT,
            evidence TEXT,
            PRIMARY KEY (document_id, text, label)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS resolution_dirty (entity_id INTEGER PRIMARY KEY) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS mentions_dirty_insert AFTER INSERT ON mentions BEGIN
            INSERT OR IGNORE INTO resolution_dirty (entity_id) VALUES (new.entity_id);
        END;
        CREATE TRIGGER IF NOT EXISTS mentions_dirty_delete AFTER DELETE ON mentions BEGIN
            INSERT OR IGNORE INTO resolution_dirty (entity_id) VALUES (old.entity_id);
        END;
        DELETE FROM meta WHERE key = 'resolution_state';
        """
    )
    if db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0:
        # A new (or empty) database: the writer files every document's groups from the start.
        # (as explorer.store.resolution_state.mark_state_ready: that module imports this one)
        import dataclasses

        from explorer.resolution.evidence import GroupEvidence

        fields = ",".join(f.name for f in dataclasses.fields(GroupEvidence))
        db.conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("resolution_state", "1"), ("resolution_evidence", fields)],
        )


# --------------------------------------------------------------------------- m007: statements
# Who said what (issue 15): one row per reported statement and speaker. ``start``/``end`` index the
# reported content in ``documents.text``; ``cue`` is the speech verb or phrase ("said",
# "according to"; NULL for a quotation that goes on without one), ``kind`` ``direct`` or
# ``indirect``. ``mention_id`` is the speaker's mention (for a pronoun or a description, the
# mention of the actor it points back to), NULL for an unnamed source; ``entity_id`` is that
# mention's entity, refreshed after every resolution and curation edit
# (:func:`explorer.store.statements.refresh_statement_entities`). Databases made before this
# migration get their statements on ``ingest --reparse``.


@migrations()
def m007_statements(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS statements (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            cue TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('direct', 'indirect')),
            mention_id INTEGER REFERENCES mentions(id) ON DELETE SET NULL
        );
        CREATE INDEX IF NOT EXISTS idx_statements_entity_id
            ON statements(entity_id, document_id, start);
        CREATE INDEX IF NOT EXISTS idx_statements_document_id ON statements(document_id, start);
        CREATE INDEX IF NOT EXISTS idx_statements_sentence_id ON statements(sentence_id);
        CREATE INDEX IF NOT EXISTS idx_statements_mention_id ON statements(mention_id);

        DROP VIEW IF EXISTS actor_statements;
        CREATE VIEW actor_statements AS
        SELECT st.id AS statement_id, e.id AS actor_id, e.name AS actor, e.type AS actor_type,
               st.cue AS cue, st.kind AS kind,
               substr(d.text, st.start + 1, st."end" - st.start) AS content,
               s.id AS sentence_id, s.text AS sentence,
               d.id AS document_id, d.title AS document_title, d.date AS date,
               st.start AS start, st."end" AS "end", st.mention_id AS mention_id
        FROM statements st
        LEFT JOIN entities e ON e.id = st.entity_id
        JOIN sentences s ON s.id = st.sentence_id
        JOIN documents d ON d.id = st.document_id;
        """
    )


# --------------------------------------------------------------------------- m015: honorific gender
# A surface group is (document, surface, label, gender): ``mentions.gender`` is the gender of the
# honorific trimmed from the mention ("male" for "Mr", "female" for "Mrs"; '' when it had none of
# either, explorer.resolution.people.mention_gender), so that "Mr Howard" and "Mrs Howard" in one
# story are two groups that resolution can give to two people. Filled from ``mentions.title``
# (explorer.store.genders, which a full resolution runs again). ``resolution_groups`` gets the same
# column in its key: it is made again, empty, and the next resolution rebuilds it (a full pass),
# unless the database has no documents yet.


@migrations()
def m015_group_gender(db: Database) -> None:
    from explorer.store.genders import refresh_mention_genders

    if "gender" not in {row[1] for row in db.execute("PRAGMA table_info(mentions)")}:
        db.execute("ALTER TABLE mentions ADD COLUMN gender TEXT NOT NULL DEFAULT ''")
    refresh_mention_genders(db)
    if "gender" in {row[1] for row in db.execute("PRAGMA table_info(resolution_groups)")}:
        return
    db.executescript(
        """
        DROP TABLE IF EXISTS resolution_groups;
        CREATE TABLE resolution_groups (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            gender TEXT NOT NULL,
            count INTEGER NOT NULL,
            titles TEXT,
            evidence TEXT,
            PRIMARY KEY (document_id, text, label, gender)
        ) WITHOUT ROWID;
        """
    )
    if db.execute("SELECT count(*) FROM documents").fetchone()[0] > 0:
        db.execute("DELETE FROM meta WHERE key = 'resolution_state'")  # the next pass rebuilds it


# --------------------------------------------------------------------------- m016: form totals
# Per surface, the sums resolution's form counts and type votes are made of (issue 17.1):
# ``form_totals`` (mentions, labels, honorifics' genders, summed type evidence, counts as
# ``label\x1en`` entries joined by ``\x1f``, evidence as ``resolution_groups.evidence``) and
# ``form_total_documents`` (the documents each surface is in, with its groups there), kept by
# the writer with ``resolution_groups`` (explorer.store.stored_totals). Trusted while
# ``meta.form_totals = '1'``: set here on a new database, else by the next full resolution.


@migrations()
def m016_form_totals(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS form_totals (
            text TEXT PRIMARY KEY,
            mentions INTEGER NOT NULL,
            labels TEXT NOT NULL,
            genders TEXT NOT NULL,
            evidence TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS form_total_documents (
            text TEXT NOT NULL,
            document_id INTEGER NOT NULL,
            groups INTEGER NOT NULL,
            PRIMARY KEY (text, document_id)
        ) WITHOUT ROWID;
        """
    )
    empty = db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('form_totals', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        ["1" if empty else "0"],
    )
