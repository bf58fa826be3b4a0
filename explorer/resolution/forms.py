"""Forms of one actor that strings alone do not join, and words that must not join anything.

- **Countries**: every form the country libraries resolve to one ISO code is one actor
  ("Britain", "UK", "Great Britain", "United Kingdom"; "US", "USA", "America", "United States"),
  see :func:`explorer.resolution.entity_types.build_context` for which forms qualify.
- **Plurals**: a form with a word in the plural joins the form with that word in the singular
  ("Lib Dems" ~ "Lib Dem", "Tories" ~ "Tory", "Oscars" ~ "Oscar", "Libyans" ~ "Libyan",
  "Chambers of Commerce" ~ "Chamber of Commerce"), only
  when the singular also occurs as a name and both are organisations, groups or events: people's
  names and places are never folded ("Williams" is not "William", "Americas" not "America"), and
  "United States" has no "United State" to join.
- **A count noun's plural**: a one-word name the model calls a person but that takes an article
  ("won an Oscar", "a Grammy": at least :data:`COUNT_NOUN_ARTICLES` of its mentions) joins its
  plural when the plural is seen at least twice as anything but a person ("the Oscars",
  "Grammys"): people's names rarely take an article, and a plural is nobody's name.
- **Numbers spelt out or in digits**: two names of several words that differ only in writing
  a number as a word or in digits ("BBC Radio Four" ~ "BBC Radio 4", "BBC One" ~ "BBC 1") are
  one actor when both have the same type (``inflect``'s number names, zero to ninety-nine).
- **A compass point as its initial**: a place's name with "North", "South", "East", "West"
  (or "Northern"...) cut to its capital letter in a headline's style ("S Africa", "N Korea")
  joins the place written in full, when the corpus has that name and its type is a place
  ("S Jones" has no "South Jones"; a person's initial is never read as a compass point).
- **An event named after its place**: "Athens Games" and "Athens Olympics" are one event when
  their heads are of one family of event words (``[event] synonym_heads`` in
  ``type_cues.toml``: Olympics, Olympic Games, Games) and the words in front are the same and
  a place of the corpus (a form typed GPE or LOC: "Athens"); a head outside the families or a
  lead that is no place ("Yahoo Games", "Boston Indoor Games") joins nothing.
- Party nouns and other names of one organisation ("Labour" ~ "Labour Party", "Tories" ~
  "Conservative Party") come from the gazetteer's aliases (``explorer/data/world.toml``).
- **Office words**: a one-word name mostly met inside a job title ("Trade" of "Trade Minister",
  "State" of "Secretary of State") is not an actor: it keeps its own entity and never joins a
  longer name, an acronym's expansion or a spelling variant.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from explorer.resolution.entity_types import TypeContext, TypeVotes, countries_of
from explorer.resolution.lexicon import number_words, singular, type_cues
from explorer.resolution.reach import reaches

#: The types whose plural and singular forms name one actor (parties, supporters, awards).
PLURAL_TYPES = frozenset({"ORG", "NORP", "EVENT"})


def country_pairs(context: TypeContext) -> list[tuple[str, str]]:
    """Pairs of form keys naming one country (each form with the first of its country)."""
    return [(keys[0], other) for keys in countries_of(context).values() for other in keys[1:]]


def plural_pairs(form_types: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(plural, singular)`` form keys to join (see the module docstring)."""
    pairs = []
    for key in sorted(form_types):
        if form_types[key] not in PLURAL_TYPES:
            continue
        words = key.split()
        for i, word in enumerate(words):
            one = singular(word)
            if one is None:
                continue
            singular_key = " ".join([*words[:i], one, *words[i + 1 :]])
            if form_types.get(singular_key) in PLURAL_TYPES:
                pairs.append((key, singular_key))
    return pairs


