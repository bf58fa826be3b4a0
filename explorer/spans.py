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
   its people (:func:`_coordination`); what the document does not settle, the corpus may
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
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from explorer.countries import country_name_code
from explorer.given_names import NAME_COLUMNS, dictionary_lines, has_countries

WORDS_FILE = Path(__file__).parent / "data" / "mention_words.toml"


class Piece(NamedTuple):
    """A cleaned mention: its offsets into the document text, the title words found in front of
    the name, folded and space-joined ("mr", "foreign secretary"; empty when there were none),
    and its label when it is not the span's ("NORP" for "Tory" split off "Tory Neil Hamilton").
    """

    start: int
    end: int
    title: str = ""
    label: str = ""


# --------------------------------------------------------------------------- vocabulary


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


# --------------------------------------------------------------------------- characters

_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_WORD = re.compile(r"\S+")
_SENTENCE_ARTICLE = re.compile(r"(?:The|A|An)[ \t]+(?=\S)")
#: Characters that always end a name: brackets, commas, semicolons, double quotes, bars.
_SEPARATOR_CHARS = frozenset(',;()[]{}<>|"“”„«»‹›')
_DASHES = frozenset("-‐‑‒–—―−")
_APOSTROPHES = "'’‘`´ʼ"
#: Possessive endings; "¿" and U+FFFD stand where a mis-decoded apostrophe was ("Blair¿s").
_POSSESSIVE = re.compile(r"(?:[" + _APOSTROPHES + "¿\ufffd][sS]|(?<=[sS])[" + _APOSTROPHES + "])$")
_SCORE = re.compile(r"\d{1,3}(?:[-–]\d{0,3})+")
_NUMBER = re.compile(r"\d{1,4}")
#: A full stop that belongs to the word before it: initials ("U.N.", "J.") and abbreviations.
_ABBREVIATION = re.compile(
    r"(?:[A-Za-z]\.)+[A-Za-z]?|[A-Z][a-z]?|Inc|Ltd|Co|Corp|Bros|Jr|Sr|Jnr|Snr|St|Ste|Mt|Ft|Gen|"
    r"Col|Capt|Sgt|Lt|Rev|Hon|Gov|Sen|Rep|Dept|Univ|Assn|Plc|Esq|Ave|Intl|Natl|Cie|Mfg"
)
_WEB_ADDRESS = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_KEEP_TRAILING = frozenset("!+")  # "Yahoo!", "Canal+": kept when glued to the word


def _is_symbol(ch: str) -> bool:
    """Emoji, flags, pictographs and other symbols; joiners and variation selectors with them."""
    if ch in "\u200d\ufe0e\ufe0f\u20e3":
        return True
    category = unicodedata.category(ch)
    return category in ("So", "Sk", "Cs", "Co")


def _is_edge_punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS" or ch.isspace()


def _has_name_letter(word: str) -> bool:
    """An upper-case letter, or a letter of a script without case (Arabic, Chinese…)."""
    return any(ch.isupper() or (ch.isalpha() and not ch.islower()) for ch in word)


def _fold(word: str) -> str:
    return word.lower().rstrip(".").replace("’", "'")


# --------------------------------------------------------------------------- words


class _Word(NamedTuple):
    start: int
    end: int


@dataclass
class _Segment:
    """Consecutive words of one candidate name, with the lower-case title words just before it
    (and a label of its own, when the document says what it is)."""

    words: list[_Word]
    lead_titles: list[str]
    label: str = ""


_SEP = None  # a separator between words in the item stream


def clean_mention(
    text: str,
    start: int,
    end: int,
    label: str,
    evidence: Collection[str] = (),
    sentence_start: bool = False,
    groups: Collection[str] | Mapping[str, str] = (),
    persons: Collection[str] = (),
) -> list[Piece]:
    """The names inside ``text[start:end]`` (an entity tagged ``label``), as :class:`Piece` s.

    ``evidence`` holds the document's entity texts (:func:`evidence_of`): a coordination, a
    hyphenated pair or a trailing number is split off only when the document names the parts on
    their own. ``sentence_start`` says that the span starts a sentence, where an article is
    capitalised whatever follows ("The Libyan National Army said"): it is trimmed then.
    ``groups`` holds the document's nationality and party names (its NORP entities, or a mapping
    of such names to their labels: a party the gazetteer knows is an ORG): one in front of a
    person's name is a name of its own ("Tory Neil Hamilton"), as is a nationality word
    (:func:`is_demonym`: "Russian Irina Shevchenko") in any document. ``persons`` holds the
    names the document tags as people (and their last words): a span with another label is
    split there too when the rest is one of them ("American Davenport" tagged ORG). A time-zone
    abbreviation right after a clock time ("1200 GMT") is no actor. Returns ``[]`` when the span
    holds no name.
    """
    if _time_zone_after_clock(text, start, end):
        return []
    if sentence_start:
        article = _SENTENCE_ARTICLE.match(text, start, end)
        if article is not None:
            start = article.end()
    simple = _simple_name(text, start, end, label, groups, persons)
    if simple is not None:
        return simple
    line_start = start
    for match in _LINE_BREAKS.finditer(text, start, end):
        pieces = _clean_line(text, line_start, match.start(), label, evidence, groups, persons)
        if pieces:
            return pieces
        line_start = match.end()
    return _clean_line(text, line_start, end, label, evidence, groups, persons)


#: Most entities are a few capitalised words of letters and nothing else ("Angela Merkel").
_SIMPLE_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}")


def _simple_name(
    text: str,
    start: int,
    end: int,
    label: str,
    groups: Collection[str] | Mapping[str, str],
    persons: Collection[str] = (),
) -> list[Piece] | None:
    """The answer for a span no rule would change, found quickly; None for any other span.

    A few capitalised words of letters, none of them a title, form of address, particle,
    connector or office word, and no nationality in front of a person: the span is the name.
    """
    if not _SIMPLE_NAME.fullmatch(text, start, end):
        return None
    vocab = vocabulary()
    words = text[start:end].split(" ")
    folded = [w.lower() for w in words]
    if folded[0] in vocab.function_words or folded[0] in vocab.title_words:
        return None
    if folded[0] in vocab.descriptors and label != "PERSON":
        return None  # "Star Kira Valdane" tagged ORG
    if any(w in vocab.honorifics_folded for w in folded):
        return None  # "Tanzania Mr Brown"
    if label == "PERSON" and any(w in vocab.title_words for w in folded):
        return None  # "Iraqi Prime Minister Iyad Allawi"
    if _leading_group(words, "PERSON", groups, ()) is not None:
        return None  # a nationality or party in front of a name: the full rules decide
    if label not in ("PERSON", "GPE", "NORP") and len(words) <= 2:
        return None  # may be an office word ("Interior Minister"): the full rules decide
    return [Piece(start, end, _title_before(text, start, label, vocab))]


