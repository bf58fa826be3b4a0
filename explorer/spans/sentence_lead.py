"""A common word capitalised by its place: alone (:func:`common_word`) or opening a sentence in
front of a name (:func:`without_sentence_lead`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping

from explorer.spans.characters import SENTENCE_BEFORE, TITLE_CASE_WORD, has_word, word_starts
from explorer.spans.groups import country_name, is_demonym
from explorer.spans.pieces import RawSpan
from explorer.spans.words import Vocabulary, given_name_words, is_given_name, vocabulary


def common_word(text: str, span: RawSpan) -> bool:
    """Whether ``span`` is a common word capitalised by its place, no name: a word the NER
    tagged alone that opens a sentence before a lower-case word ("Digital cameras sold",
    "Budget carriers", "Party leader Michael Howard"), which the document writes in lower case
    and never capitalises but at a sentence's start (so "Labour", "Apple" or "Turkey", which it
    capitalises mid-sentence too, stay); or a person's name of one word that is a given name
    (gender-guesser's list) right after a lower-case "the", which the document also writes in
    lower case ("the Bill passed ... the bill's report stage", also opening a sentence: "The
    Bill now faces"; not "the Clinton administration", "the Oscar").

    A person's name that opens a sentence is left to the other rules ("Will said").
    """
    word = text[span.start : span.end]
    if TITLE_CASE_WORD.fullmatch(word) is None:
        return False
    if span.label == "PERSON":
        return (
            text[max(0, span.start - 4) : span.start] in ("the ", "The ")
            and is_given_name(word)
            and has_word(text, word.lower())
        )
    if not span.sentence_start or not _noun_after(text, span.end):
        return False
    if not has_word(text, word.lower()):
        return False
    return all(
        SENTENCE_BEFORE.search(text, max(0, at - 8), at) is not None
        for at in word_starts(text, word)
    )


_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+[ \t]+(?=[A-Z])")


def without_sentence_lead(
    text: str,
    span: RawSpan,
    named: Mapping[str, Collection[str]],
    lexicon: Callable[[str], bool] | None = None,
) -> RawSpan:
    """``span`` without a common word that opens its sentence ("Said Wales", "Praising
    Celtic"): the NER cannot tell a capitalised first word of a sentence from a name word.

    The first word is cut only on evidence, so that real names keep it ("Real Madrid", "New
    York", "Beijing Olympics", a person called Said): the word is a verb form, an adverb or a
    preposition (:attr:`Vocabulary.sentence_openers`; a word that only ends like one, in -ing,
    -ed or -ly, counts only when the document also writes it in lower case or ``lexicon`` says
    it is a verb form or an adverb: :func:`explorer.nlp.verb_form_or_adverb`), the document names
    the rest on its own (``named`` maps each entity text of the document to its labels) and
    never writes the whole span again, and when the rest is only ever a person's name the word
    is no given name (gender-guesser's list: "Said Kamal" stays) unless the rest is a country's
    name (countrynames: "Said Wales assistant coach", "Wales" tagged PERSON). A word in front of a
    nationality that a common noun follows is cut too ("Legendary Dutch coach", "Banned
    American sprinter"; not "South Korean troops": :func:`_adjective_before_nationality`).
    """
    if not span.sentence_start:
        return span
    lead = _CAPITALISED_WORD.match(text, span.start, span.end)
    if lead is None:
        return span
    if _adjective_before_nationality(text, span, lead.end()):
        return RawSpan(lead.end(), span.end, span.label)
    rest = text[lead.end() : span.end].strip()
    labels = named.get(rest, ())
    folded = lead.group().strip().lower()
    if (
        not labels
        or not _opener(text, folded, vocabulary(), lexicon)
        or text.count(text[span.start : span.end]) > 1
        or (set(labels) == {"PERSON"} and folded in given_name_words() and not country_name(rest))
    ):
        return span
    return RawSpan(lead.end(), span.end, span.label)


_LOWER_WORD_AFTER = re.compile(r"[ \t]+([a-z][a-z-]*)")


def _noun_after(text: str, end: int) -> bool:
    """Whether a lower-case word that may be a noun follows ``end``: not a verb of saying, an
    adverb or a function word ("Royal Dutch said", "Digital and…")."""
    after = _LOWER_WORD_AFTER.match(text, end)
    if after is None:
        return False
    vocab = vocabulary()
    word = after.group(1)
    return not (
        word in vocab.sentence_openers or word in vocab.function_words or word.endswith("ly")
    )


def _adjective_before_nationality(text: str, span: RawSpan, rest: int) -> bool:
    """Whether the span is a word, then a nationality (:func:`is_demonym`) that a lower-case
    word follows: the nationality is an adjective of that noun ("Cult British group"), and the
    word before it, capitalised because it opens the sentence, is no name. Not when the two make
    one nationality ("South Korean", "Latin American": ``regional`` in mention_words.toml), nor
    when the word after it is a verb of saying, an adverb or a function word ("Royal Dutch said",
    "Royal Dutch and Shell")."""
    if not _noun_after(text, span.end):
        return False
    lead = text[span.start : rest].strip()
    if lead.lower() in vocabulary().regional:
        return False
    whole = text[span.start : span.end]
    return is_demonym(text[rest : span.end]) and not is_demonym(" ".join(whole.split()))


def _opener(
    text: str, folded: str, vocab: Vocabulary, lexicon: Callable[[str], bool] | None = None
) -> bool:
    """A verb form, adverb or preposition: listed, or ending like one and written in lower case
    in the document or known to ``lexicon``."""
    if folded in vocab.sentence_openers:
        return True
    return any(
        folded.endswith(ending) and len(folded) >= len(ending) + 3
        for ending in vocab.opener_endings
    ) and (
        re.search(rf"\b{folded}\b", text) is not None or (lexicon is not None and lexicon(folded))
    )
