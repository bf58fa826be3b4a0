"""Front ends for the browser: the datasette plugin (``libya-explore serve`` runs the explorer
itself in a browser through textual-serve, from :mod:`explorer.cli.web`)."""
