"""What the resolution rules share: a surface's form and the corpus's forms (:class:`Form`), the
union-find that joins them, the full names of each document, and an entity's display name."""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from explorer.normalize import matching_key, name_tokens
from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.entity_types import TypeContext
from explorer.resolution.evidence import GroupEvidence, GroupKey
from explorer.resolution.lexicon import country_code, is_country_code, name_suffixes
from explorer.resolution.people import title_gender
from explorer.resolution.reach import ACRONYM_LENGTHS, reaches

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Which labels a part of a name may carry to join a longer name of each type.
#: Places contain other places ("Africa" in "South Africa"), so they take no parts.
PART_LABELS = {
    "PERSON": frozenset({"PERSON", "NORP", "ORG"}),
    "ORG": frozenset({"ORG"}),
    "EVENT": frozenset({"EVENT"}),
}
ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "des"})


def type_family(label: str) -> str:
    """Labels that may name the same actor through spelling variants: places go together."""
    return "PLACE" if label in PLACE_LABELS else label


def acronym_of(form: Sequence[str]) -> set[str]:
    """The acronyms a several-word form may go by (with and without its small words)."""
    if len(form) < 2:
        return set()
    full = "".join(w[0] for w in form)
    content = "".join(w[0] for w in form if w not in ACRONYM_SKIP)
    return {x for x in (full, content) if len(x) >= 2}


