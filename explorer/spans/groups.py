"""Nationalities and parties in front of a person's name (rule 7 of :mod:`explorer.spans`), and what
reads as a person's full name."""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping

from explorer.countries import country_name_code
from explorer.spans.characters import TITLE_CASE_WORD, fold, has_word
from explorer.spans.pieces import Segment, Word
from explorer.spans.words import given_name_words, is_given_name, vocabulary


def group_prefix(
    text: str,
    segment: Segment,
    label: str,
    groups: Collection[str] | Mapping[str, str],
    persons: Collection[str] = (),
    evidence: Collection[str] = (),
) -> list[Segment]:
    """A person's name split after a leading nationality or party (:func:`leading_group`:
    "Tory Neil Hamilton" → "Tory", "Neil Hamilton"); the prefix takes the label the document or
    the gazetteer gives it (NORP for a nationality), the rest is a person's name. A rest of
    title words alone ("Tory Lord") names nobody and is dropped. Other segments come back as
    they are."""
    words = segment.words
    if len(words) < 2 or not _may_lead_group(text, words, groups):
        return [segment]
    words_text = [text[w.start : w.end] for w in words]
    found = leading_group(words_text, label, groups, persons, text, evidence)
    if found is None:
        return [segment]
    k, prefix_label = found
    prefix = Segment(words[:k], [], prefix_label)
    vocab = vocabulary()
    if all(fold(text[w.start : w.end]) in vocab.title_words for w in words[k:]):
        return [prefix]
    return [prefix, Segment(words[k:], segment.lead_titles, "" if label == "PERSON" else "PERSON")]


def _may_lead_group(text: str, words: list[Word], groups: Collection[str]) -> bool:
    """A quick check before :func:`leading_group`: the first word, or the first two, are a
    group of the document or a nationality."""
    first = text[words[0].start : words[0].end]
    two = f"{first} {text[words[1].start : words[1].end]}"
    return first in groups or two in groups or is_demonym(first) or is_demonym(two)


def leading_group(
    words: list[str],
    label: str,
    groups: Collection[str] | Mapping[str, str],
    persons: Collection[str],
    text: str = "",
    evidence: Collection[str] = (),
) -> tuple[int, str] | None:
    """How many of ``words`` (one or two) are a nationality or party in front of a person's
    name, and its label; None when there is none.

    The prefix is one of the document's ``groups`` or a nationality word (:func:`is_demonym`),
    a capitalised word follows it, and the span is a person's, or the rest is a name the
    document tags as a person's (``persons``: "American Davenport" tagged ORG) or reads as one
    that the document does not name otherwise (:func:`_unnamed_full_name`: "Russian Irina
    Shevko" tagged NORP; not "British Davis Cup" beside "Davis Cup" tagged EVENT).
    """
    for k in (2, 1):
        if k >= len(words) or not words[k][:1].isupper():
            continue
        prefix = " ".join(words[:k])
        if prefix in groups:
            prefix_label = groups[prefix] if isinstance(groups, Mapping) else "NORP"
        elif is_demonym(prefix):
            prefix_label = "NORP"
        else:
            continue
        rest = words[k:]
        if (
            label == "PERSON"
            or " ".join(rest) in persons
            or _unnamed_full_name(rest, text, evidence)
        ):
            return k, prefix_label
    return None


def _unnamed_full_name(words: list[str], text: str, evidence: Collection[str]) -> bool:
    """``words`` read as a person's full name (:func:`reads_as_full_name`) and the document
    (``evidence``, its entity texts; none known means no guess) never names them with another
    label."""
    return bool(evidence) and " ".join(words) not in evidence and reads_as_full_name(words, text)


def reads_as_full_name(words: list[str], text: str) -> bool:
    """Two or three capitalised words of letters, the first a given name (gender-guesser), none
    a title or connector word, and none a word ``text`` also writes in lower case: a person's
    full name ("Irina Shevko"; not "Christian Lobby" where the text speaks of a lobby)."""
    if not 2 <= len(words) <= 3 or not text or not is_given_name(words[0]):
        return False
    vocab = vocabulary()
    for word in words:
        folded = word.lower()
        if TITLE_CASE_WORD.fullmatch(word) is None or folded in vocab.title_words:
            return False
        if folded in vocab.function_words or has_word(text, folded):
            return False
    return True


@functools.cache
def is_demonym(words: str) -> bool:
    """A nationality word: "Russian", "New Zealander", "Briton" (not "Jordan", "Paris" or
    "German", which are also given names; not "Washington").

    One of ``mention_words.toml``'s nationality nouns, or a word ending like a nationality
    adjective that countrynames maps to a country and pycountry does not know as a country's
    name; and no given name (gender-guesser).
    """
    vocab = vocabulary()
    folded = words.lower()
    listed = folded in vocab.demonym_nouns
    if not listed and not (folded.endswith(vocab.demonym_endings) and _country_word(words)):
        return False
    return " " in folded or folded not in given_name_words()


def _country_word(words: str) -> bool:
    """countrynames gives ``words`` a country, and pycountry does not know it as a country."""
    import pycountry

    if country_name_code(words) is None:
        return False
    try:
        pycountry.countries.lookup(words)
    except LookupError:
        return True
    return False


def country_name(phrase: str) -> bool:
    """Whether countrynames knows ``phrase`` as a country ("Bosnia and Herzegovina")."""
    return country_name_code(phrase) is not None
