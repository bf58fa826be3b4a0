"""Names the NER cut short continued over the words the document tags with them elsewhere
(:func:`continue_cut_names`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Mapping

from explorer.spans.characters import SENTENCE_BEFORE, fold
from explorer.spans.pieces import RawSpan
from explorer.spans.words import vocabulary

#: A capitalised word right after a name on the same line ("One" of "BBC One"; a possessive's
#: "'s" and punctuation end it).
_CAPITALISED_AFTER = re.compile(r"[ \t]+([A-Z][^\W_]*(?:[-&][^\W_]+)*)")


#: How many capitalised words a name cut short may be continued over ("House of Lords" has
#: two after "House"; a name continued over more is rare, and a longer look costs per span).
_CUT_NAME_WORDS = 3


def continue_cut_names(
    text: str, spans: Iterable[RawSpan], named: Mapping[str, Collection[str]]
) -> list[RawSpan]:
    """The NER's entities with a name it cut short made whole again.

    The statistical NER sometimes leaves out the first or last words of a name it tags whole
    elsewhere in the same story (a channel's number, an event's "Open", a show's "Little" at
    the start of a sentence); the short mention then joins the short name's actor (the
    broadcaster, the country). A span is continued, by the document's own evidence, over one
    to three capitalised words before or after it (on its line) that together with it form a
    name the document tags elsewhere as an entity ("BBC" then "One" where "BBC One" stands
    tagged in another sentence; "Britain" after "Little" beside "Little Britain"), the
    longest such name, with that name's label (the span's own when the name has it too). After
    it, a capitalised spelled-out number continues it when no other name word follows
    (:func:`_number_after`: "BBC Two", not "RBS Six Nations"). Spans a continuation covers are
    absorbed; one it would cut into, or a span before it, stops it. ``named`` maps each entity
    text of the document to its labels. Offsets only grow over the document's text; the
    cleaner runs after this, on the longer span as on the name tagged whole.
    """
    ordered = sorted(spans)
    out: list[RawSpan] = []
    i = 0
    while i < len(ordered):
        span = _continued_before(text, ordered[i], named, out[-1].end if out else 0)
        i += 1
        longer = _longer_name_after(text, span, named) or _number_after(text, span, ordered, i)
        if longer is None:
            out.append(span)
            continue
        end, label = longer
        covered = i
        while covered < len(ordered) and ordered[covered].end <= end:
            covered += 1
        if covered < len(ordered) and ordered[covered].start < end:
            out.append(span)  # the continuation would cut into another entity
            continue
        out.append(RawSpan(span.start, end, label, span.sentence_start))
        i = covered
    return out


#: A capitalised word right before a name on the same line, with the blanks after it.
_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][^\W_]*(?:[-&][^\W_]+)*)[ \t]+$")


#: How far back the words before a span are looked for (three words of a name fit).
_LOOK_BACK = 60


def _continued_before(
    text: str, span: RawSpan, named: Mapping[str, Collection[str]], floor: int
) -> RawSpan:
    """``span`` grown back over the capitalised words before it (after ``floor``, the previous
    span's end; no title or form of address: "Prince", "Lord", "Mr") that make with it the
    longest name the document tags elsewhere. A person's name is not grown back: the resolver
    joins a surname to the full name its document writes, and the short forms it would grow
    bridge a name's spellings ("Abdel Nasser" of "Gamal Abdel Nasser" and of "Jamal Abdel
    Nasser"; growing them split that family in ``spelling_families_libya.tsv``)."""
    found = span
    start = span.start
    if span.label == "PERSON":
        return span
    vocab = vocabulary()
    for _ in range(_CUT_NAME_WORDS):
        word = _CAPITALISED_BEFORE.search(text, max(floor, start - _LOOK_BACK), start)
        folded = fold(word.group(1)) if word is not None else ""
        if word is None or folded in vocab.title_words or folded in vocab.honorifics_folded:
            break  # a title before a name is evidence, read by the cleaner (title_before)
        start = word.start(1)
        labels = _labels_of_name(named, text[start : span.end])
        if labels and "PERSON" not in labels:
            label = span.label if span.label in labels else min(labels)
            opens = SENTENCE_BEFORE.search(text, max(0, start - 8), start) is not None
            found = RawSpan(start, span.end, label, opens)
    return found


def _longer_name_after(
    text: str, span: RawSpan, named: Mapping[str, Collection[str]]
) -> tuple[int, str] | None:
    """Where the longest name of ``named`` that continues ``span`` over capitalised words ends,
    and its label; None when the document names no such longer name."""
    found: tuple[int, str] | None = None
    end = span.end
    for _ in range(_CUT_NAME_WORDS):
        word = _CAPITALISED_AFTER.match(text, end)
        if word is None:
            break
        end = word.end(1)
        labels = _labels_of_name(named, text[span.start : end])
        if labels:
            found = (end, span.label if span.label in labels else min(labels))
    return found


#: A spelled-out number word after a name and what may follow it: the end of the name
#: (punctuation, a possessive, a line break, the text's end) or a lower-case word.
_NUMBER_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)(?=['’]s\b|\s*[^\w\s]|\s+[a-z]|\s*\n|\s*$)")


def _number_after(
    text: str, span: RawSpan, ordered: list[RawSpan], following: int
) -> tuple[int, str] | None:
    """Where a name ends that continues ``span`` over a capitalised spelled-out number ("BBC"
    then "Two", "Channel" then "Four", "Nationwide Division" then "One"), and its label; None
    when no such word follows, another word of a name comes after it ("RBS Six Nations": the
    name goes on further than the evidence), or another entity starts at it. A number word is
    capitalised inside a sentence only as part of a name."""
    word = _NUMBER_AFTER.match(text, span.end)
    if word is None or word.group(1).lower() not in _number_words():
        return None
    if following < len(ordered) and ordered[following].start < word.end(1):
        return None
    return word.end(1), span.label


@functools.cache
def _number_words() -> frozenset[str]:
    """English number words of one word, one to twenty, from ``inflect``."""
    import inflect

    engine = inflect.engine()
    return frozenset(str(engine.number_to_words(n)) for n in range(1, 21))


def _labels_of_name(named: Mapping[str, Collection[str]], name: str) -> Collection[str]:
    """The labels the document's entities written ``name`` carry, with an article in front or a
    possessive after, as the NER tags them ("the US Open", "BBC One's")."""
    for written in (name, f"the {name}", f"The {name}", f"{name}'s", f"{name}’s"):
        if labels := named.get(written):
            return labels
    return ()
