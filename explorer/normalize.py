"""Matching keys for surface forms. Keys are for comparing names, never shown to users.

:func:`matching_key` is what ingest stores in ``aliases.normalized`` and what search compares
against; :func:`name_tokens` and :func:`translit_skeleton` are the finer keys resolution uses.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Apostrophe and hyphen look-alikes folded to ASCII before anything else.
# The scholarly ayn and hamza (ʿ ʾ) are apostrophes too: "ʿAbd", "Ṣanʿāʾ".
_APOSTROPHES = dict.fromkeys(
    map(ord, "\u2019\u2018\u02bc\u02bb\u02bf\u02be\u0060\u00b4\u2032\uff07"), "'"
)
#: The modifier letters scholarly romanisation writes for the Arabic consonants ayn and hamza
#: ("Ṣanʿāʾ"), which matching keys drop like apostrophes.
_AYN_HAMZA = frozenset("\u02bf\u02be")
_HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\u00ad\ufe63\uff0d"), "-")

# Letters of other scripts met inside Latin names (a mangled "Çavuşoğlu"): romanised so the
# name still matches. A name written wholly in another script is left in that script.
_ROMAN = {
    # Arabic
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d",
    "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a", "ء": "", "ئ": "", "ؤ": "",
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "y",
    # Cyrillic
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Greek
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
# Letters of scholarly and Slavic romanisation that stand for two English letters; NFKD would
# reduce them to one ("Ḵalīfa" is Khalifa, "Tymošenko" is Tymoshenko, "Janukovyč" Yanukovych).
_TWO_LETTER_SOUNDS = str.maketrans(
    {
        "ḵ": "kh", "Ḵ": "Kh", "ḫ": "kh", "Ḫ": "Kh", "ẖ": "kh", "ṯ": "th", "Ṯ": "Th", "ḏ": "dh",
        "Ḏ": "Dh", "ġ": "gh", "Ġ": "Gh", "č": "ch", "Č": "Ch", "š": "sh", "Š": "Sh", "ž": "zh",
        "Ž": "Zh",
        # Polish: ż and ź are zh, ś sh, ć ch ("Żyrinowski" ~ "Zhirinovsky", "Zaporoże")
        "ż": "zh", "Ż": "Zh", "ź": "zh", "Ź": "Zh", "ś": "sh", "Ś": "Sh", "ć": "ch", "Ć": "Ch",
    }
)  # fmt: skip
# Latin letters that NFKD does not decompose.
_LATIN_EXTRA = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i"}
)

_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$")
_DOTTED_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}")
#: Hyphen-joined Arabic article forms: al-, el-, and the sun-letter assimilations (ad-, ash-, …).
_HYPHEN_ARTICLE = re.compile(r"(?<![\w])(?:al|el|ul|il|ad|ar|as|ash|at|az|an|adh|ath)-(?=\w)")
_NON_WORD = re.compile(r"[^\w]+")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Standalone words that are an Arabic article when another name follows.
ARTICLE_WORDS = frozenset({"al", "el", "ul", "il"})

#: The Arabic article assimilated to a following sun letter, written as a word of its own.
_SUN_ARTICLES = _word_set("ad adh ar as ash at ath az an ed er es esh et ez en")

#: Titles, ranks and honorifics dropped from the front of a name ("retired Major General X").
_TITLE_WORDS = _word_set(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady sheikh shaikh sheik emir amir king queen
    prince princess crown sultan president vice prime premier chancellor minister ministers
    secretary deputy foreign interior defence defense finance home acting former ex late retired
    general gen lieutenant lt major maj colonel col brigadier brig commander cmdr captain capt
    field marshal admiral sergeant sgt corporal private senator sen congressman congresswoman
    representative rep governor gov mayor ambassador envoy special spokesman spokeswoman
    spokesperson pope cardinal archbishop bishop imam ayatollah rabbi reverend rev father judge
    sayyid sayyed seyyed seyyid sayed seyed
    justice chief speaker leader mp mep head
    """
)
#: After "General" (or a rank), these make it part of an organisation's name, not a title.
_NOT_AFTER_TITLE = _word_set(
    """
    assembly motors electric electrics dynamics mills secretariat staff command council court
    hospital election elections accounting directorate national congress administration
    authority strike union insurance post office medical affairs security intelligence
    prosecutor prosecution attorney counsel manager ministry ministries office department
    service services house palace guard guards forces army navy league cup trophy club team
    trust park cross party company group bank fund committee commission university college
    school prize award awards theatre museum road street bridge airport stadium hotel tower
    square hall games
    """
)


