"""Spelling rules: whether two names are spellings of one name (transliteration skeletons, vowel
patterns, glued words, numbers), and the joins of full names, glued names, middle names and
lone one-word names they decide (steps 3 and 6 of :mod:`explorer.resolution.resolve`)."""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz

from explorer.normalize import (
    ayn_hamza_marks,
    glued_skeleton,
    matching_key,
    respelled,
    respellings,
    skeleton_readings,
    translit_patterns,
    translit_words,
    vowel_letters,
    vowel_runs,
    without_glued_article,
)
from explorer.resolution.chinese import chinese_readings
from explorer.resolution.corpus_forms import (
    PLACE_LABELS,
    Corpus,
    Decisions,
    Form,
    UnionFind,
    form_key,
    join_if_allowed,
    type_family,
)
from explorer.resolution.lexicon import given_name_genders
from explorer.resolution.people import first_names_clash, genders_clash
from explorer.resolution.reach import reaches, spelling_blocks

#: Minimum rapidfuzz ``ratio`` (0-100) between two full names with equal skeletons; chosen on
#: tests/data/name_pairs.tsv with benchmarks/resolution_eval.py (see README).
VARIANT_MIN_SCORE = 60.0
#: Every differing word must score at least this on its own.
WORD_MIN_SCORE = 60.0
#: The same for one-word names, which carry less evidence ("China"/"Chennai" and
#: "Honda"/"Hyundai" share a skeleton and score 67).
SHORT_VARIANT_MIN_SCORE = 75.0
#: One-word names shorter than this never join by spelling ("Dam" is not "Dem"); the ayn and
#: hamza letters of scholarly romanisation count ("Ṣanʿāʾ" is six letters, "Sanaa" five).
MIN_SHORT_VARIANT_LENGTH = 5
#: A lone surname joins a person named elsewhere in the corpus through a spelling with other
#: vowels (:func:`explorer.normalize.vowel_letters`) only when both are at least this long and
#: score at least this ("Tarhouni" ~ "Terhouni"; not "Wang" ~ "Wong", "Robin" ~ "Rubin",
#: "Beatle" ~ "Bootle", nor, in the BBC corpus, "Brighton" ~ "Broughton", "Hoffmann" ~
#: "Huffman", "Osborne" ~ "Osbourne").
SURNAME_VOWEL_CHANGE_LENGTH = 8
SURNAME_VOWEL_CHANGE_MIN_SCORE = 85.0
#: Arabic's short vowels come out as a, e or i in English ("Haftar"/"Hafter", "Sarraj"/
#: "Serraj", "Mismari"/"Mesmari"): for surnames of at least this length, a vowel for a vowel
#: among those three is a spelling. Shorter words are English ones too often ("Blind"/"Bland",
#: "Nick"/"Naik", "Wasp"/"Wisp" were joined in the BBC corpus when 4-5 letters counted).
SHORT_VOWEL_SWAP_LENGTH = 6
_SHORT_VOWELS = str.maketrans("eiy", "aaa")  # y: "Husayn"/"Hussein"
#: Two words whose vowel patterns differ by one vowel inside the word ("Zawahri"/"Zawahiri")
#: are one spelling only when at least this close (in the BBC corpus "Johansson"/"Johnson"
#: score 88, "Senderos"/"Saunders" 75; "Mahmoud"/"Muhammad" 53). A final vowel never counts
#: ("Malone"/"Maloney", "Stoke"/"Stock", "Ken"/"Kenny").
VOWEL_DROP_MIN_SCORE = 90.0
#: Names written in a different number of words ("Ahmadi Nejad"/"Ahmadinejad", "Hizb Allah"/
#: "Hezbollah", "Xi Jin Ping"/"Xi Jinping") are compared glued together, at this score.
JOINED_MIN_SCORE = 75.0