def evidence_of(surfaces: Iterable[str]) -> frozenset[str]:
    """The document's entity texts as the cleaner compares them: stripped, without possessive,
    without the article of a sentence's start ("Duchy of Lancaster" of "The Duchy of
    Lancaster"), and the names cleaning finds in them ("Arsenal" of "Arsenal to Real Madrid")."""
    out = set()
    for surface in surfaces:
        stripped = surface.strip()
        article = _SENTENCE_ARTICLE.match(stripped)
        if article is not None:  # "The Duchy of Lancaster" opening a sentence
            out.add(stripped[article.end() :])
        out.add(stripped)
        out.add(_POSSESSIVE.sub("", stripped))
        if len(stripped.split()) > 1:
            out.update(
                stripped[p.start : p.end] for p in clean_mention(stripped, 0, len(stripped), "")
            )
    return frozenset(out)


def _clean_line(
    text: str,
    start: int,
    end: int,
    label: str,
    evidence: Collection[str],
    groups: Collection[str] | Mapping[str, str] = (),
    persons: Collection[str] = (),
) -> list[Piece]:
    vocab = vocabulary()
    pieces = []
    parts = [
        part
        for segment in _segments(text, start, end, label, evidence, vocab)
        for split in _split_segment(text, segment, evidence, persons, label)
        for titled in [_titled_person(text, split, split.label or label, persons, vocab)]
        for part in _labelled(
            _group_prefix(text, titled, titled.label or label, groups, persons, evidence),
            titled.label,
        )
    ]
    for part in parts:
        piece = _trimmed(text, part, part.label or label, evidence, vocab)
        if piece is None or _office_word(text, piece, label, vocab):
            continue
        if _time_zone_after_clock(text, piece.start, piece.end):
            continue  # "0100 GMT" tagged whole: the number trimmed, the zone is no actor
        if part.label:
            piece = piece._replace(label=part.label)
        if not piece.title:
            piece = piece._replace(title=_title_before(text, piece.start, label, vocab))
        pieces.append(piece)
    return pieces


def _titled_person(
    text: str, segment: _Segment, label: str, persons: Collection[str], vocab: Vocabulary
) -> _Segment:
    """A span not tagged as a person's that is a title and a person's name ("Midfielder Edu",
    "Star Kira Valdane" tagged ORG), made the person's name, labelled PERSON, with the title as
    evidence; any other segment as it is.

    The title is a role noun (:attr:`Vocabulary.heads`: "midfielder", "novelist") or a
    descriptor (:attr:`Vocabulary.descriptors`: "star", "legend"). The rest must be a person's:
    the document tags it so (``persons``), or it reads as a full name (a given name first:
    :func:`_reads_as_full_name`), or, after a role noun of news text that opens a sentence
    (capitalised only by its place; :attr:`Vocabulary.role_nouns`, ``extra_heads`` of
    ``mention_words.toml``, not nameparser's long list with "General" and "Commodore"), one to
    three capitalised words the document never writes in lower case. So "Star Trek", "Legend
    of Zelda", "Judge Business School", "General Motors" and "Commodore International" stay
    whole.
    """
    words = segment.words
    if label == "PERSON" or len(words) < 2:
        return segment
    texts = [text[w.start : w.end] for w in words]
    folded = [_fold(w) for w in texts]
    found = 0 if folded[0] in vocab.descriptors else _last_title_head(folded, vocab)
    if found is None or any(
        w not in vocab.title_words and w not in vocab.descriptors for w in folded[: found + 1]
    ):
        return segment
    head = found
    rest = texts[head + 1 :]
    if not rest or not all(_TITLE_CASE_WORD.fullmatch(w) for w in rest):
        return segment
    if any(_fold(w) in vocab.title_words or _fold(w) in vocab.function_words for w in rest):
        return segment
    person = " ".join(rest) in persons or _reads_as_full_name(rest, text)
    if not person and head == 0 and folded[0] in vocab.role_nouns and len(rest) <= 3:
        start = words[0].start
        person = _SENTENCE_BEFORE.search(text, max(0, start - 8), start) is not None and not any(
            _has_word(text, w.lower()) for w in rest
        )
    if not person:
        return segment
    return _Segment(words[head + 1 :], [*segment.lead_titles, *folded[: head + 1]], "PERSON")


def _labelled(segments: list[_Segment], label: str) -> list[_Segment]:
    """``segments`` with ``label`` where they have none of their own ("Spaniard Conchita
    Martinez", a person's once "Veteran" is trimmed, keeps PERSON after "Spaniard" is split off
    as NORP)."""
    if not label:
        return segments
    return [s if s.label else _Segment(s.words, s.lead_titles, label) for s in segments]


#: How many words before a name :func:`_title_before` reads.
_TITLE_LOOKBACK_WORDS = 4