def fold(text: str) -> str:
    """NFKC, case-folded, diacritics removed, stray letters of other scripts romanised."""
    if text.isascii():  # most names: every step below but two leaves ASCII text as it is
        return text.translate(_APOSTROPHES).lower()
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).translate(_HYPHENS)
    text = unicodedata.normalize("NFKD", text.translate(_TWO_LETTER_SOUNDS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.translate(_LATIN_EXTRA)
    if _has_latin(text) and any(ch in _ROMAN for ch in text):
        text = "".join(_ROMAN.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFKC", text)


def ayn_hamza_marks(surface: str) -> int:
    """How many ayn and hamza letters (ʿ ʾ) a surface writes: consonants of the Arabic name
    that its matching key drops ("Ṣanʿāʾ" has two; English writes "Sanaa", "Sana'a")."""
    return sum(ch in _AYN_HAMZA for ch in surface)


def _has_latin(text: str) -> bool:
    return any("a" <= ch <= "z" for ch in text)


@functools.lru_cache(maxsize=200_000)
def matching_key(surface: str) -> str:
    """A comparison key: folded, without determiner, possessive or title, words space-joined.

    Arabic article forms inside a name become the word ``al`` ("El-Sisi", "el Sisi" →
    ``al sisi``); dotted acronyms lose their dots ("U.N." → ``un``); apostrophes inside a word
    vanish ("O'Brien" → ``obrien``). Idempotent. A surface that is nothing but a title
    ("President") keeps it rather than becoming empty.
    """
    text = fold(surface).strip()
    text = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    while (trimmed := _POSSESSIVE.sub("", text.rstrip(" .,;:"))) != text:
        text = trimmed
    text = _HYPHEN_ARTICLE.sub("al ", text.replace("'", ""))
    words = [part for part in _NON_WORD.split(text) if part]
    while (shorter := _without_titles(_without_determiner(words))) != words:
        words = shorter
    return " ".join(
        "al"
        if (w in ARTICLE_WORDS and 0 < i < len(words) - 1) or _assimilated_article(words, i)
        else w
        for i, w in enumerate(words)
    )


def _assimilated_article(words: list[str], i: int) -> bool:
    """A standalone Arabic article assimilated to the sun letter that starts the next word
    ("Az Zawiyah", "An Najaf", "Ash Shatrah"): its consonant is the next word's first."""
    word = words[i]
    return (
        word in _SUN_ARTICLES
        and i < len(words) - 1
        and len(words[i + 1]) > len(word)  # a word, not a letter: "AT&T" is no article
        and words[i + 1].startswith(word[1:])
    )


def _without_determiner(words: list[str]) -> list[str]:
    if len(words) > 1 and words[0] in {"the", "a", "an"}:
        return words[1:]
    return words


def _without_titles(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) - 1 and words[i] in _TITLE_WORDS:
        i += 1
    rest = words[i:]
    if i and any(w in _NOT_AFTER_TITLE for w in rest):
        return words  # "General Motors", "Premier League": a name, not a title
    if rest and rest[0] in {"of", "the", "for", "and", "s"}:
        return words  # "Minister of Defence", "Speaker of the House": an office, not a title
    return rest


def name_tokens(key: str) -> tuple[str, ...]:
    """The words of a matching key without Arabic articles (``al sarraj`` → ``("sarraj",)``)."""
    words = key.split()
    core = tuple(w for w in words if w not in ARTICLE_WORDS)
    return core or tuple(words)


_ABD = frozenset({"abdel", "abdul", "abdal", "abdol", "abdoul", "abdelal"})
# Romanisation equivalences of Arabic (and neighbouring) names, applied longest first.
_DIGRAPHS = (
    ("kh", "h"),
    ("dh", "d"),
    ("th", "d"),
    ("gh", "k"),
    ("ph", "f"),
    ("ck", "k"),
    ("sh", "s"),
    ("ch", "s"),
    ("ou", "u"),
    ("ee", "i"),
    ("oo", "u"),
    ("ow", "u"),
    # a long vowel written double ("Jamaal", "Qaasim", "Shabaab", "Naasiri"): one vowel; the
    # skeleton drops vowels anyway, so only vowel comparisons change
    ("aa", "a"),
    ("ii", "i"),
    ("uu", "u"),
)
_LETTER_CLASS = str.maketrans(
    {"q": "k", "g": "k", "c": "k", "z": "d", "v": "f", "p": "b", "j": "j", "x": "ks"}
)
_VOWELS = frozenset("aeiouy")


@functools.lru_cache(maxsize=200_000)
def translit_skeleton(key: str) -> str:
    """A consonant skeleton that survives the usual variation in romanised Arabic names.

    ``key`` is a :func:`matching_key`. Arabic article words (al, el, …) are dropped when a name
    follows, "Abdel"/"Abdul" become "abd", digraphs fold (kh→h, dh/th→d, gh→k, sh→s, ou→u),
    letter classes merge (q/k/g/c, d/z, …), vowels and y are dropped except a word-initial
    one (kept as ``a``), and doubled letters collapse. "Haftar", "Hifter" and "Hafter" all give
    ``hftr``; "Gaddafi", "Qaddafi", "Kadhafi" and "Gadhafi" give ``kdf``.
    """
    words = [("abd" if w in _ABD else w) for w in name_tokens(key)]
    return " ".join(filter(None, (word_skeleton(w) for w in words)))


def _without_final_h(word: str) -> str:
    """A final "h" after a vowel is an optional ta marbuta: "Dbeibah" ~ "Dbeiba"."""
    if len(word) > 3 and word.endswith("h") and word[-2] in "aeiou":
        return word[:-1]
    return word


def _folded(word: str) -> str:
    """The word with its optional final h dropped and its digraphs folded (kh→h, oo→u, …)."""
    word = _without_final_h(word)
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    return word


@functools.lru_cache(maxsize=200_000)
def word_skeleton(word: str) -> str:
    """One word's consonant skeleton (see :func:`translit_skeleton`); the fuzzy index keys on it."""
    word = _folded(word).translate(_LETTER_CLASS)
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch in _VOWELS:
            if i == 0 and not out:
                out.append("a")
            continue
        if out and out[-1] == ch:
            continue
        out.append(ch)
    return "".join(out)


def vowel_pattern(word: str) -> str:
    """Where a word has vowels between its consonants: ``C``/``V`` runs of its skeleton letters.

    "Mahmoud" (``CVCCVC``) and "Muhammad" (``CVCVCVC``) share a skeleton but not this
    pattern; "Haftar" and "Hifter" share both.
    """
    word = _folded(word).translate(_LETTER_CLASS)
    out: list[str] = []
    prev = ""
    for ch in word:
        kind = "V" if ch in _VOWELS else "C"
        if kind == "V" and out and out[-1] == "V":
            continue
        if kind == "C" and ch == prev:
            continue
        out.append(kind)
        prev = ch
    return "".join(out)


def vowel_letters(word: str) -> str:
    """The vowels of a word in order, after the skeleton's digraph folding ("oo" → "u", "aa"
    → "a"), an ow before a vowel read as o + the consonant w ("Kowalew": o, a, e).

    "Barrot"/"Barot" and "Gaddafi"/"Gadhafi" keep theirs; "Wong"/"Wang", "Rubin"/"Robin" and
    "Smith"/"Smyth" (y counts as a vowel of its own) do not: one-word names whose vowels
    differ are often other names, not other spellings.
    """
    return "".join(vowel_runs(word))


_VOWEL_RUN = re.compile(f"[{''.join(sorted(_VOWELS))}]+")


def vowel_runs(word: str) -> tuple[str, ...]:
    """The runs of vowels of a word, read as :func:`vowel_letters` reads them ("Zeidan" →
    ``("ei", "a")``), the consonants between them kept as breaks."""
    return tuple(_VOWEL_RUN.findall(_folded(_consonant_w(word))))


#: "ow" before a vowel is o and the consonant w (Polish and German for v: "Janukowytsch",
#: "Kowalew"), not the vowel ow of "Rowhani" that the skeleton's digraphs read as u.
_OW_BEFORE_VOWEL = re.compile(r"ow(?=[aeiouy])")


def _consonant_w(word: str) -> str:
    return _OW_BEFORE_VOWEL.sub("ov", word) if "ow" in word else word


# --------------------------------------------------------------------------- transliteration
# Resolution compares names through *readings*: the skeletons a romanised word may stand for.
# :func:`word_skeleton` gives one (and the search index stores it); a word written by another
# school of romanisation may need another reading to meet its English spelling.

#: Letter clusters of German, French and Slavic romanisation, folded before anything else:
#: "Janukowytsch" ~ "Yanukovych", "Ahmadinedschad" ~ "Ahmadinezhad" ~ "Ahmadinejad",
#: "Redzhep" ~ "Recep"/"Rejep", "Djibril" ~ "Jibril".
#: Polish szcz/cz/sz are the English shch, ch, sh ("Chruszczow" ~ "Khrushchev", "Gorbaczow" ~
#: "Gorbachev", "Szojgu" ~ "Shoigu"); Polish and Korean dz is j ("Kim Dzong Un").
_CLUSTERS = (
    ("tsch", "ch"),
    ("dsch", "j"),
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("sch", "sh"),
    ("szcz", "shch"),
    ("cz", "ch"),
    ("sz", "sh"),
    ("dz", "j"),
    ("ou", "u"),
)
#: Slavic adjective and name endings -iy, -yi, -yy, -ij, -yj, -y, -i (Zelenskiy, Zelenskyy,
#: Selenskyj, Zelensky) and -ei/-ey/-ej (Aleksei, Alexey, Aleksej) are one ending each; -ay
#: is not -ai ("Mackay" is not "Mackie").
#: French writes the Russian ch (ч) tch: at the start or end of a word, or before the Slavic
#: ending -ev/-ov ("Tchang", "Ianoukovitch", "Gorbatchev", "Khrouchtchev"); an English tch
#: elsewhere stays ("Ritchie" is not "Richie", nor "Mitchell" "Michel").
_FRENCH_TCH = re.compile(r"^tch|tch$|tch(?=[eo][vw]$)")
_CLUSTER_RE = re.compile("|".join(old for old, _ in _CLUSTERS))
_CLUSTER_SOUNDS = dict(_CLUSTERS)


def _cluster_sound(match: re.Match[str]) -> str:
    return _CLUSTER_SOUNDS[match.group()]


#: German ue for ü between consonants ("Krueger" ~ "Kruger", which lost the umlaut).
_GERMAN_UE = re.compile(r"(?<=[^aeiouy])ue(?=[^aeiouy])")
#: Slavic -ija/-iju are -ia/-iu in English ("Julija" ~ "Yulia", "Marija" ~ "Maria").
_SLAVIC_IJ = re.compile(r"ij(?=[aeiou]$)")
_SOFT_ENDING = re.compile(r"(?:(?<=[^aeiouyj])[iyj]{1,2}|(?<=e)[yj])$")
#: Letters that different schools write for one sound, each tried both ways: kh for Arabic q
#: ("Khadafi") and for h ("Khaftar"); German ch for kh ("Chalifa", "Chamenei") and German and
#: Italian ch for k ("Tobruch" ~ "Tobruk"), w for v
#: ("Wladimir", "Medwedew"), s for z ("Selenskyj", "Hisbollah", "Bengasi").
#: Turkish c is j ("Recep" ~ "Redzhep"); Egyptian and English soft g is j before e and i
#: ("Gebril", "Gibril" ~ "Jibril"). German z and Polish c are ts after a consonant ("Jelzin",
#: "Jelcyn" ~ "Yeltsin"); j is y or the Spanish kh by its position (:func:`_j_choices`).
_TWO_WAY = (
    ("kh", ("kh", "k")),
    ("ch", ("ch", "kh", "k")),
    ("w", ("w", "v")),
    ("z", ("z", "s", "ts")),
    ("c", ("c", "j", "ts")),
    ("j", ("j", "y", "kh")),
    ("ge", ("ge", "je")),
    ("gi", ("gi", "ji")),
)
_TWO_WAY_CHOICES = dict(_TWO_WAY)
_TWO_WAY_SPLIT = re.compile("(" + "|".join(letters for letters, _ in _TWO_WAY) + ")")
#: A word-initial y before a vowel is a j in German and Slavic romanisation: both are read as j
#: ("Julija" ~ "Yulia", "Jassir" ~ "Yasser"), so that neither is read as a vowel ("Julian" is
#: not "Alan", nor "Jan" "Ian").
_INITIAL_Y = re.compile(r"^y(?=[aeiou])")
#: Russian initial е is ye in English, je in German and Polish, ie in French and e in
#: scholarly and Spanish romanisation ("Yekaterinburg", "Jekaterinburg", "Iekaterinbourg",
#: "Ekaterinburg"; "Yevgeny", "Evgeny"): before a consonant, all read e, in words of at least
#: :data:`RUSSIAN_YE_LENGTH` letters (a shorter one is too often another word: "Jess"/"Ess").
_RUSSIAN_INITIAL_YE = re.compile(r"^[ji]e(?=[^aeiouy])")
RUSSIAN_YE_LENGTH = 6
#: French writes the Russian initial ya, ye, yu with i ("Ianoukovitch", "Iekaterinbourg"), in
#: words of at least :data:`FRENCH_INITIAL_I_LENGTH` letters (a shorter word is too little to
#: read: "Ian" stays itself).
_FRENCH_INITIAL_I = re.compile(r"^i(?=(?:a|e|o|ou)[^aeiouy])")
FRENCH_INITIAL_I_LENGTH = 5
#: German and Polish write the Slavic ending -ov as -ow ("Andropow", "Molotow"), in words of
#: at least :data:`SLAVIC_OW_LENGTH` letters (a shorter one is English: "Snow", "Crow").
_SLAVIC_OW = re.compile(r"(?<=[^aeiouyw])ow$")
SLAVIC_OW_LENGTH = 6
#: Russian ё after ch, sh and zh is written e, o or yo, and the ending -ev/-ov/-ow/-ew with
#: it ("Gorbachev", "Gorbachov", "Gorbachyov", "Gorbatschow"; "Khrushchev", "Chruszczow").
_RUSSIAN_YO_ENDING = re.compile(r"(?:(?<=[cs]h)|(?<=j))(?:y?o|e)[vw]$")
#: French writes a final -in or -an of a Russian or Arabic name -ine/-ane ("Poutine",
#: "Eltsine", "Prigojine", "ben Salmane"): the e is silent, in words of at least
#: :data:`FRENCH_SILENT_E_LENGTH` letters ("Jane" and "Blaine" keep theirs).
_FRENCH_SILENT_E = re.compile(r"(?<=[^aeiouy][aeiy]n)e$")
FRENCH_SILENT_E_LENGTH = 7
#: French -dre is the -der of other languages ("Alexandre" ~ "Alexander", "Leandre" ~
#: "Leander"), in words of that length too; not -tre: "Silvestre" is a surname of its own
#: beside the given name "Sylvester" (two people in the BBC corpus).
_FRENCH_RE = re.compile(r"(?<=d)re$")
#: Slavic -yev/-yov after a vowel: German and Polish write its y j ("Nasarbajew" ~
#: "Nazarbayev", "Sergejew" ~ "Sergeyev"), where a j between vowels is otherwise the Spanish
#: kh (:func:`_j_choices`); and Polish writes the softened -ev of a Russian name -iew after a
#: consonant ("Breżniew" ~ "Brezhnev"). In words of :data:`SLAVIC_OW_LENGTH` letters or more.
_SLAVIC_J_ENDING = re.compile(r"(?<=[aeiou])j(?=[eo][vw]$)")
_POLISH_IEW = re.compile(r"(?<=[^aeiouy])i(?=e[vw]$)")
#: The glide u before a: Italian, Spanish and Chinese romanisation write it u where English
#: writes w ("Bani Ualid" ~ "Bani Walid", "Kuan" ~ "Kwan", "Huang" ~ "Hwang"): at the start of
#: a word of :data:`UA_GLIDE_LENGTH` letters or more (not the acronyms "UAE", "UAW"), or after
#: k, g or h ("Stuart" is not "Stewart", nor "Eduard" "Edward").
_UA_GLIDE = re.compile(r"(?:^|(?<=[kgh]))u(?=a)")
UA_GLIDE_LENGTH = 5
#: Romanian and Italian write ch before a, o, u as ce or ci at the start of a word ("Ceaușescu"
#: is said Chaushescu, "Ciampi" Champi), in words of :data:`ROMANCE_CE_LENGTH` letters or more.
_ROMANCE_CE = re.compile(r"^c[ei](?=[aou])")
ROMANCE_CE_LENGTH = 6
#: x inside a word is ks ("Alexander" ~ "Aleksandr"; the skeleton reads it so already).
_INNER_X = re.compile(r"(?<=.)x")
#: From this length, ch may be read as k ("Tobruch" ~ "Tobruk", "Bulloch" ~ "Bullock"); a
#: shorter word is an English one too often ("Rich"/"Rick", "Bach"/"Back").
CH_AS_K_LENGTH = 6
#: Readings per word at most (each two-way letter doubles or triples them).
MAX_READINGS = 32
#: Readings per name of several words at most (each is a block of candidate pairs).
MAX_NAME_READINGS = 64
#: From this length, an h between e and i may be silent (Persian "Khamenehi" ~ "Khamenei");
#: shorter words lose too much.
SILENT_H_LENGTH = 7
#: Glued forms of "Abd al-" and "Abu al-" split off their name ("Abdelaziz" ~ "Abd al-Aziz",
#: "Abulqasim" ~ "Abu al-Qasim", "Abubakr" ~ "Abu Bakr"); at least three letters must remain.
_GLUED_ABD = re.compile(r"^(abd)(?:el|al|ul|ol|oul|ur|ar|er|ou|u|e)?(?=[a-z]{3})")
_GLUED_ABU = re.compile(r"^(abu|abou)(?:l|al|el)?(?=[a-z]{3})")
#: "Abdullah", "Abdallah", "Abdulla", "Abdellah": "Abd Allah" glued.
_ABDULLAH = re.compile(r"^abd(?:u|a|e|ou|i)?l?lah?$")
_ALLAH = re.compile(r"^(?:a|u)?l?lah?$")
#: ibn and the Maghrebi ben inside a name are bin ("son of").
_PATRONYMIC_FORMS = frozenset({"ibn", "ben"})
#: A glued article in front of a later word of a name ("Abdelfattah Elsisi").
_GLUED_ARTICLE = re.compile(r"^(?:al|el)(?=[b-df-hj-np-tv-z][a-z]{3})")


@functools.lru_cache(maxsize=200_000)
def translit_words(key: str) -> tuple[str, ...]:
    """The words of a matching key as transliteration compares them: no Arabic articles,
    "Abdel"/"Abdul" as ``abd``, and glued "Abd al-"/"Abu al-" split off ("Abdelaziz" →
    ``abd aziz``, "Abulqasim" → ``abu qasim``)."""
    out: list[str] = []
    words = name_tokens(key)
    for i, word in enumerate(words):
        if word in _ABD:
            out.append("abd")
            continue
        if word in _PATRONYMIC_FORMS and 0 < i < len(words) - 1:
            out.append("bin")  # "Muhammad ibn Salman", "Mohammed ben Salmane"
            continue
        if _ABDULLAH.match(word) or (out[-1:] == ["abd"] and _ALLAH.match(word)):
            out += ["allah"] if out[-1:] == ["abd"] else ["abd", "allah"]
            continue
        glued = _GLUED_ABD.match(word) or _GLUED_ABU.match(word)
        if glued and len(word) > glued.end():
            out += [glued.group(1).replace("abou", "abu"), word[glued.end() :]]
        else:
            out.append(word)
    return tuple(out)


@functools.lru_cache(maxsize=200_000)
def respelled(word: str) -> str:
    """The word with German, Polish and French clusters (tsch, szcz, cz, sz, ou, a French tch),
    German ue, Slavic endings (-iy, -ow, -yov, -jew, Polish -iew), the glide u before a
    ("Ualid" → ``walid``), a Romanian initial ce/ci ("Ceausescu" → ``chausescu``), French
    initial i and silent e, an optional final h and Arabic q (as k) folded: what
    transliteration readings and scores start from ("Navalnyy" → ``navalni``, "Dbeibah" →
    ``dbeiba``, "Gorbaczow" → ``gorbachev``)."""
    french_e = len(word) >= FRENCH_SILENT_E_LENGTH
    if word[:1] == "i" and len(word) >= FRENCH_INITIAL_I_LENGTH:
        word = _FRENCH_INITIAL_I.sub("j", word)
    word = _INITIAL_Y.sub("j", _without_final_h(word)).replace("q", "k")
    if word[:1] == "c" and len(word) >= ROMANCE_CE_LENGTH:
        word = _ROMANCE_CE.sub("ch", word)
    word = _CLUSTER_RE.sub(_cluster_sound, word)
    if "tch" in word:
        word = _FRENCH_TCH.sub("ch", word)
    word = _GERMAN_UE.sub("u", word)
    word = _SLAVIC_IJ.sub("i", word)
    if "ua" in word and (word[:2] != "ua" or len(word) >= UA_GLIDE_LENGTH):
        word = _UA_GLIDE.sub("w", word)
    if word[-1:] in ("v", "w"):
        word = _RUSSIAN_YO_ENDING.sub("ev", word)
        if len(word) >= SLAVIC_OW_LENGTH:
            word = _SLAVIC_OW.sub("ov", word)
            word = _POLISH_IEW.sub("", _SLAVIC_J_ENDING.sub("y", word))
    if french_e and word[-1:] == "e":
        word = _FRENCH_RE.sub("er", _FRENCH_SILENT_E.sub("", word))
    if "x" in word:
        word = _INNER_X.sub("ks", word)
    if len(word) > 3:
        word = _SOFT_ENDING.sub("i", word)
    return word


def without_glued_article(word: str) -> str | None:
    """A later word of a name without a glued Arabic article ("Elsisi" → ``sisi``), or None."""
    glued = _GLUED_ARTICLE.match(word)
    return word[glued.end() :] if glued else None


def _spellings(word: str) -> list[str]:
    """The word written each way its two-way letters allow (at most :data:`MAX_READINGS`)."""
    pieces = _TWO_WAY_SPLIT.split(word)
    if len(pieces) == 1:
        return [word]  # no two-way letter
    spellings = [""]
    for i, piece in enumerate(pieces):
        if i % 2 == 0:  # the letters between two-way ones: written one way
            spellings = [s + piece for s in spellings]
            continue
        choices = _TWO_WAY_CHOICES[piece]
        if piece == "ch" and len(word) < CH_AS_K_LENGTH:
            choices = choices[:2]  # "Rich" is not "Rick", nor "Bach" "Back"
        if piece == "ch" and pieces[i - 1].endswith("s"):
            choices = ("ch",)  # the shch of "Khrushchev", "Chruszczow"
        # what precedes the letter in the word, not only since the last two-way letter: the
        # j of "Wjatscheslaw" follows the consonant w, itself a two-way letter
        before = "".join(pieces[:i])
        if piece == "j":
            choices = _j_choices(before, "".join(pieces[i + 1 :]), len(word))
        elif piece in ("z", "c") and not _after_consonant(before):
            choices = choices[:2]  # ts only after a consonant: "Jelzin", "Jelcyn", "Heintze"
        if len(spellings) * len(choices) > MAX_READINGS:
            choices = choices[:1]
        spellings = [s + c for s in spellings for c in choices]
    return spellings


def _after_consonant(before: str) -> bool:
    return bool(before) and before[-1] not in _VOWELS


#: Spanish writes the kh of Russian and Arabic j at a word's start too ("Jodorkovski" ~
#: "Khodorkovsky", "Jamenei" ~ "Khamenei"), read so in words of at least this length; a
#: shorter one is too often another name ("Jordan" is not "Khordan", nor "Jones" "Hones").
SPANISH_INITIAL_J_LENGTH = 7


def _j_choices(before: str, after: str, length: int = 0) -> tuple[str, ...]:
    """How a j may read: j; the y of German and Polish after a vowel at a syllable's end
    ("Kaj", "Szojgu") or after a consonant before a vowel ("Tscheljabinsk"); the Spanish kh
    before a consonant ("Jrushchov"), between vowels ("Mijaíl") or at the start of a word
    of ``length`` :data:`SPANISH_INITIAL_J_LENGTH` or more. An initial y is read as j
    already; a short word's initial j before a vowel stays j ("Jordan" is not "Khordan")."""
    next_vowel = after[:1] in _VOWELS
    if not before:
        if next_vowel and length < SPANISH_INITIAL_J_LENGTH:
            return ("j",)
        return ("j", "kh") if after else ("j",)
    if before[-1] in _VOWELS:
        return ("j", "kh") if next_vowel else ("j", "y")
    return ("j", "y") if next_vowel and before[-1] != "d" else ("j",)


_SILENT_H = re.compile(r"(?<=e)h(?=[iy])")


def _with_silent_h(word: str) -> list[str]:
    if len(word) < SILENT_H_LENGTH or "eh" not in word:
        return [word]
    dropped = _SILENT_H.sub("", word)
    return [word] if dropped == word else [word, dropped]


@functools.lru_cache(maxsize=200_000)
def skeleton_readings(word: str) -> frozenset[str]:
    """The consonant skeletons (:func:`word_skeleton`) a romanised word may stand for.

    Folds German, Polish, French and Slavic clusters and endings (:func:`respellings`: also
    a German sch read as zh and a Russian initial ye as e), tries each two-way letter each way
    (kh = k or h, ch = kh or sh, w = v, z = s or ts, c = j or ts, j = y or kh; initial y is j)
    and a silent h in "-ehi" of long words. "Khadafi" and "Gaddafi" share ``kdf``; "Selenskyj"
    and "Zelensky" ``slnsk``;
    "Diane" and "Danny" share ``dn`` too, so callers need more than a shared reading.
    """
    return frozenset(filter(None, {word_skeleton(spelling) for spelling in _spelled(word)}))


@functools.lru_cache(maxsize=200_000)
def translit_patterns(word: str) -> frozenset[str]:
    """The vowel patterns (:func:`vowel_pattern`) of the word's readings."""
    return frozenset(vowel_pattern(spelling) for spelling in _spelled(word))


@functools.lru_cache(maxsize=200_000)
def _spelled(word: str) -> tuple[str, ...]:
    """Every spelling a word's readings and vowel patterns are taken from (computed once for
    both): its respellings, with a silent h where it may be, each two-way letter each way."""
    variants = [v for respelling in respellings(word) for v in _with_silent_h(respelling)]
    if len(variants) == 1:
        return tuple(dict.fromkeys(_spellings(variants[0])))  # most words: one respelling
    return tuple(dict.fromkeys(s for variant in variants for s in _spellings(variant)))


#: German writes the Russian zh (ж) sch, like the sh (ш): "Prigoschin" ~ "Prigozhin",
#: "Schirinowski" ~ "Zhirinovsky", "Nischni" ~ "Nizhny" (tsch is ch, not t + zh).
_GERMAN_SCH = re.compile(r"(?<!t)sch")


#: French writes the glide w ou before a vowel ("Anouar" ~ "Anwar", "Ouaddai" ~ "Waddai",
#: "Ouattara" ~ "Wattara"), after a consonant or at a word's start, in words of at least
#: :data:`FRENCH_OU_GLIDE_LENGTH` letters: a second reading, the first keeping ou as u
#: ("Touareg" ~ "Tuareg"; "Louis" keeps its u).
_FRENCH_OU_GLIDE = re.compile(r"(?:^|(?<=[^aeiouy]))ou(?=[aei])")
FRENCH_OU_GLIDE_LENGTH = 6

#: The Arabic diphthong aw before a consonant, which English also writes au ("Mawlana" ~
#: "Maulana", "Shawkat" ~ "Shaukat", "Fawzi" ~ "Fauzi"): read as au, after a consonant, in
#: words of at least :data:`AW_DIPHTHONG_LENGTH` letters. Not as the u of a French ou
#: ("Fouzi"): the skeleton reads the English ow as u too, and "Dawson" is not "Dowson".
_AW_DIPHTHONG = re.compile(r"(?<=[^aeiouy])aw(?=[^aeiouyw])")
AW_DIPHTHONG_LENGTH = 5


@functools.lru_cache(maxsize=200_000)
def respellings(word: str) -> tuple[str, ...]:
    """:func:`respelled`; for a German sch also the word read with zh for it; for a French ou
    before a vowel also the word read with w (:data:`_FRENCH_OU_GLIDE`); for an Arabic aw
    before a consonant also the word read with au (:data:`_AW_DIPHTHONG`); for an initial
    ye/je/ie before a consonant also the word read with e (:data:`_RUSSIAN_INITIAL_YE`; an
    Arabic "Jebril" keeps its j as the first reading)."""
    first = respelled(word)
    glide = "ou" in word and len(word) >= FRENCH_OU_GLIDE_LENGTH
    diphthong = "aw" in word and len(word) >= AW_DIPHTHONG_LENGTH
    if (
        "sch" not in word
        and not glide
        and not diphthong
        and (len(first) < RUSSIAN_YE_LENGTH or first[:2] not in ("je", "ie"))
    ):
        return (first,)  # most words: one respelling
    out = [first]
    if "sch" in word:
        out.append(respelled(_GERMAN_SCH.sub("zh", word)))
    if glide and (french := _FRENCH_OU_GLIDE.sub("w", word)) != word:
        out.append(respelled(french))
    if diphthong and (written_au := _AW_DIPHTHONG.sub("au", word)) != word:
        out.append(respelled(written_au))
    if len(out[0]) >= RUSSIAN_YE_LENGTH and any(r[:2] in ("je", "ie") for r in out):
        out += [_RUSSIAN_INITIAL_YE.sub("e", r) for r in out]
    return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=200_000)
def glued_skeleton(words: tuple[str, ...]) -> str:
    """The skeleton of a name's words glued together ("Hizb Allah" and "Hezbollah": ``hdbl``),
    the key under which names written in a different number of words meet."""
    return word_skeleton(respelled("".join(words)))


@functools.lru_cache(maxsize=200_000)
def name_readings(words: tuple[str, ...]) -> frozenset[str]:
    """Whole-name readings, word by word (space-joined), at most :data:`MAX_NAME_READINGS`
    (memoised: the candidate pairs of each spelling rule and the reach of a change ask for
    the same names again)."""
    readings = [""]
    for word in words:
        options = sorted(skeleton_readings(word)) or [""]
        if len(readings) * len(options) > MAX_NAME_READINGS:
            options = [word_skeleton(word)]
        readings = [f"{r} {o}".strip() for r in readings for o in options]
    return frozenset(readings)
