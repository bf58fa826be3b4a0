"""Mention spans cleaned before they are stored: what NER tags, cut down to the names in it.

A statistical NER tags spans such as "Lyttelton \\n - Best", "Novelist Andrea Levy", "Arsenal 2-1",
"Everton and Arsenal" or "Haftar's". :func:`clean_mention` turns one such span into the names it
holds, each a sub-span of the original, so offsets keep pointing into the document text
(``text[start:end]`` is the mention) and a mention never leaves its sentence. In order:

1. a mention never crosses a line break: the first line that holds a name is kept;
2. separators end a name: brackets, commas, semicolons, double quotes, a colon or a dash between
   words, emoji and other symbols, @handles and #hashtags, scores ("2-1"), "or"/"v"/"vs", "/"
   between two words, and any lower-case word that is not a name particle (al-, bin, van, de…)
   or a connector ("Bank *of* England"); "and" and a hyphen between two capitalised words, or a
   possessive inside a span ("Henry's Arsenal"), split only on the document's evidence: it names
   each part on its own elsewhere ("Gazprom and Rosneft"; not "Securities and Exchange
   Commission", not "Rolls-Royce"), or one part when the phrase ends a list or a part is one of
   its people (:mod:`explorer.spans.splitting`); what the document does not settle, the corpus may
   (:func:`explorer.resolution.coordinations.corpus_coordination_split`, at resolution);
3. each part loses lower-case lead and trailing words (keeping particles that lead a name),
   hyphenated prefixes and suffixes ("post-World Cup", "Bush-style"), punctuation at its edges
   (keeping "U.N.", "St.", "Jr.", "Yahoo!"), possessives ("’s", "s'"), post-nominals ("QC",
   "MPs"), and a bare number after a name the document also names without it ("Chelsea 3");
4. forms of address ("Mr", "Dr") are trimmed from any mention, and in a person's name the titles
   in front of it ("Foreign Secretary", "Rapper"): the title words are returned as evidence
   (:attr:`Piece.title`), except that a style in front of a single name stays ("Prince Harry");
5. an organisation of one or two capitalised words right before "Minister"/"Secretary" or right
   after "Secretary of" is part of an office title ("Interior Minister"), not an actor;
6. what is left without a name letter (an upper-case letter, or a letter of a script without
   case) is dropped;
7. a nationality or party in front of a person's name is a name of its own ("Russian Irina
   Shevchenko", "Tory Neil Hamilton": :func:`is_demonym`, the document's groups), and a
   time-zone abbreviation after a clock time ("1200 GMT") is no actor.

Before cleaning, :func:`rejoin_split_names` and :func:`continue_cut_names` make whole a name the
NER split or cut short ("BBC" of "BBC One"), :func:`without_sentence_lead` cuts a common word
that opens a sentence in front of a name ("Said Wales", "Legendary Dutch coach") and
:func:`common_word` tells a word capitalised only by its place ("Digital cameras", "the Bill")
from a name.

Pure: strings and offsets in, :class:`Piece` out. :func:`explorer.nlp.doc_to_parsed` applies it to
every entity in whichever process parses (this one, ``--workers``, Dask). The word lists come from
``nameparser`` and ``explorer/data/mention_words.toml``, given names from ``gender-guesser``,
countries from ``countrynames`` (:mod:`explorer.countries`) and ``pycountry``.

The modules, by rule family (this package re-exports what the rest of ``explorer`` uses):
``cleaning`` (:func:`clean_mention`, :func:`evidence_of`: the rules in order), ``segments``
(rule 2's separators), ``splitting`` (rule 2's "and", "the", scores and possessives;
:func:`coordination_parts`), ``trimming`` (rules 3 and 6), ``titles`` (rules 4 and 5),
``groups`` (rule 7's nationalities and parties), ``time_zones`` (rule 7's clock times),
``rejoining`` and ``cut_names`` (names the NER split or cut short), ``sentence_lead`` (common
words capitalised by their place); below them ``words`` (the word lists, given names),
``characters`` (characters and words as read) and ``pieces`` (the data passed between them).
"""

from __future__ import annotations

from explorer.spans.cleaning import clean_mention, evidence_of
from explorer.spans.cut_names import continue_cut_names
from explorer.spans.groups import country_name, is_demonym
from explorer.spans.pieces import Piece, RawSpan
from explorer.spans.rejoining import rejoin_split_names
from explorer.spans.sentence_lead import common_word, without_sentence_lead
from explorer.spans.splitting import coordination_parts
from explorer.spans.words import WORDS_FILE, Vocabulary, is_given_name, vocabulary

__all__ = [
    "Piece",
    "RawSpan",
    "Vocabulary",
    "WORDS_FILE",
    "clean_mention",
    "common_word",
    "continue_cut_names",
    "coordination_parts",
    "country_name",
    "evidence_of",
    "is_demonym",
    "is_given_name",
    "rejoin_split_names",
    "vocabulary",
    "without_sentence_lead",
]