@reaches("form")
@functools.lru_cache(maxsize=200_000)
def looks_like_acronym(surface: str) -> bool:
    """ "UN", "U.N.", "HoR", "the EU's": short, mostly capitals. (Memoised: asked of every
    surface group, and of the first word of each several-word one.)"""
    key = matching_key(surface)
    if " " in key or len(key) not in ACRONYM_LENGTHS:
        return False
    letters = [ch for ch in surface.replace("'s", "") if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return upper >= 2 and upper * 2 >= len(letters)


# --------------------------------------------------------------------------- clustering


@reaches("form")
@dataclass(slots=True)
class Form:
    """All surface groups sharing one form (matching key without Arabic articles)."""

    tokens: tuple[str, ...]
    labels: Counter[str] = field(default_factory=Counter)
    #: the documents writing it, each once, in order (a list: sets cost 45 MB at 100k articles)
    documents: list[int] = field(default_factory=list)
    acronym: bool = False
    type: str = ""  # the majority type, set once every mention is counted
    genders: dict[str, int] = field(default_factory=dict)  # mentions with a gendered title
    #: words of the last written word ("Kilroy-Silk" → 2): a hyphenated surname's halves
    surname_words: int = 1
    #: some surface writes the Arabic article before a later word ("Khalifa al-Ghawil")
    arabic_article: bool = False
    #: mentions standing in a place cue ("near X on Sunday", "the town of X"), and mentions with
    #: a cue of an organisation or a person (a title, "oil giant X", "the album X", a match
    #: report): the context's own vote beside the NER's labels, set with :attr:`type`
    place_cues: int = 0
    other_cues: int = 0

    @property
    def last(self) -> str:
        """The last word before generational suffixes ("marcos" of "Ferdinand Marcos Jr")."""
        tokens = self.tokens
        while len(tokens) > 2 and tokens[-1] in name_suffixes():
            tokens = tokens[:-1]
        return tokens[-1]

    def surname(self) -> tuple[str, ...]:
        """The last word's tokens: ("kilroy", "silk") of "Robert Kilroy-Silk"."""
        return self.tokens[-min(self.surname_words, len(self.tokens) - 1 or 1) :]

    @property
    def key(self) -> str:
        return " ".join(self.tokens)


@reaches("form")
class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[object, object] = {}
        #: form key → why it joined another form's cluster (first join only)
        self.reasons: dict[object, str] = {}

    def find(self, x: object) -> object:
        parent = self.parent.setdefault(x, x)
        if parent != x:
            parent = self.parent[x] = self.find(parent)
        return parent

    def union(self, a: object, b: object) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        # Deterministic: gazetteer actors root their clusters, else the smaller key.
        if root_rank(rb) < root_rank(ra):
            ra, rb = rb, ra
        self.parent[rb] = ra


def root_rank(node: object) -> tuple[int, str]:
    return (0, str(node)) if isinstance(node, tuple) and node[0] == "actor" else (1, str(node))


def surface_counts(members: Iterable[SurfaceGroup]) -> dict[str, int]:
    """Mentions per surface (a plain dict: made for every cluster on every run)."""
    surfaces: dict[str, int] = {}
    for group in members:
        surfaces[group.text] = surfaces.get(group.text, 0) + group.count
    return surfaces


#: A PERSON mention's offset in its document and the capitalised word written right before it
#: ("" when none): what the store's ``load_person_starts`` gives by surface group.
MentionStart = tuple[int, str]


@reaches("form")
def person_starts_by_form(
    starts: Mapping[GroupKey, Sequence[MentionStart]], form_of: Mapping[str, str]
) -> dict[tuple[int, str], list[MentionStart]]:
    """PERSON mentions' starts by ``(document, form key)``: ``starts`` (by surface group)
    pooled over the surfaces of one form ("Robinson", "Robinson's"), ascending."""
    pooled: dict[tuple[int, str], list[MentionStart]] = {}
    for (document_id, text, label, _gender), offsets in starts.items():
        key = form_of.get(text)
        if label == "PERSON" and key is not None:
            pooled.setdefault((document_id, key), []).extend(offsets)
    for offsets in pooled.values():
        offsets.sort()
    return pooled


@reaches("form")
@functools.lru_cache(maxsize=200_000)
def form_key(surface: str) -> str:
    """The form of a surface: its matching key without Arabic articles."""
    key = matching_key(surface) or surface.casefold()
    return " ".join(name_tokens(key))


#: Marks the form of a country's code written as a word ("Us"): no matching key ends so.
WORD_NOT_CODE = "·word"


@reaches("form", corpus=["form_counts"])
def codes_written_as_words(form_of: Mapping[str, str]) -> dict[str, str]:
    """``form_of`` (surface → form key) with a country's ISO code written as a word ("Us"
    magazine) moved to a form of its own, when the corpus also writes the code in capitals as
    the country ("US", "U.S."): case folded, they would be one actor. Only then: "Ken", "Guy"
    or "Li" stay the names they are where no capitals claim them; and "Uk" (no ISO code, a
    word of no other meaning) stays the UK."""
    countries = {
        key
        for text, key in form_of.items()
        if is_country_code(key)
        and _written_in_capitals(key, text)
        and country_code(key, acronym=True) is not None
    }
    return {
        text: key + WORD_NOT_CODE
        if key in countries and not _written_in_capitals(key, text)
        else key
        for text, key in form_of.items()
    }


def _written_in_capitals(key: str, surface: str) -> bool:
    """Whether the letters of a one-word ``key`` are written in capitals in ``surface`` ("US's",
    "U.S.", "the US"; not "Us")."""
    if " " in key or not key.isalpha():
        return False
    found = re.search(r"\b" + r"\.?".join(map(re.escape, key)) + r"\b", surface, re.IGNORECASE)
    return found is not None and found.group().isupper()


def join_if_allowed(uf: UnionFind, a: str, b: str, reason: str = "") -> None:
    """Union, unless it would put two gazetteer actors together."""
    ra, rb = uf.find(a), uf.find(b)
    if isinstance(ra, tuple) and isinstance(rb, tuple) and ra != rb:
        return
    if ra != rb and reason:
        uf.reasons.setdefault(b, reason)
    uf.union(a, b)


@reaches("form")
def arabic_article_inside(surface: str) -> bool:
    """The Arabic article before a later word of the name ("Khalifa al-Ghawil", "Abd el
    Aziz"): the name is Arabic, whose short vowels English writes every way."""
    words = matching_key(surface).split()
    return "al" in words[1:-1]


def any_member(uf: UnionFind, root: object, keys: list[str]) -> str:
    """One of ``keys`` in the cluster of ``root``."""
    for other in keys:
        if uf.find(other) == root:
            return other
    raise AssertionError("root without member")  # pragma: no cover


def is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


@reaches("document")
def long_forms_by_document(
    groups: list[SurfaceGroup], form_of: dict[str, str], forms: dict[str, Form]
) -> _LongFormsByDocument:
    """Document → word → the full names in that document containing the word."""
    return _LongFormsByDocument(groups, form_of, forms)


class _LongFormsByDocument:
    """Document → its full names (forms of two or more words, no acronym), looked up by word.

    Only each document's distinct full names are kept (one tuple per document). The last
    document asked for is kept with its answers (the decisions walk the groups document by
    document, asking the same document again for each of its groups), its names indexed by
    word from its second question. A set per word and document for every document cost 3 kB a
    document, a third of resolution's memory at 100,000 articles.
    """

    __slots__ = ("_forms", "_names", "_last")

    def __init__(
        self, groups: Iterable[SurfaceGroup], form_of: Mapping[str, str], forms: dict[str, Form]
    ) -> None:
        self._forms = forms
        names: dict[int, dict[str, None]] = {}  # a dict keeps the first-written order
        for g in groups:
            key = form_of[g.text]
            if len(forms[key].tokens) > 1 and not forms[key].acronym:
                names.setdefault(g.document_id, {})[key] = None
        self._names = {document_id: tuple(keys) for document_id, keys in names.items()}
        self._last: tuple[int, LongFormsOfDocument] | None = None

    def __getitem__(self, document_id: int) -> LongFormsOfDocument:
        last = self._last
        if last is not None and last[0] == document_id:
            return last[1]
        in_document = LongFormsOfDocument(self._names.get(document_id, ()), self._forms)
        self._last = (document_id, in_document)
        return in_document


class LongFormsOfDocument:
    """The full names of one document (:class:`_LongFormsByDocument`)."""

    __slots__ = ("_forms", "names", "_by_word", "_asked")

    def __init__(self, names: tuple[str, ...], forms: Mapping[str, Form]) -> None:
        self.names = names
        self._forms = forms
        self._by_word: dict[str, tuple[str, ...]] | None = None
        self._asked = False

    def get(self, word: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The document's full names holding ``word``, each once, in the document's order.
        The first question scans the names (a rule asking each document once pays no index),
        the second indexes them by word."""
        by_word = self._by_word
        if by_word is None:
            if not self._asked:
                self._asked = True
                forms = self._forms
                return tuple(key for key in self.names if word in forms[key].tokens) or default
            by_word = self._by_word = self._index()
        return by_word.get(word, default)

    def _index(self) -> dict[str, tuple[str, ...]]:
        by_word: dict[str, list[str]] = {}
        for key in self.names:
            for word in dict.fromkeys(self._forms[key].tokens):
                by_word.setdefault(word, []).append(key)
        return {word: tuple(keys) for word, keys in by_word.items()}


def distinct_by_document(
    groups: Iterable[SurfaceGroup], value: Callable[[SurfaceGroup], object]
) -> dict[int, tuple[object, ...]]:
    """Document → the distinct values of its groups, first seen first. A tuple per document
    (a set per document was a tenth of resolution's memory at 100,000 articles), made one
    document at a time: the groups come sorted by document."""
    found: dict[int, tuple[object, ...]] = {}
    for document_id, run in itertools.groupby(groups, key=attrgetter("document_id")):
        values = dict.fromkeys(value(g) for g in run)
        if document_id in found:  # the groups were not sorted by document
            values = dict.fromkeys((*found[document_id], *values))
        found[document_id] = tuple(values)
    return found


@reaches("form")
def last_word_tokens(surface: str) -> int:
    """How many form tokens the last written word of a name makes ("Kilroy-Silk" → 2)."""
    words = surface.split()
    if not words or "-" not in words[-1]:
        return 1  # the usual case, without the form's cost
    return max(1, len(form_key(words[-1]).split()))


@reaches("form")
def group_gender(group: SurfaceGroup) -> str | None:
    """The gender the honorifics of a surface group give ("Mrs", "Sir"), stored or written."""
    if not group.titles and " " not in group.text:
        return None
    return title_gender(_group_titles(group))


def _group_titles(group: SurfaceGroup) -> list[str]:
    titles = list(group.titles)
    first = group.text.split(None, 1)
    if len(first) > 1:
        titles.append(first[0])
    return titles


def display_name(surfaces: Mapping[str, int]) -> str:
    """The fullest common name: several words beat one, then frequency, then length.

    A leading "the" and a trailing possessive are trimmed ("Fayez al-Sarraj's" → "Fayez
    al-Sarraj").
    """
    if len(surfaces) == 1:  # most entities: nothing to rank
        return _trim(next(iter(surfaces)))
    trimmed: Counter[str] = Counter()
    for surface, n in surfaces.items():
        trimmed[_trim(surface)] += n

    def rank(s: str) -> tuple[bool, int, int, str]:
        return (len(name_tokens(matching_key(s))) > 1, trimmed[s], len(s), s)

    return max(trimmed, key=rank)


def _trim(surface: str) -> str:
    text = surface.strip()
    if text[:4].casefold() == "the " and len(text) > 4:
        text = text[4:]
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return text


@reaches("form")
@dataclass(frozen=True, slots=True)
class Corpus:
    """What the rules read of the whole corpus, built once by
    :func:`~explorer.resolution.resolve.cluster_groups` and passed to each rule whole. Frozen:
    a rule never swaps an input; the union-find and the forms' types are the state the rules
    build on, as before."""

    groups: list[SurfaceGroup]  # sorted by key
    form_of: dict[str, str]  # surface → its form's key (:func:`form_key`)
    forms: dict[str, Form]  # form key → its form, the gazetteer's names included
    uf: UnionFind  # the joins of forms (and gazetteer actors) so far
    long_forms: list[str]  # full names: forms of two or more words, no acronym, sorted
    by_document: _LongFormsByDocument
    evidence: Mapping[GroupKey, GroupEvidence]  # contextual type cues, by group
    gazetteer: dict[str, int]  # form key → index of its curated actor
    office_words: frozenset[str]  # "Trade" of "Trade Minister": join nothing
    context: TypeContext  # the corpus's type context (surnames, places, countries)
    #: (document, form key) → its PERSON mentions there: (offset, the capitalised word right
    #: before it or ""), ascending; empty when the caller gave none (a bare surname then never
    #: decides by the full names around it:
    #: :func:`~explorer.resolution.name_parts.nearest_named_bearer`)
    person_starts: Mapping[tuple[int, str], Sequence[MentionStart]] = field(default_factory=dict)


@reaches("form")
@dataclass(frozen=True, slots=True)
class Decisions:
    """Per-group decisions: the actor (a form key or a gazetteer actor) each surface group
    joins whole, and why. The dicts fill as the rules decide; the first decision stands."""

    assignment: dict[GroupKey, object] = field(default_factory=dict)
    reasons: dict[GroupKey, str] = field(default_factory=dict)