def number_pairs(form_types: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(form, other form)`` keys of several words that read the same once every number word
    is written in digits, and have the same type (see the module docstring)."""
    by_digits: dict[tuple[str, str], list[str]] = {}
    for key in sorted(form_types):
        if " " not in key:
            continue
        digits = _in_digits(key)
        if digits is not None:
            by_digits.setdefault((digits, form_types[key]), []).append(key)
    return [(keys[0], other) for keys in by_digits.values() for other in keys[1:]]


def _in_digits(key: str) -> str | None:
    """``key`` with its number words in digits, when it has several words, a number among them
    and a word that is not a number ("bbc radio four" → "bbc radio 4"); else ``None``."""
    words = key.split()
    if len(words) < 2:
        return None
    spelled = number_words()
    digits = [spelled.get(word, word) for word in words]
    numbers = sum(word.isdigit() for word in digits)
    if numbers == 0 or numbers == len(words):
        return None
    return " ".join(digits)


#: Types of a form that is a place: a compass point's full name must have one for its initial
#: to stand for it, and the words in front of an event's head for it to be named after them.
PLACE_FORM_TYPES = frozenset({"GPE", "LOC"})


@reaches("word")
def compass_pairs(form_types: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(initial's form, full form)`` keys: "s africa" and "south africa" when the corpus has
    the full name as a place (see the module docstring; the compass points are
    ``[place.compass_points]`` in ``type_cues.toml``)."""
    compass_points = type_cues().compass_points
    pairs = []
    for key in sorted(form_types):
        initial, _, rest = key.partition(" ")
        for word in compass_points.get(initial, ()) if rest else ():
            full = f"{word} {rest}"
            if form_types.get(full) in PLACE_FORM_TYPES:
                pairs.append((key, full))
                break
    return pairs


@reaches("word")
def event_synonym_pairs(form_types: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(form, other form)`` keys of one event named after one place with heads of one
    family ("athens games", "athens olympics"; see the module docstring)."""
    by_lead: dict[tuple[str, int], list[str]] = {}
    for key in sorted(form_types):
        if form_types[key] == "PERSON":
            continue
        found = _place_and_event_family(key, form_types)
        if found is not None:
            by_lead.setdefault(found, []).append(key)
    return [(keys[0], other) for keys in by_lead.values() for other in keys[1:]]


def _place_and_event_family(key: str, form_types: Mapping[str, str]) -> tuple[str, int] | None:
    """The place in front and the family of the event head that ends ``key`` (the longest
    head listed), or ``None`` when no listed head ends it or what is in front is no place."""
    last = key.rpartition(" ")[2]
    best: tuple[int, str, int] | None = None  # (head length, lead, family)
    for head, family in _event_heads().get(last, ()):  # most forms: no listed head ends them
        if key.endswith(" " + head) and (best is None or len(head) > best[0]):
            best = (len(head), key[: -len(head)].rstrip(), family)
    if best is None or form_types.get(best[1]) not in PLACE_FORM_TYPES:
        return None
    return best[1], best[2]


@functools.cache
def _event_heads() -> dict[str, list[tuple[str, int]]]:
    """The listed event heads by their last word, each with its family's index."""
    heads: dict[str, list[tuple[str, int]]] = {}
    for index, family in enumerate(type_cues().event_synonym_heads):
        for head in family:
            heads.setdefault(head.rpartition(" ")[2], []).append((head, index))
    return heads


#: Share of a one-word "person"'s mentions with an article right before it that make it a count
#: noun (an award, a product) rather than a name: a person's name takes one in < 5% (BBC).
COUNT_NOUN_ARTICLES = 0.15
#: Mentions its plural needs, as anything but a person.
PLURAL_MIN_MENTIONS = 2


def count_noun_plural_pairs(
    form_types: Mapping[str, str], form_votes: Mapping[str, TypeVotes]
) -> list[tuple[str, str]]:
    """``(plural, singular)`` form keys where the singular is a one-word "person" written
    with an article ("an Oscar") and the plural something else ("the Oscars", see the module
    docstring)."""
    pairs = []
    for key in sorted(form_types):
        if " " in key or form_types[key] == "PERSON":
            continue
        one = singular(key)
        votes = form_votes.get(key)
        if one is None or form_types.get(one) != "PERSON" or votes is None:
            continue
        single = form_votes.get(one)
        if single is None or votes.mentions < PLURAL_MIN_MENTIONS:
            continue
        if single.cues.articles >= COUNT_NOUN_ARTICLES * single.mentions:
            pairs.append((key, one))
    return pairs


@reaches("form", corpus=["form_counts"])
def office_words(form_votes: Mapping[str, TypeVotes]) -> frozenset[str]:
    """One-word forms met inside a job title in at least half of their mentions."""
    return frozenset(
        key
        for key, votes in form_votes.items()
        if " " not in key and votes.cues.office_words * 2 >= votes.mentions > 0
    )