def _title_before(text: str, start: int, label: str, vocab: Vocabulary) -> str:
    """Title words standing right before a name in the text, outside its span: the model often
    leaves them out ("Mrs" in "Mrs Howard", "Foreign Secretary" before "Jack Straw"). Recorded
    as evidence like trimmed ones; a form of address counts for any label, a title for people.
    """
    line = _LINE_BREAKS.split(text[max(0, start - 80) : start])[-1]
    if line[-1:] not in (" ", "\t"):
        return ""
    words = line.split()[-_TITLE_LOOKBACK_WORDS:]
    if not words:
        return ""
    if _is_honorific(words[-1], label, vocab):
        return _fold(words[-1])
    if label != "PERSON":
        return ""
    folded_words = [_fold(w) for w in words]
    for k in (3, 4):  # "Secretary of State", "Chancellor of the Exchequer" before the name
        if (
            len(words) >= k
            and _office_object(folded_words, len(words) - k + 1) == len(words) - 1
            and folded_words[-k] in vocab.heads
            and words[-1][:1].isupper()
        ):
            # "the Mayor of X, Ada Venn": the comma of the apposition is not the title's
            # (titles are stored comma-joined)
            return " ".join(folded_words[-k:]).rstrip(",")
    if folded_words[-1] not in vocab.heads:
        return ""
    found: list[str] = []
    capitalised = words[-1][:1].isupper()
    for word in reversed(words):  # one run, in one case: not "United" of "Leeds United manager"
        folded = _fold(word)
        if word.endswith(".") and not _ABBREVIATION.fullmatch(word[:-1]):
            break  # a sentence ended there: "…and the prime minister. Williams said"
        if (
            folded not in vocab.title_words
            or not word.replace(".", "").replace("-", "").isalpha()
            or word[:1].isupper() != capitalised
        ):
            break
        found.append(folded)
    return " ".join(reversed(found))


def _items(
    text: str, start: int, end: int, evidence: Collection[str], label: str = ""
) -> Iterable[_Word | None]:
    """Words between ``start`` and ``end`` and :data:`_SEP` where a separator stands."""
    person = label == "PERSON" and " " in text[start:end].strip()
    for number, match in enumerate(_WORD.finditer(text, start, end)):
        w_start, w_end = match.span()
        syllables = person and number > 0  # a given name after the family name: "Kim Jong-un"
        token = match.group()
        if token[0] in "@#" or all(ch in _DASHES for ch in token):
            yield _SEP  # @handle, #hashtag, a dash between words
            continue
        piece_start = w_start
        for i, ch in enumerate(token):
            if ch in _SEPARATOR_CHARS or _is_symbol(ch) or _splits_at_slash(token, i):
                if piece_start < w_start + i:
                    yield from _hyphen_items(text, piece_start, w_start + i, evidence, syllables)
                yield _SEP
                piece_start = w_start + i + 1
        if piece_start < w_end:
            last = text[piece_start:w_end]
            if last.endswith(":") and w_end < end:  # "Manchester United: Carroll"
                yield from _hyphen_items(text, piece_start, w_end - 1, evidence, syllables)
                yield _SEP
            else:
                yield from _hyphen_items(text, piece_start, w_end, evidence, syllables)


def _splits_at_slash(token: str, i: int) -> bool:
    """A "/" between two words of three or more characters, the second capitalised."""
    if token[i] != "/":
        return False
    left, right = token[:i].split("/")[-1], token[i + 1 :].split("/")[0]
    return len(left) >= 3 and len(right) >= 3 and right[0].isupper() and left[0].isupper()


def _hyphen_items(
    text: str, start: int, end: int, evidence: Collection[str], syllables: bool = False
) -> Iterable[_Word | None]:
    """One word, trimmed of lower-case hyphenated prefixes and suffixes ("post-World" → "World",
    "Tripoli-based" → "Tripoli" then a separator), or split at a hyphen between two names the
    document also gives on their own ("Blair-Brown"). With ``syllables`` (a person's name of
    several words), a romanised given name keeps its lower-case syllable
    (:func:`_name_syllables`: "Kim Jong-un")."""
    vocab = vocabulary()
    token = text[start:end]
    parts = re.split(r"([-‐‑–])", token)
    if len(parts) == 1:
        yield _Word(start, end)
        return
    words = parts[0::2]
    # prefixes: "post-", "anti-", "non-", "Ex-"; particles ("al-", "el-", "bin-") stay
    lead = 0
    while lead < len(words) - 1 and _is_prefix(words[lead], vocab):
        lead += 1
    # suffixes: "-based", "-style", "-led"
    tail = len(words)
    while tail - 1 > lead and _is_lower(words[tail - 1]) and not _has_name_letter(words[tail - 1]):
        if syllables and _name_syllables(words[tail - 2], words[tail - 1], vocab):
            break
        tail -= 1
    offsets = []
    pos = start
    for i, part in enumerate(parts):
        if i % 2 == 0:
            offsets.append(pos)
        pos += len(part)
    w_start = offsets[lead]
    w_end = offsets[tail - 1] + len(words[tail - 1])
    if lead == len(words) - 1 and not words[lead]:
        yield _SEP  # "non-": nothing after the prefix
        return
    kept = words[lead:tail]
    if len(kept) == 2 and all(w[:1].isupper() for w in kept) and all(w in evidence for w in kept):
        yield _Word(w_start, w_start + len(kept[0]))
        yield _SEP
        yield _Word(w_end - len(kept[1]), w_end)
    elif w_start < w_end:
        yield _Word(w_start, w_end)
    if tail < len(words):
        yield _SEP


#: A syllable of a romanised given name: a few letters, an inner apostrophe allowed ("p'ing").
_SYLLABLE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’](?=[^\W\d_])){0,4}")


def _name_syllables(first: str, second: str, vocab: Vocabulary) -> bool:
    """ "Jong" + "un", "Jin" + "ping", "Tse" + "tung": a short capitalised syllable, then a short
    lower-case one that is not an English word written after names (``hyphen_suffixes``:
    "Blair-led", "Bush-style")."""
    return (
        first[:1].isupper()
        and _SYLLABLE.fullmatch(first) is not None
        and _SYLLABLE.fullmatch(second) is not None
        and second.lower() not in vocab.hyphen_suffixes
    )


def _is_prefix(word: str, vocab: Vocabulary) -> bool:
    folded = word.lower().strip("".join(ch for ch in word if _is_edge_punctuation(ch)))
    if folded in vocab.particles:
        return False
    if _is_lower(word):
        return not _has_name_letter(word)
    return folded in vocab.capitalised_prefixes


