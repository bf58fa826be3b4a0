"""libya-explore: the actors in news coverage, from articles to a terminal explorer.

Layers, bottom to top; a module imports only from its own layer or below (enforced by the
import-linter contracts in ``pyproject.toml``, run by ``make check`` and the test suite):

1. **foundation**: :mod:`~explorer.errors`, :mod:`~explorer.labels`, :mod:`~explorer.normalize`
   (matching keys), :mod:`~explorer.parsed` (NLP results as offsets, and their one codec),
   :mod:`~explorer.safetext` (untrusted text shown safely);
2. **readers**: :mod:`~explorer.readers` (files → articles or one-line problems);
3. **nlp**: :mod:`~explorer.nlp` (spaCy → sentence and entity offsets; the only spaCy importer);
4. **resolution** (pure, no SQL): :mod:`explorer.resolution` (``gazetteer``, ``clusters``,
   ``resolve`` (the rules), ``decisions`` (curation re-applied));
5. **storage and queries**: :mod:`explorer.store` (all the package's SQL);
6. **services**: :mod:`explorer.pipeline` (ingest, the NLP back ends, resolution and curation
   over a database);
7. **front ends**: :mod:`explorer.tui` (the Textual explorer) below :mod:`explorer.cli` (the
   ``libya-explore`` command, which also starts the explorer).
"""
