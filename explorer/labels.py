"""The entity labels libya-explore keeps as actors: spaCy's names for people, organisations,
nationalities and groups, places, facilities and events.

One constant for NER's default ``--labels``, the gazetteer's and curation's valid types, and the
explorer's "set type" choices.
"""

from __future__ import annotations

#: In NER's order: the default of ``ingest --labels``.
ENTITY_LABELS: tuple[str, ...] = ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT")
#: The same labels as a set, for checking a type.
ENTITY_TYPES: frozenset[str] = frozenset(ENTITY_LABELS)
