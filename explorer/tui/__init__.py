"""The Textual explorer: :mod:`~explorer.tui.app` (the app, its actions and thread workers),
:mod:`~explorer.tui.widgets` (the actors table, the virtual mentions list),
:mod:`~explorer.tui.screens` (help and curation dialogs), and :mod:`~explorer.tui.data`, its
data side (connections for the workers, the mentions layout), which never imports Textual.

Every read goes through :mod:`explorer.store.queries` and every write through
:mod:`explorer.pipeline.curation`, the same functions the one-liners call; untrusted text is shown
through :func:`explorer.safetext.same_length`. The explorer never imports spaCy.
"""