def _is_lower(word: str) -> bool:
    """A word that starts with a lower-case letter (after any leading punctuation)."""
    for ch in word:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def _segments(
    text: str,
    start: int,
    end: int,
    label: str,
    evidence: Collection[str],
    vocab: Vocabulary,
) -> list[_Segment]:
    """The line's words cut into candidate names at separators and separating words."""
    segments: list[_Segment] = []
    current: list[_Word] = []
    titles: list[str] = []

    def close() -> None:
        nonlocal current, titles
        if current:
            segments.append(_Segment(current, titles))
            titles = []
        current = []

    for item in _items(text, start, end, evidence, label):
        if item is _SEP:
            close()
            titles = []
            continue
        word = text[item.start : item.end]
        bare = word.strip("".join(ch for ch in word if _is_edge_punctuation(ch)))
        folded = _fold(bare)
        if folded in ("or", "v", "vs", "versus", "nor") or _SCORE.fullmatch(word.strip(".,:")):
            close()
            titles = []
            continue
        if _is_lower(bare) and not _WEB_ADDRESS.fullmatch(bare) and not _has_name_letter(bare):
            if folded in vocab.function_words or folded == "and" or (label == "EVENT" and current):
                # may stand inside a name (edges are trimmed later); an event's name may end in
                # a common noun: "the Iraq war", "the Asian tsunami"
                current.append(item)
                continue
            close()  # "rang Lucy", "Bosvelt joined City", "rapper Eminem"
            titles = [*titles, folded] if folded in vocab.heads else []
            continue
        if current and _is_honorific(bare, label, vocab):
            close()  # "Tanzania Mr Brown": the honorific starts a new name
        current.append(item)
    close()
    return segments


def _is_honorific(word: str, label: str, vocab: Vocabulary) -> bool:
    bare = word.rstrip(".")
    return bare in vocab.honorifics or (label == "PERSON" and bare in vocab.person_honorifics)


def _group_prefix(
    text: str,
    segment: _Segment,
    label: str,
    groups: Collection[str] | Mapping[str, str],
    persons: Collection[str] = (),
    evidence: Collection[str] = (),
) -> list[_Segment]:
    """A person's name split after a leading nationality or party (:func:`_leading_group`:
    "Tory Neil Hamilton" → "Tory", "Neil Hamilton"); the prefix takes the label the document or
    the gazetteer gives it (NORP for a nationality), the rest is a person's name. A rest of
    title words alone ("Tory Lord") names nobody and is dropped. Other segments come back as
    they are."""
    words = segment.words
    if len(words) < 2 or not _may_lead_group(text, words, groups):
        return [segment]
    words_text = [text[w.start : w.end] for w in words]
    found = _leading_group(words_text, label, groups, persons, text, evidence)
    if found is None:
        return [segment]
    k, prefix_label = found
    prefix = _Segment(words[:k], [], prefix_label)
    vocab = vocabulary()
    if all(_fold(text[w.start : w.end]) in vocab.title_words for w in words[k:]):
        return [prefix]
    return [prefix, _Segment(words[k:], segment.lead_titles, "" if label == "PERSON" else "PERSON")]


def _may_lead_group(text: str, words: list[_Word], groups: Collection[str]) -> bool:
    """A quick check before :func:`_leading_group`: the first word, or the first two, are a
    group of the document or a nationality."""
    first = text[words[0].start : words[0].end]
    two = f"{first} {text[words[1].start : words[1].end]}"
    return first in groups or two in groups or is_demonym(first) or is_demonym(two)


