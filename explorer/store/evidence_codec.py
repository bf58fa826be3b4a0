"""A type evidence (:class:`~explorer.resolution.evidence.GroupEvidence`) as one stored text,
and back: the form of ``resolution_groups.evidence`` and ``form_totals.evidence``.

Counters (``int``) are comma-joined in :data:`FIELDS` order; the fields that map words to counts
(``continuations``) follow, each after a ``|``, their entries joined by ``\\x1f`` and each word
from its count by ``\\x1e`` (control characters a name never holds). 4x faster to read than JSON.
"""

from __future__ import annotations

import dataclasses

from explorer.resolution.evidence import GroupEvidence

#: The evidence's fields, in the order the stored text lists them; recorded in
#: ``meta.resolution_evidence`` so that a libya-explore whose evidence has other fields rebuilds
#: the stored state instead of misreading it.
FIELDS = tuple(f.name for f in dataclasses.fields(GroupEvidence))
DICT_FIELDS = tuple(
    f.name for f in dataclasses.fields(GroupEvidence) if f.default is dataclasses.MISSING
)
INT_FIELDS = tuple(name for name in FIELDS if name not in DICT_FIELDS)


def encode_evidence(evidence: GroupEvidence) -> str:
    """The stored text of an evidence."""
    cues = ",".join(str(getattr(evidence, name)) for name in INT_FIELDS)
    for name in DICT_FIELDS:
        mapping: dict[str, int] = getattr(evidence, name)
        cues += "|" + encode_counts(mapping)
    return cues


def encode_counts(counts: dict[str, int]) -> str:
    """Words and their counts as one text (sorted: equal counts, equal texts)."""
    return "\x1f".join(f"{w}\x1e{n}" for w, n in sorted(counts.items()))


def decode_counts(text: str) -> dict[str, int]:
    """:func:`encode_counts` read back."""
    entries = (entry.split("\x1e") for entry in text.split("\x1f") if entry)
    return {word: int(n) for word, n in entries}


def evidence_values(cues: str) -> dict[str, object]:
    """A stored evidence's fields, by name."""
    counters, *mappings = cues.split("|", len(DICT_FIELDS))
    values: dict[str, object] = dict(zip(INT_FIELDS, map(int, counters.split(",")), strict=True))
    for name, mapping in zip(DICT_FIELDS, mappings, strict=False):
        values[name] = decode_counts(mapping)
    return values


def evidence_of(values: dict[str, object]) -> GroupEvidence:
    """An evidence of its own from parsed values (word counts copied: evidence is mutable, and
    groups with the same stored value must not share one)."""
    fields = {name: dict(v) if isinstance(v, dict) else v for name, v in values.items()}
    return GroupEvidence(**fields)  # type: ignore[arg-type]