@functools.lru_cache(maxsize=100_000)
def spelling_variants(a: str, b: str, min_score: float | None = None, arabic: bool = False) -> bool:
    """Whether two names (surfaces or matching keys) are spellings of the same name.

    Same number of words (:func:`explorer.normalize.translit_words`: "Abdelaziz" is "Abd
    al-Aziz"); each pair of words equal, or transliterations of each other
    (:func:`words_transliterate`) with a rapidfuzz ``ratio`` of at least
    :data:`WORD_MIN_SCORE`; and a ``ratio`` over the whole form of at least ``min_score``
    (default: :data:`VARIANT_MIN_SCORE` for several words, :data:`SHORT_VARIANT_MIN_SCORE`
    for one). Demonym-like pairs ("Iraq"/"Iraqi") are never variants, nor given names of
    different sexes ("Diane"/"Danny"). When two several-word names differ in their last word
    only, its vowels must agree (:func:`_vowels_agree`), unless both names are ``arabic``
    (each written somewhere with the article before a later word): then the surnames only
    need to be Arabic spellings of each other (:func:`_arabic_spellings`: "al-Ghawil" ~
    "al-Ghwell" ~ "al-Ghweil"). Names in a different number of words are compared glued
    together (:func:`_glued_variants`); Wade-Giles is read as pinyin
    (:func:`explorer.resolution.chinese.chinese_readings`).
    """
    ta, tb = translit_words(matching_key(a)), translit_words(matching_key(b))
    if not ta or not tb:
        return False
    if chinese_readings(ta) & chinese_readings(tb):
        return True  # "Mao Tse-tung" ~ "Mao Zedong": Wade-Giles read as pinyin
    if len(ta) != len(tb):
        return _glued_variants(ta, tb)
    ta, tb = _without_glued_articles(ta, tb), _without_glued_articles(tb, ta)
    if ta == tb:
        return True
    if len(ta) > 1 and ta[:-1] == tb[:-1] and arabic and _arabic_spellings(ta[-1], tb[-1]):
        return True
    if len(ta) > 1 and ta[:-1] == tb[:-1] and not _vowels_agree(ta[-1], tb[-1], 4):
        # Only the surname differs: "David Davis"/"David Davies" and "Donald Trump"/"Donald
        # Tramp" are two people; "Khalifa Haftar"/"Khalifa Hifter" is one (a/e/i).
        return False
    if min_score is None:
        min_score = VARIANT_MIN_SCORE if len(ta) > 1 else SHORT_VARIANT_MIN_SCORE
    for wa, wb in zip(ta, tb, strict=True):
        if wa == wb:
            continue
        if _numbers(wa, wb):
            return False  # "World War I"/"World War II", "Apollo 11"/"Apollo 13"
        if _demonym_like(wa, wb) and respelled(wa) != respelled(wb):
            return False  # "Iraq"/"Iraqi", but not "Navalny"/"Navalnyi"
        if len(ta) == 1 and not _same_first_letter(wa, wb):
            return False  # one word alone needs its first letter: "Greek" is not "Creek"
        if not words_transliterate(wa, wb, vowel_drop=len(ta) > 1):
            return False
        if fuzz.ratio(respelled(wa), respelled(wb)) < WORD_MIN_SCORE:
            return False  # "Ali"/"Ollie": short words with one skeleton, yet different names
        if _different_sexes(wa, wb):
            return False
    return _score(" ".join(ta), " ".join(tb)) >= min_score


#: An Arabic surname's spellings with other vowels, or a vowel fewer, must be this long.
ARABIC_SURNAME_LENGTH = 5


def _arabic_spellings(a: str, b: str) -> bool:
    """Two spellings of one Arabic surname, whose short vowels and the glide between them
    English writes every way ("Ghawil", "Ghwell", "Ghweil"; "Suwayhli", "Swehli"): a shared
    consonant skeleton, vowel patterns equal or a vowel apart, close enough
    (:data:`WORD_MIN_SCORE`), both at least :data:`ARABIC_SURNAME_LENGTH` letters."""
    if min(len(a), len(b)) < ARABIC_SURNAME_LENGTH:
        return False
    if not skeleton_readings(a) & skeleton_readings(b):
        return False
    pa, pb = translit_patterns(a), translit_patterns(b)
    if not (pa & pb or any(_one_vowel_apart(x, y) for x in pa for y in pb)):
        return False
    return fuzz.ratio(respelled(a), respelled(b)) >= WORD_MIN_SCORE


