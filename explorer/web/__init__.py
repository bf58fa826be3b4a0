"""Front ends for the browser: the datasette plugin (:mod:`.datasette_plugin`, its metadata in
``datasette_metadata.yml``) and the textual-serve server ``libya-explore serve`` runs
(:mod:`.textual_server`, imported only by that command)."""
