"""Resolution: surface forms clustered into one entity per actor. Pure: no SQL, no I/O but data files.

``clusters`` (the data it works on), ``gazetteer`` (known actors from TOML data files), ``resolve``
(the clustering rules), ``decisions`` (the user's curation re-applied on a clustering).
"""
