"""What the cleaner takes and returns: the NER's spans, words, candidate names and the cleaned
pieces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Piece(NamedTuple):
    """A cleaned mention: its offsets into the document text, the title words found in front of
    the name, folded and space-joined ("mr", "foreign secretary"; empty when there were none),
    and its label when it is not the span's ("NORP" for "Tory" split off "Tory Neil Hamilton").
    """

    start: int
    end: int
    title: str = ""
    label: str = ""


class Word(NamedTuple):
    start: int
    end: int


@dataclass
class Segment:
    """Consecutive words of one candidate name, with the lower-case title words just before it
    (and a label of its own, when the document says what it is)."""

    words: list[Word]
    lead_titles: list[str]
    label: str = ""


SEP = None  # a separator between words in the item stream


class RawSpan(NamedTuple):
    """An entity as the NER tagged it, before :func:`clean_mention`."""

    start: int
    end: int
    label: str
    sentence_start: bool = False