def _score(a: str, b: str) -> float:
    """rapidfuzz ``ratio`` of two names, each word respelled (:func:`respelled`: "Qaeda" and
    "Kaida" differ by one letter, not two)."""
    return fuzz.ratio(" ".join(map(respelled, a.split())), " ".join(map(respelled, b.split())))


def words_transliterate(a: str, b: str, vowel_drop: bool = True) -> bool:
    """Whether two words may be one word in two romanisations: a shared consonant skeleton
    among their readings (:func:`explorer.normalize.skeleton_readings`: "Khadafi" ~ "Gaddafi",
    "Selenskyj" ~ "Zelensky") and the same vowel pattern, or patterns one vowel apart when the
    words are close (:data:`VOWEL_DROP_MIN_SCORE`) and ``vowel_drop`` allows it: not for a name
    of one word, which nothing else supports ("McMillan" alone is not "James MacMillan")."""
    if not skeleton_readings(a) & skeleton_readings(b):
        return False
    pa, pb = translit_patterns(a), translit_patterns(b)
    if pa & pb:
        return True
    return (
        vowel_drop
        and fuzz.ratio(respelled(a), respelled(b)) >= VOWEL_DROP_MIN_SCORE
        and any(_one_vowel_apart(x, y) for x in pa for y in pb)
    )


