"""The Textual explorer. Only :mod:`explorer.tui.app` imports Textual; the rest is plain Python."""
