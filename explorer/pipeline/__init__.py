"""Services: what the commands do, over the layers below (readers, NLP, resolution, storage).

* :mod:`~explorer.pipeline.ingest`: files → articles → NLP → storage → resolution, incremental.
* :mod:`~explorer.pipeline.parsing`: what the NLP back ends share (options, the cached pipeline,
  the gazetteer's patterns, long texts in pieces); the back ends are this process,
  :mod:`~explorer.pipeline.workers` (``--workers``) and :mod:`~explorer.pipeline.distributed`
  (Dask); :mod:`~explorer.pipeline.writer` stores documents beside spaCy.
* :mod:`~explorer.pipeline.resolution`: re-cluster every mention, re-apply curation, write.
* :mod:`~explorer.pipeline.curation`: merge, split, rename, set type, export actors.
* :mod:`~explorer.pipeline.lock`: one writer (ingest or resolve) per database at a time.

Nothing here prints or imports click, rich or Textual: progress goes to a
:class:`~explorer.pipeline.ingest.Reporter` the front end passes in, and problems are exceptions
(:class:`explorer.errors.UserError`, :class:`explorer.store.connect.DatabaseProblem`).
This package's ``__init__`` imports nothing, so the writer process loads only what it uses.
"""
