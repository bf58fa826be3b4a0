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
- Party nouns and other names of one organisation ("Labour" ~ "Labour Party", "Tories" ~
  "Conservative Party") come from the gazetteer's aliases (``explorer/data/world.toml``).
- **Office words**: a one-word name mostly met inside a job title ("Trade" of "Trade Minister",
  "State" of "Secretary of State") is not an actor: it keeps its own entity and never joins a
  longer name, an acronym's expansion or a spelling variant.
"""

from __future__ import annotations

from collections.abc import Mapping

from explorer.resolution.entity_types import TypeContext, TypeVotes, countries_of
from explorer.resolution.lexicon import singular

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


def office_words(form_votes: Mapping[str, TypeVotes]) -> frozenset[str]:
    """One-word forms met inside a job title in at least half of their mentions."""
    return frozenset(
        key
        for key, votes in form_votes.items()
        if " " not in key and votes.cues.office_words * 2 >= votes.mentions > 0
    )
