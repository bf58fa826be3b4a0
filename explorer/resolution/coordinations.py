"""Coordinations the corpus splits: a mention "A and B" whose document names neither part alone.

The mention cleaner (:mod:`explorer.spans`) splits "A and B" on its own document's evidence; what
one document does not settle, the corpus may, and only resolution sees the corpus
(:func:`explorer.pipeline.resolution.split_corpus_coordinations` applies this rule).
"""

from __future__ import annotations

from collections.abc import Callable

from explorer.countries import country_name_code
from explorer.spans import coordination_parts

#: In how many other documents each part of "A and B" must stand alone as a mention for the
#: corpus to split it (:func:`corpus_coordination_split`): two, so that no single other story
#: decides alone. Chosen on the BBC corpus alone (branch ``spans4``, BENCHMARKS.md "Junk names and junk
#: spans, fourth round"): at two, the 3 mentions it splits are all right ("Arsenal and Real
#: Madrid") and no one-name coordination splits ("Securities and Exchange Commission", "Food and
#: Drug Administration"); other values and other corpora were not measured.
CORPUS_PART_DOCUMENTS = 2


def corpus_coordination_split(
    surface: str, documents_alone: Callable[[str], int]
) -> list[tuple[int, int]]:
    """The parts of a mention "A and B" that the corpus names as two actors, or ``[]``.

    The document that holds it may name neither part alone ("the former Arsenal and Real Madrid
    striker"), and the shape is also one name's ("Food and Drug Administration", "Bosnia and
    Herzegovina"); the corpus decides: each part stands alone as a mention in at least
    :data:`CORPUS_PART_DOCUMENTS` other documents (``documents_alone``), and the whole is no
    country's name (countrynames). The mention's parts are sub-spans, so the offsets keep
    pointing into the document's text.
    """
    parts = coordination_parts(surface)
    if not parts or country_name_code(surface) is not None:
        return []
    if all(documents_alone(surface[a:b]) >= CORPUS_PART_DOCUMENTS for a, b in parts):
        return parts
    return []