def _leading_group(
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
    """``words`` read as a person's full name (:func:`_reads_as_full_name`) and the document
    (``evidence``, its entity texts; none known means no guess) never names them with another
    label."""
    return bool(evidence) and " ".join(words) not in evidence and _reads_as_full_name(words, text)


def _reads_as_full_name(words: list[str], text: str) -> bool:
    """Two or three capitalised words of letters, the first a given name (gender-guesser), none
    a title or connector word, and none a word ``text`` also writes in lower case: a person's
    full name ("Irina Shevko"; not "Christian Lobby" where the text speaks of a lobby)."""
    if not 2 <= len(words) <= 3 or not text or not is_given_name(words[0]):
        return False
    vocab = vocabulary()
    for word in words:
        folded = word.lower()
        if _TITLE_CASE_WORD.fullmatch(word) is None or folded in vocab.title_words:
            return False
        if folded in vocab.function_words or _has_word(text, folded):
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
    return " " in folded or folded not in _given_names()


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


#: A clock time right before a span: "1200", "06:19", "9am", "9.30 p.m.".
_CLOCK_BEFORE = re.compile(
    r"(?<![\w.,])(?:(?:[01]?\d|2[0-3])[:.]?[0-5]\d|\d{1,2}(?:[:.][0-5]\d)?[ \t]?[ap]\.?m\.?)"
    r"[ \t]+$"
)


def _time_zone_after_clock(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a time-zone abbreviation after a clock time ("1200 GMT",
    "9am EST"): the model tags it ORG, but it names nobody."""
    if not 2 <= end - start <= 5:
        return False
    word = text[start:end]
    if not (word.isalpha() and word.isupper()):
        return False
    return (
        _CLOCK_BEFORE.search(text[max(0, start - 16) : start]) is not None
        and word in _time_zone_names()
    )


@functools.cache
def _time_zone_names() -> frozenset[str]:
    """The abbreviations of the IANA time zones (the tz database Python reads: "GMT", "BST",
    "EST", "CET"…), in winter and in summer, with "UTC"."""
    import datetime
    import zoneinfo

    names = {"UTC", "GMT"}
    for key in zoneinfo.available_timezones():
        try:
            zone = zoneinfo.ZoneInfo(key)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):  # pragma: no cover - broken tz data
            continue
        for month in (1, 7):
            name = datetime.datetime(2020, month, 1, tzinfo=zone).tzname()
            if name and name.isalpha() and name.isupper():
                names.add(name)
    return frozenset(names)


def _split_segment(
    text: str,
    segment: _Segment,
    evidence: Collection[str],
    persons: Collection[str] = (),
    label: str = "",
) -> list[_Segment]:
    """Split at "and" when the parts name actors of their own (:func:`_coordination`), at a
    lower-case "the" between two names the document gives alone outside a person's name ("the
    Independent the Tories' plans"; not "Ivar the Bold"), at a number after a name it names alone ("Chelsea 3 Arsenal 1"), or after an inner
    possessive (:func:`_possessive_cut`: "Haftar's Libyan National Army", "Henry's Arsenal";
    not "Guy's Hospital"; a person's name (:func:`_reads_as_person`) never goes on past a
    possessive, and what follows it is dropped unless the document names it: "Ada Venn's
    Star"; not "St James' Park" tagged PERSON)."""
    words = segment.words
    cut = [i for i, w in enumerate(words[1:-1], 1) if text[w.start : w.end] == "and"]
    if cut:
        parts = _parts(words, cut)
        if all(parts) and _coordination(text, parts, evidence, persons):
            return [_Segment(p, segment.lead_titles if i == 0 else []) for i, p in enumerate(parts)]
        return [segment]
    cut = [i for i, w in enumerate(words[1:-1], 1) if text[w.start : w.end] == "the"]
    if (
        cut
        and label != "PERSON"  # "Ivar the Bold"
        and _fold(text[words[cut[0] - 1].start : words[cut[0] - 1].end]) not in _OF_WORDS
    ):
        parts = _parts(words, cut[:1])
        if all(_core(text, p) in evidence for p in parts):
            return [_Segment(parts[0], segment.lead_titles), _Segment(parts[1], [])]
    for i, w in enumerate(words[1:-1], 1):
        # "Chelsea 3 Arsenal 1": a number after a name the document gives alone is a score
        if (
            _NUMBER.fullmatch(text[w.start : w.end])
            and text[words[0].start : words[i - 1].end] in evidence
        ):
            rest = _split_segment(text, _Segment(words[i + 1 :], []), evidence, persons, label)
            return [_Segment(words[:i], segment.lead_titles), *rest]
    for i, w in enumerate(words[:-1]):
        word = text[w.start : w.end]
        match = _POSSESSIVE.search(word)
        if match is None:
            continue
        left = text[words[0].start : w.start + match.start()]
        right = text[words[i + 1].start : words[-1].end]
        right = _POSSESSIVE.sub("", right)
        if left and (
            (label == "PERSON" and _reads_as_person(left, persons))
            or _possessive_cut(left, right, evidence, persons)
        ):
            person = label != "PERSON" and _one_of_the_people(left, persons)
            owner = _Segment(words[: i + 1], segment.lead_titles, "PERSON" if person else "")
            if label == "PERSON" and right not in evidence:
                return [owner]  # "Ada Venn's Star": a person's name ends at the possessive
            return [owner, _Segment(words[i + 1 :], [])]
    return [segment]


def _core(text: str, words: list[_Word]) -> str:
    """The name in ``words`` as the document would name it alone (:func:`_core_span`)."""
    start, end = _core_span(text, words)
    return text[start:end]


def _core_span(text: str, words: list[_Word]) -> tuple[int, int]:
    """Where the name in ``words`` is, as the document would name it alone: without lower-case
    function words at its edges ("the Duchy of Velm"), edge punctuation or a possessive
    ("Tories'"); ``(0, 0)`` when nothing is left."""
    vocab = vocabulary()
    kept = list(words)
    while kept and _only_function_word(text[kept[0].start : kept[0].end], vocab):
        kept = kept[1:]
    while kept and _only_function_word(text[kept[-1].start : kept[-1].end], vocab):
        kept = kept[:-1]
    kept = _strip_punctuation(text, kept)
    return (kept[0].start, kept[-1].end) if kept else (0, 0)


#: Words after which "the" stands inside a name ("Bank of the West", "Party for the Animals").
_OF_WORDS = frozenset({"of", "for", "in", "upon", "to"})


def _parts(words: list[_Word], cut: list[int]) -> list[list[_Word]]:
    """``words`` cut at the indices ``cut`` (the words there dropped)."""
    bounds = zip([0, *[c + 1 for c in cut]], [*cut, len(words)], strict=True)
    return [words[a:b] for a, b in bounds]


def _possessive_cut(
    left: str, right: str, evidence: Collection[str], persons: Collection[str]
) -> bool:
    """Whether "<left>'s <right>" is two names: the document names the right part alone, or
    the left part is one of its people (``persons``, or the given name that opens one of
    them: "Paula's Olympics" beside "Paula Radcliffe") and no title word ("Queen's Speech")."""
    if right in evidence:
        return True
    return _fold(left) not in vocabulary().title_words and _one_of_the_people(left, persons)


def _reads_as_person(name: str, persons: Collection[str]) -> bool:
    """One of the document's people, or two or three words led by a given name ("Ada Venn"; not
    "St James" of "St James' Park" or "Ulster Schools" tagged PERSON)."""
    words = name.split()
    return _one_of_the_people(name, persons) or (
        2 <= len(words) <= 3 and is_given_name(words[0]) and words[-1][:1].isupper()
    )


def _one_of_the_people(name: str, persons: Collection[str]) -> bool:
    """``name`` is one of the document's people, or the given name that opens one of them."""
    if name in persons:
        return True
    return is_given_name(name) and any(p.startswith(name + " ") for p in persons)


def _coordination(
    text: str, parts: list[list[_Word]], evidence: Collection[str], persons: Collection[str] = ()
) -> bool:
    """Whether "A and B" names two actors: the document names each part on its own (as an
    entity, or as words outside this phrase: "Everton beat Arsenal"), or each is a name of two
    or more capitalised words ("Hayden Tanner and Willie Davies"), or it names one part alone
    and the phrase ends a list ("Chelsea, Everton and Arsenal") or a part is one of its people
    ("Yapp and Dragons" beside "John Yapp"). Not "Securities and Exchange Commission" or
    "Department of Trade and Industry"; never "Bosnia and Herzegovina" (a country's name stays
    whole, also where the document names "Bosnia" alone)."""
    cores = [_core_span(text, p) for p in parts]
    texts = [text[a:b] for a, b in cores]
    phrase = text[cores[0][0] : cores[-1][1]] if cores[0][1] and cores[-1][1] else ""
    if phrase and _country_name(phrase):
        return False
    named = [
        bool(t)
        and (
            t in evidence
            or t in persons
            or _named_elsewhere(text, t, phrase, [o for o in texts if o != t])
        )
        for t in texts
    ]
    if all(named):
        return True
    if any(named):
        if _ends_a_list(text, parts[0][0].start):
            return True
        if any(t in persons for t in texts):
            return True
    vocab = vocabulary()
    for part in parts:
        words = [text[w.start : w.end] for w in part]
        if len(words) < 2 or any(_fold(w) in vocab.connectors for w in words):
            return False
        if not all(w[:1].isupper() for w in words):
            return False
    return True


#: A list's earlier item right before a span: a capitalised word and a comma.
_LIST_ITEM_BEFORE = re.compile(r"(?<![\w'’])[A-Z][\w'’.&-]*,[ \t]+$")


def _ends_a_list(text: str, start: int) -> bool:
    """Whether a capitalised word and a comma stand right before ``start`` ("Chelsea, ")."""
    return _LIST_ITEM_BEFORE.search(text, max(0, start - 40), start) is not None


def _country_name(phrase: str) -> bool:
    """Whether countrynames knows ``phrase`` as a country ("Bosnia and Herzegovina")."""
    return country_name_code(phrase) is not None


def _named_elsewhere(text: str, name: str, phrase: str, others: Collection[str] = ()) -> bool:
    """Whether ``name`` stands in ``text`` as whole words outside every copy of ``phrase``, and
    not right beside another part of it (``others``): "Economic" of "the Economic Social Research
    Council" is the same name written without its "and", no name of its own ("Citizens" of
    "Citizens Bank" is)."""
    inside = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
    for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
        if any(a <= match.start() and match.end() <= b for a, b in inside):
            continue
        after = text[match.end() : match.end() + 60]
        before = text[max(0, match.start() - 60) : match.start()]
        if any(
            after.startswith(" " + other.split()[0]) or before.endswith(other.split()[-1] + " ")
            for other in others
            if other.split()
        ):
            continue
        return True
    return False


# --------------------------------------------------------------------------- one name


def _trimmed(
    text: str, segment: _Segment, label: str, evidence: Collection[str], vocab: Vocabulary
) -> Piece | None:
    """A candidate name trimmed at both ends and of its titles; None when nothing is left."""
    words = list(segment.words)
    titles = list(segment.lead_titles) if label == "PERSON" else []
    changed = True
    while changed and words:
        before = list(words)
        words = _trim_edges(text, words, label, evidence, vocab)
        if words:
            words, found = _trim_titles(text, words, label, vocab)
            titles += found
        changed = words != before
    if not words or all(_only_function_word(text[w.start : w.end], vocab) for w in words):
        return None  # nothing, or only "The"
    start, end = words[0].start, words[-1].end
    if not _has_name_letter(text[start:end]) and not _WEB_ADDRESS.fullmatch(text[start:end]):
        return None
    return Piece(start, end, " ".join(titles))


def _only_function_word(word: str, vocab: Vocabulary) -> bool:
    """A connector ("the", "The", "of"), or a particle in lower case ("al", "van"; not "Mac",
    "LA" or "Van")."""
    folded = _fold(word)
    return folded in vocab.connectors or (folded in vocab.particles and _is_lower(word))


def _trim_edges(
    text: str, words: list[_Word], label: str, evidence: Collection[str], vocab: Vocabulary
) -> list[_Word]:
    words = _strip_punctuation(text, words)
    # lead: lower-case words, numbers ("745bn", "2004"); particles stay when a name follows
    while words:
        word = text[words[0].start : words[0].end]
        folded = _fold(word)
        if _is_lower(word) and not _has_name_letter(word) and not _WEB_ADDRESS.fullmatch(word):
            if folded in vocab.particles and len(words) > 1 and folded not in vocab.connectors:
                break
            words = words[1:]
        elif word[:1].isdigit() and not _has_name_letter(word):
            words = words[1:]
        elif (glued := _GLUED_FUNCTION_WORD.match(word)) is not None:
            words = [_Word(words[0].start + glued.end(), words[0].end), *words[1:]]
        else:
            break
    # tail: lower-case words, scores, post-nominals, a number the document gives the name without
    while words:
        word = text[words[-1].start : words[-1].end]
        rest = text[words[0].start : words[-2].end] if len(words) > 1 else ""
        lower = _is_lower(word) and not _has_name_letter(word) and not _WEB_ADDRESS.fullmatch(word)
        if (
            (lower and (label != "EVENT" or _fold(word) in vocab.function_words | {"and"}))
            or _SCORE.fullmatch(word)
            or (rest and _is_postnominal(word, label, vocab))
            or (rest and _NUMBER.fullmatch(word) and rest in evidence)
        ):
            words = words[:-1]
            words = _strip_punctuation(text, words)
        else:
            break
    return words


#: An English function word glued to the capitalised word after it, a space lost in the source
#: ("ofNew Labour", "theBBC"); not "iPod", "eBay", "deGrasse".
_GLUED_FUNCTION_WORD = re.compile(r"(?:of|the|and|to|for|at|by|with|from)(?=[A-Z][A-Za-z])")


def _is_postnominal(word: str, label: str, vocab: Vocabulary) -> bool:
    bare = word.rstrip(".")
    if bare in vocab.postnominals:
        return True
    if label != "PERSON" or _fold(bare) in vocab.name_suffixes:
        return False
    letters = bare.replace(".", "")
    # capitals beyond the first letter: "QC", "OBE", "PhD"; not the given name "Ed"
    return letters.lower() in vocab.person_postnominals and any(c.isupper() for c in letters[1:])


def _strip_punctuation(text: str, words: list[_Word]) -> list[_Word]:
    """Punctuation off the first word's start and the last word's end, and possessives."""
    while words:
        first = words[0]
        s = first.start
        while s < first.end and _is_edge_punctuation(text[s]):
            s += 1
        if s == first.end:
            words = words[1:]
            continue
        words = [_Word(s, first.end), *words[1:]]
        break
    while words:
        last = words[-1]
        e = _trimmed_end(text, last.start, last.end)
        if e <= last.start:
            words = words[:-1]
            continue
        words = [*words[:-1], _Word(last.start, e)]
        break
    return words


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start:
        word = text[start:end]
        possessive = _POSSESSIVE.search(word)
        if possessive is not None and possessive.start() > 0:
            end = start + possessive.start()
            continue
        ch = word[-1]
        if not _is_edge_punctuation(ch):
            break
        if ch == "." and _ABBREVIATION.fullmatch(word[:-1]):
            break
        if ch in _KEEP_TRAILING and len(word) > 1 and word[-2].isalnum():
            break
        end -= 1
    return end


def _trim_titles(
    text: str, words: list[_Word], label: str, vocab: Vocabulary
) -> tuple[list[_Word], list[str]]:
    """Forms of address (any label) and, in a person's name, the titles in front of it."""
    first = text[words[0].start : words[0].end]
    if _is_honorific(first, label, vocab):
        return words[1:], [_fold(first)]
    if label != "PERSON" or len(words) < 2:
        return words, []
    folded = [_fold(text[w.start : w.end]) for w in words]
    head = _last_title_head(folded, vocab)
    if head is None:
        return words, []
    names = [w for w in folded[head + 1 :] if w not in vocab.name_suffixes]
    if not names:
        return words, []
    first_title = next(i for i, w in enumerate(folded) if w in vocab.title_words)
    titles = folded[first_title : head + 1]
    if head == 0 and folded[0] in vocab.styles and len(names) == 1:
        return words, titles  # "Prince Harry", "Lady Gaga": the style is part of the name
    return words[head + 1 :], titles


#: Capitalised words allowed in front of a title ("Iraqi Prime Minister", "Lib Dem MP").
_MAX_WORDS_BEFORE_TITLE = 2


def _last_title_head(folded: list[str], vocab: Vocabulary) -> int | None:
    """Index of the word that ends the title in front of a name, if there is one."""
    title_words = vocab.title_words
    i = 0
    while i < len(folded) and i < _MAX_WORDS_BEFORE_TITLE and folded[i] not in title_words:
        i += 1
    leading_others = i
    head = None
    while i < len(folded) - 1 and folded[i] in title_words:
        word = folded[i]
        if word in vocab.heads and not (
            leading_others and (word in vocab.surname_like or word in vocab.styles)
        ):
            head = i
            office = _office_object(folded, i + 1)  # "Secretary of State", "Minister for Europe"
            if office is not None and office < len(folded) - 1:
                head = i = office
        i += 1
    if head is None or (leading_others and head < leading_others):
        return None
    return head


def _office_object(folded: list[str], i: int) -> int | None:
    """Index of Y when ``folded[i:]`` starts "of Y", "for Y" or "of the Y", else None."""
    if i < len(folded) and folded[i] in ("of", "for"):
        j = i + 2 if i + 1 < len(folded) and folded[i + 1] == "the" else i + 1
        if j < len(folded):
            return j
    return None


def _office_word(text: str, piece: Piece, label: str, vocab: Vocabulary) -> bool:
    """One or two capitalised portfolio words of an office title: "Interior" in "Interior
    Minister", "State" in "Secretary of State" (not "UN" in "UN Secretary", "Home Office" in
    "Home Office Minister", nor a place or nationality: "ministers of France")."""
    if label in ("PERSON", "GPE", "NORP"):
        return False
    words = text[piece.start : piece.end].split()
    if len(words) > 2 or not all(w[:1].isupper() and not w.isupper() for w in words):
        return False
    if not all(w.lower() in vocab.portfolios for w in words):
        return False  # "Home Office Minister", "Cabinet Secretary": an actor before the title
    after = re.match(r"[ \t]+([\w-]+)", text[piece.end : piece.end + 30])
    if after is not None and after.group(1).lower() in vocab.office_nouns:
        return True
    before = re.search(
        r"([\w-]+)[ \t]+of[ \t]+(?:the[ \t]+)?$", text[max(0, piece.start - 40) : piece.start]
    )
    return before is not None and before.group(1).lower() in vocab.office_nouns


# --------------------------------------------------------------------------- names the NER cut


class RawSpan(NamedTuple):
    """An entity as the NER tagged it, before :func:`clean_mention`."""

    start: int
    end: int
    label: str
    sentence_start: bool = False


#: Labels whose names may continue over a particle ("Musa as-Sadr"); a nationality does not.
_REJOINED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
_GLOTTAL_MARKS = "ʿʾ"  # scholarly ayn and hamza in front of a name word ("ʿAbd", "ʾIsa")
_INNER_APOSTROPHE = re.compile(r"[^\W\d_]+['’ʿʾ][^\W\d_]+")  # "Sa'adi", "Khamene'i"
_NAME_WORD = re.compile(r"[ʿʾ'’‘]?[^\W\d_][\w'’ʿʾ]*")
_AFTER_NAME = re.compile(r"[ \t]+([^\W\d_]+)(-|[ \t]+)")
_CONTRACTION_ENDS = frozenset({"s", "t", "d", "m", "ll", "re", "ve"})
_MARKED_WORD_AFTER = re.compile(r" ([^\s,;:!?()\"]+?)(?=[\s,;:!?()\"]|[.]\s|[.]?$)")


def rejoin_split_names(text: str, spans: Iterable[RawSpan]) -> list[RawSpan]:
    """The NER's entities with names it cut at a name particle or a transliteration mark
    made whole again, the parts it tagged on their own merged into one.

    A statistical NER trained on English stops at words it rarely saw inside names: "Musa" of
    "Musa as-Sadr", "Oussama" and "Laden" of "Oussama ben Laden", "Ṣāliḥ ʿĪsā" of "ʿAqīla Ṣāliḥ
    ʿĪsā", "Gadhafi" of "Sa'adi Gadhafi". A span is continued over a particle of
    :attr:`Vocabulary.hyphen_particles` (joined by a hyphen) or :attr:`Vocabulary.spaced_particles`
    (lower case, by a hyphen or a space) and the capitalised word after it, absorbing the span
    that word starts (and one right after it: "ʿAbd al-ʿAzīz Būtaflīqa"); a person's span takes
    in capitalised words before or after it that carry an ayn or an inner apostrophe ("ʿAqīla",
    "Sa'adi", "Khamene'i"). Offsets only grow over text of the document, so ``text[start:end]`` stays a
    name; the cleaner runs after this.
    """
    vocab = vocabulary()
    ordered = sorted(spans)
    out: list[RawSpan] = []
    i = 0
    while i < len(ordered):
        span = ordered[i]
        i += 1
        if span.label not in _REJOINED_LABELS:
            out.append(span)
            continue
        start = _marked_words_before(text, span, out[-1].end if out else 0)
        end, label = span.end, span.label
        while (after := _particle_and_name(text, end, vocab)) is not None:
            end, particle = after
            while i < len(ordered) and ordered[i].start < end:
                end, label = max(end, ordered[i].end), _joined_label(label, span, ordered[i])
                i += 1
            if i < len(ordered) and _starts_right_after(text, end, ordered[i]):
                end, label = ordered[i].end, _joined_label(label, span, ordered[i])
                i += 1
            if particle in vocab.patronymic_particles:
                label = "PERSON"
        if label == "PERSON":
            end = _marked_words_after(text, end, ordered[i].start if i < len(ordered) else None)
        out.append(RawSpan(start, end, label, span.sentence_start and start == span.start))
    return out


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
        folded = _fold(word.group(1)) if word is not None else ""
        if word is None or folded in vocab.title_words or folded in vocab.honorifics_folded:
            break  # a title before a name is evidence, read by the cleaner (_title_before)
        start = word.start(1)
        labels = _labels_of_name(named, text[start : span.end])
        if labels and "PERSON" not in labels:
            label = span.label if span.label in labels else min(labels)
            opens = _SENTENCE_BEFORE.search(text, max(0, start - 8), start) is not None
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


def _particle_and_name(text: str, end: int, vocab: Vocabulary) -> tuple[int, str] | None:
    """Where a particle and the capitalised name word after ``end`` end, and the particle."""
    gap = _AFTER_NAME.match(text, end)
    if gap is None:
        return None
    particle, joint = gap.group(1), gap.group(2)
    folded = particle.lower()
    if joint == "-":
        if folded not in vocab.hyphen_particles and folded not in vocab.spaced_particles:
            return None
    elif folded not in vocab.spaced_particles or not particle.islower():
        return None  # "Ben" is a given name; "as", "an", "at" are English words
    word = _NAME_WORD.match(text, gap.end())
    if word is None or not _capitalised(word.group()):
        return None
    return word.end(), folded


def _capitalised(word: str) -> bool:
    letters = word.lstrip("ʿʾ'’‘")
    return bool(letters) and letters[0].isupper()


def _starts_right_after(text: str, end: int, span: RawSpan) -> bool:
    return span.label in _REJOINED_LABELS and text[end : span.start] == " "


def _joined_label(label: str, first: RawSpan, other: RawSpan) -> str:
    """The label of two parts made one: the longer part's, the later one on a tie."""
    if other.end - other.start >= first.end - first.start:
        return other.label
    return label


def _marked_words_before(text: str, span: RawSpan, floor: int) -> int:
    """Where a person's name starts once the capitalised words right before it that carry an
    ayn or an inner apostrophe ("ʿAqīla", "Sa'adi"; not "Isn't" or "Blair's") are put back."""
    if span.label != "PERSON":
        return span.start
    start = span.start
    while start - 1 > floor and text[start - 1] == " ":
        word_start = start - 1
        while word_start > floor and not text[word_start - 1].isspace():
            word_start -= 1
        word = text[word_start : start - 1]
        if not _marked_name_word(word):
            break
        start = word_start
    return start


def _marked_words_after(text: str, end: int, ceiling: int | None) -> int:
    """Where a person's name ends once the capitalised words right after it that carry an
    ayn or an inner apostrophe ("Khamene'i"; not "Blair's") are put back."""
    while (word := _MARKED_WORD_AFTER.match(text, end)) is not None and _marked_name_word(
        _POSSESSIVE.sub("", word.group(1))
    ):
        if ceiling is not None and word.end(1) > ceiling:
            break
        end = word.end(1)
    return end


def _marked_name_word(word: str) -> bool:
    if word[:1] in _GLOTTAL_MARKS:
        return _capitalised(word) and _NAME_WORD.fullmatch(word) is not None
    if not word[:1].isupper() or _INNER_APOSTROPHE.fullmatch(word) is None:
        return False
    tail = re.split(r"['’ʿʾ]", word)[-1].lower()
    return tail not in _CONTRACTION_ENDS


# ------------------------------------------------------------- a common word opening a sentence

_TITLE_CASE_WORD = re.compile(r"[A-Z][a-z]+")
#: What stands before a word that opens a sentence: an end of sentence, a line break or the
#: text's start, then quotes or brackets.
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;]|\n)[\s\"'“‘(\[]*$")


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
    if _TITLE_CASE_WORD.fullmatch(word) is None:
        return False
    if span.label == "PERSON":
        return (
            text[max(0, span.start - 4) : span.start] in ("the ", "The ")
            and is_given_name(word)
            and _has_word(text, word.lower())
        )
    if not span.sentence_start or not _noun_after(text, span.end):
        return False
    if not _has_word(text, word.lower()):
        return False
    return all(
        _SENTENCE_BEFORE.search(text, max(0, at - 8), at) is not None
        for at in _word_starts(text, word)
    )


def _word_starts(text: str, word: str) -> Iterable[int]:
    """Where ``word`` stands in ``text`` as a whole word (no letter or digit on either side).
    A plain search: a pattern per word would crowd the re module's cache."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            yield at
        at = text.find(word, at + 1)


def _has_word(text: str, word: str) -> bool:
    return next(iter(_word_starts(text, word)), None) is not None


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
        or (set(labels) == {"PERSON"} and folded in _given_names() and not _country_name(rest))
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


def is_given_name(word: str) -> bool:
    """Whether gender-guesser lists ``word`` (any case) as a first name."""
    return word.lower() in _given_names()


@functools.cache
def _given_names() -> frozenset[str]:
    """gender-guesser's first names with a country frequency, lower case, "+" read as a hyphen
    only (read on first use: a person's name, a nationality, a sentence's lead word). The
    checks here ask about one word as written; resolution's lexicon keys the same file by
    folded keys of every reading of "+" (:func:`explorer.given_names.plus_readings`)."""
    return frozenset(
        line[NAME_COLUMNS].strip().lower().replace("+", "-")
        for line in dictionary_lines()
        if line[:1] != "=" and has_countries(line)
    )


# --------------------------------------------- the parts of "A and B" (for the corpus rule)

_AND = re.compile(r" and (?=\S)")


def coordination_parts(surface: str) -> list[tuple[int, int]]:
    """Offsets of the parts of a mention "A and B" (each starting with a name letter), or
    ``[]`` when it is no such mention."""
    cuts = list(_AND.finditer(surface))
    if not cuts:
        return []
    starts = [0, *[c.end() for c in cuts]]
    parts = list(zip(starts, [*[c.start() for c in cuts], len(surface)], strict=True))
    if any(b <= a or not _has_name_letter(surface[a]) for a, b in parts):
        return []
    return parts
