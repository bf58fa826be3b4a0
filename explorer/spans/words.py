"""The word lists the cleaner uses (nameparser's constants completed by
``explorer/data/mention_words.toml``), gender-guesser's given names and forms of address."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from explorer.given_names import NAME_COLUMNS, dictionary_lines, has_countries

WORDS_FILE = Path(__file__).parent.parent / "data" / "mention_words.toml"


@dataclass(frozen=True)
class Vocabulary:
    """The word lists the cleaner uses (lower case unless said otherwise)."""

    heads: frozenset[str]  # title words that can end a title ("secretary", "rapper")
    modifiers: frozenset[str]  # title words that only modify one ("foreign", "prime")
    styles: frozenset[str]  # kept in front of a single name ("prince", "sir")
    surname_like: frozenset[str]  # heads that are also names ("baron", "king")
    honorifics: frozenset[str]  # exact case, any label ("Mr", "Dr")
    person_honorifics: frozenset[str]  # exact case, people only ("Miss")
    postnominals: frozenset[str]  # exact case, any label ("MP", "QC")
    person_postnominals: frozenset[str]  # folded, people only (nameparser: "obe", "phd")
    name_suffixes: frozenset[str]  # parts of a name after it ("jr", "ii")
    particles: frozenset[str]  # may lead a name ("al", "bin", "van", "de")
    connectors: frozenset[str]  # may stand inside a name ("of", "the")
    capitalised_prefixes: frozenset[str]
    office_nouns: frozenset[str]
    hyphen_suffixes: frozenset[str] = frozenset()  # English words after a hyphen ("-led")
    hyphen_particles: frozenset[str] = frozenset()  # join a name with a hyphen ("as-Sadr")
    spaced_particles: frozenset[str] = frozenset()  # with a hyphen or a space ("ben Laden")
    patronymic_particles: frozenset[str] = frozenset()  # make a rejoined name a person's
    title_words: frozenset[str] = frozenset()  # heads, modifiers and styles
    function_words: frozenset[str] = frozenset()  # connectors and particles
    honorifics_folded: frozenset[str] = frozenset()  # both kinds, lower case
    portfolios: frozenset[str] = frozenset()  # words of office titles ("interior", "state")
    sentence_openers: frozenset[str] = frozenset()  # open a sentence, rarely a name ("said")
    opener_endings: tuple[str, ...] = ()  # endings of verb forms and adverbs ("ing", "ly")
    demonym_endings: tuple[str, ...] = ()  # endings of nationality adjectives ("an", "ese")
    demonym_nouns: frozenset[str] = frozenset()  # nationality nouns ("briton", "scot")
    regional: frozenset[str] = frozenset()  # make one nationality with the next ("south")
    descriptors: frozenset[str] = frozenset()  # describe a person, lead names too ("star")
    role_nouns: frozenset[str] = frozenset()  # news role nouns ("midfielder"; not "general")


def _lower_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """nameparser's constants sorted and completed by ``explorer/data/mention_words.toml``."""
    from nameparser.config import CONSTANTS

    with WORDS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    titles, words = data["titles"], data["words"]
    not_titles = _lower_set(titles["not_titles"])
    modifiers = _lower_set(titles["modifiers"]) - not_titles
    styles = _lower_set(CONSTANTS.first_name_titles) | _lower_set(titles["extra_styles"])
    heads = (
        (_lower_set(CONSTANTS.titles) - modifiers - not_titles)
        | _lower_set(titles["extra_heads"])
        | styles
    )
    particles = frozenset(p.lower().rstrip("-") for p in CONSTANTS.prefixes) | _lower_set(
        words["extra_particles"]
    )
    connectors = _lower_set(words["connectors"]) | _lower_set(CONSTANTS.conjunctions)
    return Vocabulary(
        heads=heads,
        modifiers=modifiers,
        styles=styles,
        surname_like=_lower_set(titles["surname_like"]),
        honorifics=frozenset(data["honorifics"]["any_label"]),
        person_honorifics=frozenset(data["honorifics"]["person"]),
        postnominals=frozenset(data["postnominals"]["any_label"]),
        person_postnominals=_lower_set(CONSTANTS.suffix_acronyms),
        name_suffixes=_lower_set(CONSTANTS.suffix_not_acronyms),
        particles=particles,
        connectors=connectors,
        capitalised_prefixes=_lower_set(words["capitalised_prefixes"]),
        office_nouns=_lower_set(words["office_nouns"]),
        hyphen_suffixes=_lower_set(words["hyphen_suffixes"]),
        hyphen_particles=_lower_set(words["hyphen_particles"]),
        spaced_particles=_lower_set(words["spaced_particles"]),
        patronymic_particles=_lower_set(words["patronymic_particles"]),
        portfolios=_lower_set(words["portfolios"]),
        sentence_openers=_lower_set(words["sentence_openers"]),
        opener_endings=tuple(words["opener_endings"]),
        demonym_endings=tuple(data["demonyms"]["endings"]),
        demonym_nouns=_lower_set(data["demonyms"]["nouns"]),
        regional=_lower_set(data["demonyms"]["regional"]),
        descriptors=_lower_set(titles["descriptors"]),
        role_nouns=_lower_set(titles["extra_heads"]) - _lower_set(titles["surname_like"]),
        title_words=heads | modifiers | styles,
        function_words=connectors | particles,
        honorifics_folded=_lower_set(data["honorifics"]["any_label"])
        | _lower_set(data["honorifics"]["person"]),
    )


def is_honorific(word: str, label: str, vocab: Vocabulary) -> bool:
    bare = word.rstrip(".")
    return bare in vocab.honorifics or (label == "PERSON" and bare in vocab.person_honorifics)


def is_given_name(word: str) -> bool:
    """Whether gender-guesser lists ``word`` (any case) as a first name."""
    return word.lower() in given_name_words()


@functools.cache
def given_name_words() -> frozenset[str]:
    """gender-guesser's first names with a country frequency, lower case, "+" read as a hyphen
    only (read on first use: a person's name, a nationality, a sentence's lead word). The
    checks here ask about one word as written; resolution's lexicon keys the same file by
    folded keys of every reading of "+" (:func:`explorer.given_names.plus_readings`)."""
    return frozenset(
        line[NAME_COLUMNS].strip().lower().replace("+", "-")
        for line in dictionary_lines()
        if line[:1] != "=" and has_countries(line)
    )
