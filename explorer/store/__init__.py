"""Storage and queries: the only package that speaks SQL.

* :mod:`~explorer.store.schema`: the schema (tables, views, FTS, the fuzzy index's tables) and
  every migration, in order; ``APPLICATION_ID`` and ``SCHEMA_VERSION``.
* :mod:`~explorer.store.connect`: finding, checking and opening databases; write transactions.
* :mod:`~explorer.store.documents`: ingest's writes: documents, sentences, mentions; ``meta``.
* :mod:`~explorer.store.resolution`: what resolution reads and the rewrite of its result (all
  of it, or only what changed).
* :mod:`~explorer.store.resolution_state`: the surface groups and their type evidence, kept by
  the writer for incremental resolution.
* :mod:`~explorer.store.curation`: the ``curation`` table and the entity edits it records.
* :mod:`~explorer.store.fuzzy_index`: the fuzzy search index: its keys, writes and reads.
* :mod:`~explorer.store.search`: fuzzy search: the index's candidates ranked with rapidfuzz.
* :mod:`~explorer.store.queries`: every read the explorer and the one-liners make.

The schema's table and column names are a contract that datasette users and scripts read; see
the README.
"""