def _without_glued_articles(words: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` with a later word's glued article dropped where ``other`` has the word without
    it ("Abdelfattah Elsisi" against "Abdel Fattah el-Sisi")."""
    return tuple(
        o if i and w != o and without_glued_article(w) == o else w
        for i, (w, o) in enumerate(zip(words, other, strict=True))
    )


_FIRST_LETTER_PAIRS = ({"v", "w"},)


def _same_first_letter(a: str, b: str) -> bool:
    """The same first letter once respelled (:func:`respelled`: "Tscheljabinsk" starts with
    the ch of "Chelyabinsk", "Yekaterinburg" and "Jekaterinburg" with e), or q and k (Arabic
    qaf: "Qaeda" ~ "Kaida"), or German ch and English kh ("Charkiw" ~ "Kharkiv"), or German
    and Polish w and English v ("Wolgograd" ~ "Volgograd")."""
    if {a[0], b[0]} == {"q", "k"}:
        return True
    return any(
        ra[:1] == rb[:1]
        or {ra[:2], rb[:2]} == {"ch", "kh"}
        or {ra[:1], rb[:1]} in _FIRST_LETTER_PAIRS
        for ra in respellings(a)
        for rb in respellings(b)
    )


def _one_vowel_apart(a: str, b: str) -> bool:
    """Vowel patterns (``CVCVC``) equal once one ``V`` is taken out of the longer."""
    if len(a) < len(b):
        a, b = b, a
    return len(a) == len(b) + 1 and any(
        a[i] == "V" and a[:i] + a[i + 1 :] == b for i in range(len(a) - 1)
    )


def _one_letter_more(a: str, b: str) -> bool:
    """One string is the other with one more letter, not at its end."""
    if len(a) < len(b):
        a, b = b, a
    return len(a) == len(b) + 1 and any(a[:i] + a[i + 1 :] == b for i in range(len(a) - 1))


def _different_sexes(a: str, b: str) -> bool:
    """Both words are given names, of different sexes only (gender-guesser): "Diane"/"Danny"."""
    ga, gb = given_name_genders(a), given_name_genders(b)
    return bool(ga and gb and not ga & gb)


def _glued_variants(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    """Names written in a different number of words, glued together, are transliterations of
    each other and close (:data:`JOINED_MIN_SCORE`), and start with the same word
    ("Ahmadi Nejad" ~ "Ahmadinejad", "Xi Jin Ping" ~ "Xi Jinping") or are one word against
    several ("Hizb Allah" ~ "Hezbollah")."""
    if min(len(ta), len(tb)) > 1 and ta[0] != tb[0]:
        return False
    if any(_counts(w) for w in ta[1:] + tb[1:]):
        return False  # "World War"/"World War II"
    ga, gb = "".join(ta), "".join(tb)
    if abs(len(ga) - len(gb)) > 1:
        return False
    return fuzz.ratio(respelled(ga), respelled(gb)) >= JOINED_MIN_SCORE and words_transliterate(
        ga, gb
    )


_ROMAN_NUMERAL = re.compile(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")


def _is_numeral(word: str) -> bool:
    """Digits or a well-formed Roman numeral ("ii", "xiv"; not "civil" or "vivid")."""
    return word.isdigit() or (bool(word) and _ROMAN_NUMERAL.fullmatch(word) is not None)


def _numbers(a: str, b: str) -> bool:
    """Two words that count something: digits in either, or Roman numerals both ("mix" and
    "max" are words; "ii" and "iii" are numbers)."""
    return any(ch.isdigit() for ch in a + b) or (_is_numeral(a) and _is_numeral(b))


def _counts(word: str) -> bool:
    """Digits, or a small Roman numeral ("ii", "iv", "xiv"; not "mix" or "di")."""
    return any(ch.isdigit() for ch in word) or (set(word) <= set("ivx") and _is_numeral(word))


_DEMONYM_SUFFIXES = ("i", "n", "an", "ian", "ese", "ish", "ic", "is", "ite", "ns", "ans")


def _demonym_like(a: str, b: str) -> bool:
    """ "Libya"/"Libyan", "Iraq"/"Iraqi", "Turkey"/"Turkish": a place and its people. A people's
    name is longer than its place's, so two words of one length are never such a pair ("Zaza"/
    "Zazi" once were one way round and not the other: the answer must not depend on order)."""
    if len(a) == len(b):
        return False
    short, long = sorted((a, b), key=len)
    return any(
        long == stem + suffix
        for stem in {short, short[:-1]}
        for suffix in _DEMONYM_SUFFIXES
        if len(stem) >= 3
    )


def _join_spelling_variants(
    uf: UnionFind,
    forms: dict[str, Form],
    keys: Iterable[str],
    allowed: Callable[[str, str], bool] | None = None,
) -> None:
    """Join forms of one type family that are spelling variants, comparing only within a block
    of the same transliteration skeleton (pairs across blocks can never be variants).

    A one-word person's name is held to :func:`surname_variants`: "Robin" and "Rubin" alone
    are two names more often than two spellings.
    """
    for a, b in _candidate_pairs(keys):
        if not _types_may_join(forms[a], forms[b], a, b):
            continue
        one_word_person = forms[a].type == "PERSON" and len(forms[a].tokens) == 1
        if forms[a].type == "PERSON" and _different_people(forms[a], forms[b]):
            continue
        if one_word_person or _placed_only_by_context(forms[a], forms[b]):
            variants = surname_variants(a, b)
        else:
            arabic = forms[a].arabic_article and forms[b].arabic_article
            # positional when not Arabic: one cache entry with the other rules' calls
            variants = spelling_variants(a, b, arabic=True) if arabic else spelling_variants(a, b)
        if variants and (allowed is None or allowed(a, b)):
            join_if_allowed(uf, a, b, "spelling variant")


#: A full name the NER calls an organisation in some documents and a person in others
#: ("Moamer Qadaffi", "Wolodymyr Selenskyj") joins its person's spellings when this close.
CROSS_TYPE_MIN_SCORE = 80.0
_PERSON_OR_ORG = frozenset({"PERSON", "ORG"})
#: A form typed one way joins a spelling of another type when at least this share of its
#: mentions were tagged with that other type (the NER hesitated between the two).
HESITATION_SHARE = 0.2
_PLACE_OR_GROUP = PLACE_LABELS | {"NORP"}


def _types_may_join(fa: Form, fb: Form, a: str, b: str) -> bool:
    """The same type family; or two full names, one typed PERSON and the other ORG, a place or
    a group (NORP), very close ("Yehya Sinwar" typed FAC beside "Yahya Sinwar"); or
    a form the NER often tagged with the other's type family (:func:`_tagged_as`) ("Tobruch" typed ORG
    from its labels GPE, ORG, ORG, beside the place "Tobruk"; "Yehya Sinwar" typed FAC from
    FAC, PERSON, beside the person): the NER hesitated, and the spelling rules decide; or a
    form the context places (:func:`_placed_by_context`) beside a place."""
    if type_family(fa.type) == type_family(fb.type):
        return True
    if (
        _tagged_as(fa, fb.type)
        or _tagged_as(fb, fa.type)
        or _placed_by_context(fa, fb)
        or _placed_by_context(fb, fa)
    ):
        return min(len(fa.tokens), len(fb.tokens)) == 1 or fuzz.ratio(a, b) >= CROSS_TYPE_MIN_SCORE
    return (
        (
            {fa.type, fb.type} == _PERSON_OR_ORG
            or ("PERSON" in (fa.type, fb.type) and bool({fa.type, fb.type} & _PLACE_OR_GROUP))
        )
        and min(len(fa.tokens), len(fb.tokens)) > 1
        and fuzz.ratio(a, b) >= CROSS_TYPE_MIN_SCORE
    )


def _tagged_as(form: Form, label: str) -> bool:
    """Whether at least :data:`HESITATION_SHARE` of the form's mentions carry a label of
    ``label``'s type family (one stray label is not hesitation: "Seville" once ORG beside the
    club "Sevilla", "Briton" once GPE)."""
    family = type_family(label)
    total = sum(form.labels.values())
    tagged = sum(count for tag, count in form.labels.items() if type_family(tag) == family)
    return total > 0 and tagged >= HESITATION_SHARE * total


def _placed_by_context(form: Form, place: Form) -> bool:
    """Whether the one-word ``form``, typed otherwise beside the place ``place``, stands in
    place cues in at least :data:`HESITATION_SHARE` of its mentions (two at least) and in no
    cue of an organisation or a person: the context hesitates where the NER did not ("near Xville on
    Sunday" typed ORG every time beside the place "Xvil"; a club's name in match reports or a
    company's "oil giant X" is not so placed)."""
    if (
        len(form.tokens) != 1
        or type_family(place.type) != "PLACE"
        or type_family(form.type) == "PLACE"
    ):
        return False
    total = sum(form.labels.values())
    return (
        form.other_cues == 0
        and form.place_cues >= 2
        and form.place_cues >= HESITATION_SHARE * total
    )


def _placed_only_by_context(fa: Form, fb: Form) -> bool:
    """Whether only the context lets the two forms' types join (:func:`_placed_by_context`, the
    NER never hesitated): the spellings are then held to :func:`surname_variants`, whose vowels
    must agree, as a one-word person's are ("Mosel" the river, typed ORG in place cues, is no
    spelling of the city "Mosul")."""
    if type_family(fa.type) == type_family(fb.type) or _tagged_as(fa, fb.type):
        return False
    return not _tagged_as(fb, fa.type) and (
        _placed_by_context(fa, fb) or _placed_by_context(fb, fa)
    )


def _candidate_pairs(keys: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of keys sharing a reading of the whole name, word by word or glued together
    (:func:`explorer.normalize.name_readings`), or a pinyin reading: the blocks of
    :func:`explorer.resolution.reach.spelling_blocks`, which the reach of a change reads too.
    Pairs sharing none can never be variants."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for block in spelling_blocks(key):
            blocks[block].append(key)
    pairs: set[tuple[str, str]] = set()
    for members in blocks.values():
        if len(members) > 1:
            pairs.update(itertools.combinations(sorted(set(members)), 2))
    return sorted(pairs)


def _different_people(a: Form, b: Form) -> bool:
    """Two people's names that no spelling makes one: first names of different genders that
    are not one name in the curated tables ("Diane"/"Danny"; "Steve"/"Steven" may join), or
    titles of different genders ("Mrs Howard"/"Mr Howard")."""
    if len(a.tokens) > 1 and len(b.tokens) > 1 and first_names_clash(a.tokens[0], b.tokens[0]):
        return True
    return genders_clash(_form_gender(a), _form_gender(b))


def _form_gender(form: Form) -> str | None:
    """The gender a form's titles agree on, when they all agree."""
    return next(iter(form.genders)) if len(form.genders) == 1 else None


@reaches("name_reading", "glued", corpus=["form_counts", "gazetteer"])
def join_full_name_variants(corpus: Corpus) -> None:
    _join_spelling_variants(corpus.uf, corpus.forms, corpus.long_forms)


@reaches("glued", corpus=["form_counts"])
def join_glued_names(corpus: Corpus) -> None:
    """A one-word name of an organisation or a place joins the several-word name it is written
    glued ("Hezbollah" ~ "Hizb Allah", "Aljazeera" ~ "Al Jazeera": :func:`_glued_variants`);
    names of people are left to the surname and first-name rules ("Joanne" is not "Jo Anne")."""
    uf, forms, long_forms = corpus.uf, corpus.forms, corpus.long_forms
    by_glued: dict[str, list[str]] = defaultdict(list)
    for key in long_forms:
        if forms[key].type != "PERSON":
            by_glued[glued_skeleton(translit_words(key))].append(key)
    if not by_glued:
        return
    for key, form in sorted(forms.items()):
        if len(form.tokens) != 1 or form.acronym or form.type == "PERSON":
            continue
        if len(key) < MIN_SHORT_VARIANT_LENGTH:
            continue
        others = {o for reading in skeleton_readings(key) for o in by_glued.get(reading, ())}
        for other in sorted(others):
            words = translit_words(other)
            if (
                min(map(len, words)) > 1  # "France A" is a team, "Franca" someone else
                and _types_may_join(form, forms[other], key, other)
                and spelling_variants(key, other)
                and _pieces_match(key, words)
            ):
                join_if_allowed(uf, other, key, "spelling variant")


def _pieces_match(glued: str, words: Sequence[str]) -> bool:
    """Whether ``glued`` cuts into pieces that are, in order, ``words`` or spellings of them
    ("hezbollah" → "hezb" + "ollah" ~ "hizb" + "allah"; "newark" cuts into no "new" + "york")."""
    if len(words) == 1:
        return _same_word(glued, words[0])
    first = words[0]
    return any(
        _same_word(glued[:cut], first) and _pieces_match(glued[cut:], words[1:])
        for cut in range(max(1, len(first) - 1), min(len(glued), len(first) + 2))
    )


def _same_word(piece: str, word: str) -> bool:
    return piece == word or (
        words_transliterate(piece, word)
        and fuzz.ratio(respelled(piece), respelled(word)) >= WORD_MIN_SCORE
    )


#: Middle-name words shorter than this are initials ("George W Bush"): not evidence enough.
MIN_MIDDLE_NAME_LENGTH = 3
_CONNECTIVES = frozenset({"abd", "abu", "bin", "ben", "ibn", "bint"})


@reaches("word", "last_reading", corpus=["form_counts"])
def join_middle_name_variants(
    corpus: Corpus, long_forms: list[str], epithet_free: dict[str, str]
) -> None:
    """A person's name with middle names (a father's name, a second given name) joins the
    two-word name of its first and last words ("Khalifa Belqasim Omar Haftar", "Ḵalīfa
    Bilqāsim Ḥaftar" ~ "Khalifa Haftar"), spellings allowed, when the middle names of all the
    longer names that fit it agree (:func:`_middles_agree`: "George Herbert Walker Bush" and a
    "George Walker Bush" would not be joined through "George Bush"). A name with a trailing
    ``al-`` epithet joins the name without it ("Saddam Hussein al-Tikriti" ~ "Saddam
    Hussein")."""
    uf, forms = corpus.uf, corpus.forms
    people = [k for k in long_forms if forms[k].type in _PERSON_OR_ORG]
    two_word: dict[str, set[str]] = defaultdict(set)
    for key in people:
        words = translit_words(key)
        if len(words) == 2 and forms[key].type == "PERSON":
            for reading in skeleton_readings(words[-1]):
                two_word[reading].add(key)
    fitting: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    longer: dict[str, list[str]] = defaultdict(list)
    for key in people:
        words = translit_words(key)
        middles = words[1:-1]
        if len(words) < 3 or any(len(w) < MIN_MIDDLE_NAME_LENGTH for w in middles):
            continue
        candidates = {s for r in skeleton_readings(words[-1]) for s in two_word.get(r, ())}
        for short in sorted(candidates):
            first, last = translit_words(short)
            if _word_variants(first, words[0]) and _surname_spellings(last, words[-1]):
                fitting[short].append(middles)
                longer[short].append(key)
    for short, keys in sorted(longer.items()):
        if _middles_agree(fitting[short]):
            for key in keys:
                join_if_allowed(uf, short, key)
    for key, shorter in sorted(epithet_free.items()):
        if forms.get(shorter) is not None and forms[shorter].type == forms[key].type == "PERSON":
            join_if_allowed(uf, shorter, key)


def _word_variants(a: str, b: str) -> bool:
    """One word, equal or a transliteration of the other (first names of a full name)."""
    if a == b:
        return True
    return (
        words_transliterate(a, b)
        and fuzz.ratio(respelled(a), respelled(b)) >= WORD_MIN_SCORE
        and not _different_sexes(a, b)
    )


def _surname_spellings(a: str, b: str) -> bool:
    return a == b or (_word_variants(a, b) and _vowels_agree(a, b, 4))


def _middles_agree(middles: list[tuple[str, ...]]) -> bool:
    """Every two lists of middle names share a word's skeleton, one inside the other's
    ("Belqasim Omar", "Bilqasim", "Abu al-Qasim": ``ksm``)."""
    skeletons = [
        [sk for w in words if w not in _CONNECTIVES for sk in skeleton_readings(w)]
        for words in middles
    ]
    for i, a in enumerate(skeletons):
        for b in skeletons[i + 1 :]:
            if not any(x in y or y in x for x in a for y in b if min(len(x), len(y)) >= 2):
                return False
    return True


_COORDINATION = re.compile(r"&|/|,|\band\b|\bund\b|\bet\b", re.IGNORECASE)


@reaches("form")
def coordinated_forms(corpus: Corpus) -> frozenset[str]:
    """Forms written with a coordination somewhere ("Matt Lucas & David Walliams"): two
    actors in one span, so its first and last words are not one person's names."""
    form_of = corpus.form_of
    return frozenset(form_of[g.text] for g in corpus.groups if _COORDINATION.search(g.text))


@reaches("form")
def epithet_free_forms(corpus: Corpus) -> dict[str, str]:
    """Form → its form without a trailing ``al-`` epithet (a nisba: "Saddam Hussein
    al-Tikriti" → ``saddam hussein``), when at least two names (not "Abd", "Abu"...) remain."""
    form_of, forms = corpus.form_of, corpus.forms
    out: dict[str, str] = {}
    for g in corpus.groups:
        words = matching_key(g.text).split()
        if len(words) < 4 or words[-2] != "al" or len(forms[form_of[g.text]].tokens) < 3:
            continue
        rest = " ".join(words[:-2])
        if len([w for w in translit_words(rest) if w not in _CONNECTIVES]) >= 2:
            out[form_of[g.text]] = form_key(rest)
    return out


@functools.lru_cache(maxsize=100_000)
def surname_variants(a: str, b: str) -> bool:
    """Whether a lone surname is a spelling of a surname seen in another document.

    Stricter than :func:`spelling_variants`: nothing else links the two, so their vowels must
    agree ("Barot" ~ "Barrot", "Bashaga" ~ "Bashagha"), or differ only by a/e/i in words of
    six letters or more ("Hafter" ~ "Haftar"), or both must be long and very close. The
    vowel check, a few cached lookups, goes first: most pairs fail it, and both checks are pure.
    """
    return _vowels_agree(a, b, SHORT_VOWEL_SWAP_LENGTH) and spelling_variants(a, b)


def _vowels_agree(a: str, b: str, swap_length: int) -> bool:
    """Same vowels (in some respelling of each: the French glide ou of "Benouali" is the w of
    "Benwali", :func:`explorer.normalize.respellings`); or only a/e/i swapped, in words of
    ``swap_length`` letters or more; or both words long and very close."""
    va, vb = vowel_letters(respelled(a)), vowel_letters(respelled(b))
    if va == vb or _respelled_vowels(a) & _respelled_vowels(b):
        return True
    shortest = min(len(a), len(b))
    sa, sb = va.translate(_SHORT_VOWELS), vb.translate(_SHORT_VOWELS)
    if shortest >= swap_length and sa == sb:
        return True
    if shortest >= max(swap_length, DIPHTHONG_LENGTH) and _diphthong_spellings(a, b):
        return True  # "Zidan" ~ "Zeidan" ~ "Zaydan": the diphthong ay written as one vowel
    dropped = not translit_patterns(a) & translit_patterns(b)  # one vowel fewer, not at the end
    if dropped and shortest >= SHORT_VOWEL_SWAP_LENGTH and _one_letter_more(sa, sb):
        # a dropped short vowel: "Zawahri"/"Zawahiri", "Dbeibah"/"Dabaiba"
        return fuzz.ratio(respelled(a), respelled(b)) >= VOWEL_DROP_MIN_SCORE
    return (
        shortest >= SURNAME_VOWEL_CHANGE_LENGTH
        and fuzz.ratio(a, b) >= SURNAME_VOWEL_CHANGE_MIN_SCORE
    )


@functools.lru_cache(maxsize=100_000)
def _respelled_vowels(word: str) -> frozenset[str]:
    """The vowels of each of the word's respellings (most words have one)."""
    return frozenset(vowel_letters(spelling) for spelling in respellings(word))


#: A word's vowels may differ by a diphthong written as one vowel only from this length
#: ("Reid" and "Reed" are two surnames), and from the caller's vowel-swap length if longer
#: (:data:`SHORT_VOWEL_SWAP_LENGTH` for a lone surname).
DIPHTHONG_LENGTH = 5
#: Diphthongs of a or e with i or y: Arabic ay, which English writes ay, ai, ei, ey, or as the
#: one vowel it is often said as ("Zaydan", "Zeidan", "Zidan"; "Husayn", "Hussein").
_DIPHTHONGS = frozenset({"ai", "ay", "ei", "ey"})
_DIPHTHONG_PARTNERS = _DIPHTHONGS | {"e", "i", "y"}
_VOWEL_LETTERS = frozenset("aeiouy")


def _diphthong_spellings(a: str, b: str) -> bool:
    """The two words' vowels agree run by run, a/e/i/y as one short vowel
    (:data:`_SHORT_VOWELS`), where a diphthong inside one word may stand against e, i or
    another such diphthong in the other: "Zeidan", "Zaydan" and "Zidan" (Arabic ay, often said
    as one vowel). Not against a ("Hayman" is not "Hamann"), nor "ie" ("Davies" is not
    "Davis"), nor at the end, where it is an English ending ("Kelley", "Maloney")."""
    ra, rb = _inner_runs(a), _inner_runs(b)
    return len(ra) == len(rb) and ra != rb and all(map(_runs_agree, ra, rb))


def _inner_runs(word: str) -> tuple[tuple[str, bool], ...]:
    """The word's vowel runs (:func:`explorer.normalize.vowel_runs`), each with whether a
    consonant follows it."""
    spelled = respelled(word)
    runs = vowel_runs(spelled)
    last_inner = len(runs) - (1 if spelled[-1:] in _VOWEL_LETTERS else 0)
    return tuple((run, i < last_inner) for i, run in enumerate(runs))


def _runs_agree(a: tuple[str, bool], b: tuple[str, bool]) -> bool:
    (run_a, inner_a), (run_b, inner_b) = a, b
    if run_a.translate(_SHORT_VOWELS) == run_b.translate(_SHORT_VOWELS):
        return True
    if not (inner_a and inner_b):
        return False
    return (run_a in _DIPHTHONGS and run_b in _DIPHTHONG_PARTNERS) or (
        run_b in _DIPHTHONGS and run_a in _DIPHTHONG_PARTNERS
    )


@reaches("name_reading", corpus=["form_counts", "document_frequency"])
def join_short_variants(
    corpus: Corpus, decisions: Decisions, allowed: Callable[[str, str], bool] | None = None
) -> None:
    """One-word names that stayed on their own join their spelling variants (when ``allowed``,
    the documents' other actors, agrees: "Celltick" is not "Celtic")."""
    forms, form_of, office_words = corpus.forms, corpus.form_of, corpus.office_words
    assignment = decisions.assignment
    alone = sorted(
        {
            form_of[g.text]
            for g in corpus.groups
            if g.key not in assignment
            and len(forms[form_of[g.text]].tokens) == 1
            and len(form_of[g.text]) + ayn_hamza_marks(g.text) >= MIN_SHORT_VARIANT_LENGTH
            and not forms[form_of[g.text]].acronym
            and form_of[g.text] not in office_words
        }
    )
    _join_spelling_variants(corpus.uf, forms, alone, allowed)
