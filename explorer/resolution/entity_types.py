"""An actor's type as a function of evidence, not only of NER's majority label.

Resolution counts, over the mentions of a form or of a whole entity (:class:`TypeVotes`): the
NER labels (mentions written all in capitals, as in datelines and sports tables, apart: they vote
only when nothing else does), the contextual cues of :mod:`explorer.resolution.evidence` (titles,
place and organisation cues), and the forms the mentions take. :func:`infer_type` then decides,
first rule that applies:

1. **Curated or gazetteer type** (not here: the clustering carries it and it wins).
2. **Country**: most mentions are names of one country that the country libraries know
   ("Britain", "UK", "America"; :func:`explorer.resolution.lexicon.country_code`) → GPE.
3. **Head noun** of the main several-word name, or its first word ("Tripoli International
   Airport" → FAC, "Green Party" → ORG, "Battle of X" → EVENT, "Lake X" → LOC; the words are in
   ``explorer/data/type_cues.toml``), unless titles make it a person.
4. **Titles**: a title or job noun right before the name in at least a fifth of the mentions
   (or three and a twentieth) → PERSON ("Mr Kilroy-Silk", "striker X").
4b. **Article**: NER's majority is PERSON for a several-word name led by no given name and
   written after "a", "an" or "the" in a quarter of its mentions (two at least) → the other
   labels' majority, else ORG ("the Mac Mini").
5. **Given name**: the main several-word name starts with a common given name (gender-guesser)
   that is not also a known place, NER's majority is not a place, and place or organisation cues
   are rare → PERSON ("Kenneth Clarke", "Alastair Campbell" labelled ORG).
5b. **A person's surname called a place**: as 5, but NER's majority is a place and half the
   mentions are the main name's bare last word, with place cues rare → PERSON ("O'Gara", which
   the model calls a place in match reports, beside "Ronan O'Gara").
6. **Not a person**, when NER's majority is PERSON:
   a. the main several-word name starts with a known place (a country, an ISO subdivision, a
      gazetteer place or a one-word name NER calls a place throughout the corpus) that is not a
      given name → the other labels' majority when they hold half the mentions, else ORG
      ("Manchester United");
   b. a one-word name that is no common given name, never the last word of a several-word
      person's name in the corpus, titled in fewer than one mention in :data:`STRAY_TITLES`,
      with some organisation or place evidence
      (labels or cues, at least two mentions and a twentieth) → ORG, or GPE when the place
      evidence is larger ("Yukos").
7. **Not a place**: a one-word name NER calls GPE that is no known place, with organisation
   evidence (ORG labels or cues) in at least a fifth of its mentions (two at least) and more of it
   than place cues → ORG ("BT", an acronym; a company's name).
8. **Known place**: a one-word name that is an ISO subdivision or a gazetteer place and no
   common given name, which NER calls PERSON or NORP → GPE.
9. **Place context**: NER's majority is PERSON or NORP, nothing says person (no title, no given
   name), and a quarter of the mentions stand in place cues ("in X,", "the town of X", "X, a
   town") → GPE; for a majority of ORG, half of them with no organisation cue; for a one-word
   ORG majority that NER also labels a place, a fifth (two at least) with no organisation,
   title, work or match-report cue ("near Xgrad on Sunday", "residents of Xgrad").
10. **Majority label** of the mentions written normally (PERSON, ORG, GPE win ties and beat NORP).

Every count is order-free, so the type never depends on the order of documents.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.evidence import GroupEvidence, GroupKey
from explorer.resolution.lexicon import (
    country_code,
    country_match,
    is_given_name,
    is_subdivision,
    type_cues,
)
from explorer.resolution.reach import reaches

#: A one-word "person" titled in fewer than one mention in this many may still be no person:
#: the title was a stray ("producer Yukos", where the model cut a longer phrase).
STRAY_TITLES = 20

#: Labels that may name the same actor through spelling variants: places go together.
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
#: When an entity's mentions carry several labels, names prefer these over NORP and the rest.
TYPE_PREFERENCE = ("PERSON", "ORG", "GPE")
#: A mention all in capitals with at least this many letters (or several words) is shouted
#: text (a dateline, a table), not an acronym ("YUKOS", not "NATO").
SHOUTED_MIN_LETTERS = 5
#: One-word names NER calls a place in at least this many mentions count as known places.
CORPUS_PLACE_MIN_MENTIONS = 3


@dataclass(slots=True)
class TypeVotes:
    """What the type rules count over a set of mentions (one form's, one entity's)."""

    labels: Counter[str] = field(default_factory=Counter)  # mentions written normally
    shouted: Counter[str] = field(default_factory=Counter)  # mentions all in capitals
    forms: Counter[str] = field(default_factory=Counter)  # form key → mentions
    capitals: int = 0  # mentions written in capitals (acronyms included)
    capital_first: int = 0  # mentions whose first word is in capitals ("EA Mobile")
    mentions: int = 0
    cues: GroupEvidence = field(default_factory=GroupEvidence)

    def add(self, text: str, label: str, form: str, count: int, cues: GroupEvidence | None) -> None:
        """Count ``count`` mentions of surface ``text`` with ``label`` and form key ``form``."""
        in_capitals, shouted, capital_first = _shape(text)
        votes = self.shouted if shouted else self.labels
        votes[label] = votes.get(label, 0) + count  # what ``+=`` does, without ``__missing__``
        if in_capitals:
            self.capitals += count
        if capital_first:
            self.capital_first += count
        self.forms[form] = self.forms.get(form, 0) + count
        self.mentions += count
        if cues is not None:
            self.cues.add(cues)

    def merge(self, other: TypeVotes) -> None:
        self.labels.update(other.labels)
        self.shouted.update(other.shouted)
        self.forms.update(other.forms)
        self.capitals += other.capitals
        self.capital_first += other.capital_first
        self.mentions += other.mentions
        self.cues.add(other.cues)

    @property
    def votes(self) -> Counter[str]:
        """The labels that vote: those of normal mentions, else the shouted ones."""
        return self.labels if self.labels else self.shouted

    @property
    def plurality(self) -> str:
        return majority_type(self.votes)


@functools.lru_cache(maxsize=100_000)
def _shape(text: str) -> tuple[bool, bool, bool]:
    """(all in capitals, shouted, first word in capitals) of a surface."""
    letters = [ch for ch in text if ch.isalpha()]
    in_capitals = bool(letters) and all(ch.isupper() for ch in letters)
    shouted = in_capitals and (len(letters) >= SHOUTED_MIN_LETTERS or " " in text.strip())
    first = text.split(None, 1)[0] if text.strip() else ""
    return in_capitals, shouted, len(first) > 1 and first.isupper()


#: What :meth:`TypeVotes.add` asks of a surface, for those that count votes by surface
#: (:class:`explorer.resolution.form_totals.FormTotals`).
surface_shape = _shape


@dataclass(frozen=True)
class TypeContext:
    """What the corpus as a whole says about words: who has a surname, which names are places."""

    surnames: frozenset[str] = frozenset()  # last words of several-word people's names
    places: frozenset[str] = frozenset()  # one-word form keys of gazetteer places
    corpus_places: frozenset[str] = frozenset()  # one-word forms NER calls places throughout
    countries: Mapping[str, str] = field(default_factory=dict)  # form key → ISO code

    def known_place(self, word: str, corpus: bool = True) -> bool:
        """A country (or its adjective, "German"), an ISO subdivision, a gazetteer place, and
        with ``corpus`` also a one-word name the corpus's NER calls a place."""
        return (
            word in self.places
            or word in self.countries
            or (corpus and word in self.corpus_places)
            or is_subdivision(word)
            or country_code(word) is not None
        )


@dataclass(frozen=True)
class TypeDecision:
    type: str
    rule: str  # which rule decided (the names used in the module docstring)


def majority_type(labels: Mapping[str, int]) -> str:
    """The most frequent label; ties go to PERSON/ORG/GPE, and NORP needs more than twice the
    votes of each of them (NER often calls a party or a people's country NORP)."""
    if not labels:
        return "ORG"
    if len(labels) == 1:  # most forms: one label, nothing to rank (asked several times a form)
        return next(iter(labels))

    def rank(label: str) -> tuple[float, int, str]:
        preferred = (
            len(TYPE_PREFERENCE) - TYPE_PREFERENCE.index(label) if label in TYPE_PREFERENCE else 0
        )
        count: float = labels[label]
        if label == "NORP" and any(labels.get(p) for p in TYPE_PREFERENCE):
            count = count / 2
        return count, preferred, label

    return max(labels, key=rank)


# --------------------------------------------------------------------------- corpus context


def build_context(
    form_votes: Mapping[str, TypeVotes], gazetteer_types: Mapping[str, str]
) -> TypeContext:
    """The corpus-wide facts the rules need, from every form's votes and the gazetteer's forms
    (form key → type)."""
    surnames = set()
    corpus_places = set()
    countries: dict[str, str] = {}
    for key, votes in form_votes.items():
        surname = _surname_of_form(key, votes)
        if surname is not None:
            surnames.add(surname)
        if _corpus_place(key, votes):
            corpus_places.add(key)
    for key, votes in form_votes.items():
        code = _country_of_form(key, votes, surnames)
        if code is not None:
            countries[key] = code
    return _context(surnames, corpus_places, countries, gazetteer_types)


def _surname_of_form(key: str, votes: TypeVotes) -> str | None:
    """The surname a several-word form gives the corpus: its last word, when it is a
    person's name by its votes or its given first name."""
    tokens = key.split()
    if len(tokens) > 1 and (votes.plurality == "PERSON" or is_given_name(tokens[0])):
        return tokens[-1]
    return None


def _corpus_place(key: str, votes: TypeVotes) -> bool:
    """A one-word form the corpus's NER calls a place throughout (enough of its mentions)."""
    return (
        len(key.split()) == 1
        and sum(votes.votes[t] for t in PLACE_TYPES) >= CORPUS_PLACE_MIN_MENTIONS
        and votes.plurality in PLACE_TYPES
        and not is_given_name(key)
    )


def _context(
    surnames: Iterable[str],
    corpus_places: Iterable[str],
    countries: Mapping[str, str],
    gazetteer_types: Mapping[str, str],
) -> TypeContext:
    """The context of the corpus's facts and the gazetteer's places and countries."""
    places = {key for key, t in gazetteer_types.items() if t in PLACE_TYPES and " " not in key}
    countries = dict(countries)
    for key, entity_type in gazetteer_types.items():
        if entity_type == "GPE" and key not in countries:
            code = country_code(key, acronym=len(key) <= 3)
            if code is not None:
                countries[key] = code
    return TypeContext(frozenset(surnames), frozenset(places), frozenset(corpus_places), countries)


@reaches("form", corpus=["form_counts", "type_context"])
class ContextTotals:
    """:func:`build_context`'s facts kept as forms' votes change (issue 17.1, step 1 of the
    dirty path): each form's own contribution (the surname it gives, whether it is a corpus
    place, the country it names), so that a change of some forms' votes costs those forms, not
    a pass over every form. A country reads the surnames (a one-word person's name that is a
    surname is no country): when a word becomes or stops being a surname, its form's country
    is decided again."""

    def __init__(self) -> None:
        self.votes: dict[str, TypeVotes] = {}
        self.surname_forms: dict[str, int] = {}  # surname → forms giving it
        self.surname_of: dict[str, str] = {}  # form → the surname it gives
        self.corpus_places: set[str] = set()
        self.countries: dict[str, str] = {}

    def update(self, changed: Mapping[str, TypeVotes | None]) -> None:
        """Forms' new votes (``None``: the form is gone)."""
        before = set(self.surname_forms)
        for key, votes in changed.items():
            self._forget(key)
            if votes is not None:
                self._learn(key, votes)
        moved = before.symmetric_difference(self.surname_forms)
        for key in {*changed, *moved}:
            self._decide_country(key)

    def _forget(self, key: str) -> None:
        self.votes.pop(key, None)
        surname = self.surname_of.pop(key, None)
        if surname is not None:
            left = self.surname_forms[surname] - 1
            if left:
                self.surname_forms[surname] = left
            else:
                del self.surname_forms[surname]
        self.corpus_places.discard(key)

    def _learn(self, key: str, votes: TypeVotes) -> None:
        self.votes[key] = votes
        surname = _surname_of_form(key, votes)
        if surname is not None:
            self.surname_of[key] = surname
            self.surname_forms[surname] = self.surname_forms.get(surname, 0) + 1
        if _corpus_place(key, votes):
            self.corpus_places.add(key)

    def _decide_country(self, key: str) -> None:
        votes = self.votes.get(key)
        code = _country_of_form(key, votes, self.surname_forms) if votes is not None else None
        if code is None:
            self.countries.pop(key, None)
        else:
            self.countries[key] = code

    def context(self, gazetteer_types: Mapping[str, str]) -> TypeContext:
        """The context :func:`build_context` gives for the forms' current votes."""
        return _context(self.surname_forms, self.corpus_places, self.countries, gazetteer_types)


def _country_of_form(key: str, votes: TypeVotes, surnames: Collection[str]) -> str | None:
    """The country a form names, unless its mentions say otherwise: NER calls it a group of
    people (the NORP "Afghan"), or a person while it is a given name or a surname ("Jordan");
    acronyms only in capitals ("US", not "Us")."""
    plurality = votes.plurality
    if not votes.mentions or plurality == "NORP":
        return None
    if plurality == "PERSON" and " " not in key and (is_given_name(key) or key in surnames):
        return None
    match = country_match(key, acronym=votes.capitals * 2 > votes.mentions)
    if match is None or (not match.strong and plurality not in PLACE_TYPES):
        return None  # "McDonald('s)" is a word of "Heard Island and McDonald Islands"
    return match.code


def countries_of(context: TypeContext) -> dict[str, list[str]]:
    """ISO code → the form keys that name that country (for joining them as one actor)."""
    by_code: dict[str, list[str]] = {}
    for key, code in sorted(context.countries.items()):
        by_code.setdefault(code, []).append(key)
    return by_code


# --------------------------------------------------------------------------- the rules


@dataclass(frozen=True)
class _Name:
    """What the rules read of a set of votes: the main name's words, and the corpus's context."""

    votes: TypeVotes
    context: TypeContext
    plurality: str  # NER's majority label (computed once: each rule asks)
    main: str  # the most mentioned several-word form (:func:`_main_form`)
    tokens: list[str]  # its words
    one_word: bool  # every form is one word

    @property
    def n(self) -> int:
        return self.votes.mentions

    @property
    def cues(self) -> GroupEvidence:
        return self.votes.cues

    @property
    def several(self) -> bool:
        return len(self.tokens) > 1

    @property
    def first(self) -> str:
        return self.tokens[0] if self.tokens else ""

    @functools.cached_property
    def given(self) -> bool:
        """The main name starts with a common given name (:func:`_given_name_first`)."""
        return bool(self.first) and _given_name_first(self.votes, self.first)


def _name_of(votes: TypeVotes, context: TypeContext) -> _Name:
    main = _main_form(votes.forms)
    one_word = all(" " not in key for key in votes.forms)
    return _Name(votes, context, votes.plurality, main, main.split(), one_word)


def infer_type(votes: TypeVotes, context: TypeContext) -> TypeDecision:
    """The type of a form or entity from its votes (rules in the module docstring): the first
    of :data:`_RULES` that decides, else NER's majority label."""
    if not votes.mentions:
        return TypeDecision("ORG", "no mentions")
    name = _name_of(votes, context)
    for rule in _RULES:
        decision = rule(name)
        if decision is not None:
            return decision
    return TypeDecision(name.plurality, "majority label")


def _country(name: _Name) -> TypeDecision | None:
    """Rule 2: most mentions name a country."""
    countries = name.context.countries
    country_mentions = sum(c for key, c in name.votes.forms.items() if key in countries)
    return TypeDecision("GPE", "country") if country_mentions * 2 >= name.n else None


def _head_noun(name: _Name) -> TypeDecision | None:
    """Rule 3: the head noun or first word of a several-word name."""
    head = _head_type(name.tokens) if name.several else None
    return TypeDecision(head, "head noun") if head is not None else None


def _titles(name: _Name) -> TypeDecision | None:
    """Rule 4: titles before the name in a fifth of the mentions (or three and a twentieth)."""
    titled, n = name.cues.titled, name.n
    if titled * 5 >= n or (titled >= 3 and titled * 20 >= n):
        return TypeDecision("PERSON", "title")
    return None


def _article(name: _Name) -> TypeDecision | None:
    """Rule 4b: "the Mac Mini", "a Ford Focus": people's names take no article."""
    articles = name.cues.articles
    if not (
        name.several
        and name.plurality == "PERSON"
        and articles >= 2
        and articles * 4 >= name.n
        and not name.given
    ):
        return None
    others = Counter({label: c for label, c in name.votes.votes.items() if label != "PERSON"})
    return TypeDecision(majority_type(others) if others else "ORG", "name with an article")


def _led_by_a_given_name(name: _Name) -> bool:
    """A several-word name led by a given name that is no country or place ("Jordan")."""
    return name.several and name.given and not _country_word(name.first, name.context)


def _given_name(name: _Name) -> TypeDecision | None:
    """Rule 5: a given name first, NER's majority no place, few place or organisation cues."""
    cues = name.cues
    if (
        _led_by_a_given_name(name)
        and name.plurality not in PLACE_TYPES
        and (cues.org_cues + cues.place_cues) * 5 < name.n
    ):
        return TypeDecision("PERSON", "given name")
    return None


def _surname_called_a_place(name: _Name) -> TypeDecision | None:
    """Rule 5b: as 5, but NER calls the bare surname, half the mentions, a place."""
    if (
        _led_by_a_given_name(name)
        and name.plurality in PLACE_TYPES
        and _place_votes_from_the_surname(name.votes, name.tokens[-1])
    ):
        return TypeDecision("PERSON", "surname of a full name")
    return None


def _not_a_person_rule(name: _Name) -> TypeDecision | None:
    """Rule 6, when NER's majority is PERSON (:func:`_not_a_person`)."""
    if name.plurality != "PERSON":
        return None
    return _not_a_person(name.votes, name.context, name.tokens, name.given)


def _not_a_place(name: _Name) -> TypeDecision | None:
    """Rule 7: a one-word "GPE" that is no known place, with organisation evidence."""
    votes, cues = name.votes, name.cues
    if (
        name.plurality != "GPE"
        or not _mostly_one_word(votes)
        or _known_place_word(votes, name.context)
    ):
        return None
    org_evidence = votes.votes["ORG"] + 2 * cues.org_cues
    if org_evidence >= max(2, name.n / 5) and org_evidence > 2 * cues.place_cues:
        return TypeDecision("ORG", "not a known place")
    return None


def _surname(name: _Name) -> TypeDecision | None:
    """A one-word place, group or organisation that is a person's surname (:func:`_lone_surname`)."""
    if (
        name.one_word
        and name.plurality in ("GPE", "NORP", "ORG")
        and _lone_surname(name.votes, name.context, name.first)
    ):
        return TypeDecision("PERSON", "surname")
    return None


def _known_place_or_place_context(name: _Name) -> TypeDecision | None:
    """Rules 8 and 9 for a PERSON or NORP majority that nothing says is a person."""
    cues = name.cues
    if name.plurality not in ("PERSON", "NORP") or cues.titled or (name.given and name.several):
        return None
    if (name.one_word and not name.given and name.first in name.context.places) or is_subdivision(
        name.main
    ):
        return TypeDecision("GPE", "known place")
    if cues.place_cues * 4 >= name.n:
        return TypeDecision("GPE", "place context")
    return None


def _organisation_in_place_context(name: _Name) -> TypeDecision | None:
    """Rule 9 for an ORG majority: half the mentions in place cues, no organisation cue."""
    cues = name.cues
    if (
        name.plurality == "ORG"
        and cues.place_nouns
        and cues.place_cues * 2 >= name.n
        and not cues.org_cues
    ):
        return TypeDecision("GPE", "place context")
    if _one_word_placed_by_labels_and_context(name):
        return TypeDecision("GPE", "place context")
    return None


def _one_word_placed_by_labels_and_context(name: _Name) -> bool:
    """Rule 9 for a one-word ORG majority the NER also calls a place: place cues in a fifth of
    the mentions (two at least), and no cue of an organisation, a person, a work or a match
    report: the model hesitates on a foreign town's name that the text puts on the map."""
    cues, votes = name.cues, name.votes.votes
    place_labels = sum(votes.get(label, 0) for label in PLACE_TYPES)
    return (
        name.one_word
        and name.plurality == "ORG"
        and place_labels > 0
        and cues.place_cues >= 2
        and cues.place_cues * 5 >= name.n
        and not (cues.org_cues or cues.titled or cues.work_cues or cues.sport_cues)
    )


#: The rules of :func:`infer_type`, in the order of the module docstring.
_RULES: tuple[Callable[[_Name], TypeDecision | None], ...] = (
    _country,
    _head_noun,
    _titles,
    _article,
    _given_name,
    _surname_called_a_place,
    _not_a_person_rule,
    _not_a_place,
    _surname,
    _known_place_or_place_context,
    _organisation_in_place_context,
)


def _given_name_first(votes: TypeVotes, first: str) -> bool:
    """The name starts with a common given name written as one ("Kenneth"; not "EA", not a
    title)."""
    if not is_given_name(first) or first in type_cues().titles:
        return False
    return votes.capital_first * 2 <= votes.mentions


def _place_votes_from_the_surname(votes: TypeVotes, surname: str) -> bool:
    """Whether the bare surname holds half the mentions, and place cues are rare: the model's
    place labels are its ("O'Gara" in match reports), not the full name's."""
    n = votes.mentions
    return votes.forms.get(surname, 0) * 2 >= n and votes.cues.place_cues * 5 < n


def _country_word(word: str, context: TypeContext) -> bool:
    """A country's name or adjective, or a gazetteer place ("Jordan", "German"): a given name
    that is one of these says nothing ("Jordan Henderson", "German Embassy")."""
    return word in context.countries or word in context.places or country_code(word) is not None


def _not_a_person(
    votes: TypeVotes, context: TypeContext, tokens: list[str], given: bool
) -> TypeDecision | None:
    n = votes.mentions
    cues = votes.cues
    others = Counter({label: c for label, c in votes.votes.items() if label != "PERSON"})
    if len(tokens) > 1 and not given and context.known_place(tokens[0]):
        if others and sum(others.values()) * 2 >= n:
            return TypeDecision(majority_type(others), "place first word")
        return TypeDecision("ORG", "place first word")
    one_word = len(tokens) == 1 and all(" " not in key for key in votes.forms)
    if not one_word or cues.titled * STRAY_TITLES >= n or tokens[0] in context.surnames:
        return None  # titled in one mention in STRAY_TITLES or more: a person
    if given and cues.articles * 3 < n:
        return None  # "Harry", "Tony": a person's short name, unless it takes articles ("an Oscar")
    org = others["ORG"] + 2 * cues.org_cues  # a cue says more than a stray label
    place = sum(others[t] for t in PLACE_TYPES) + 2 * cues.place_cues
    if org + place + 2 * cues.articles >= max(2, n / 20):
        # place labels alone make no place of a name nobody knows as one ("Grammys" GPE)
        known = cues.place_cues or context.known_place(tokens[0])
        return TypeDecision("GPE" if place > org and known else "ORG", "one-word non-person")
    return None


def _lone_surname(votes: TypeVotes, context: TypeContext, word: str) -> bool:
    """A one-word name NER calls a place, a group or an organisation that is the surname of a
    several-word person of the corpus, no known place, and nothing around it says otherwise
    ("Sharapova" as GPE). An organisation needs some PERSON labels or a title too ("Dell")."""
    if word not in context.surnames or context.known_place(word, corpus=False):
        return False
    n = votes.mentions
    cues = votes.cues
    if (cues.place_cues + cues.org_cues + cues.articles) * 10 >= n:
        return False
    if votes.plurality == "ORG":
        return votes.votes["PERSON"] * 4 >= n or cues.titled > 0
    return True


def _mostly_one_word(votes: TypeVotes) -> bool:
    """Most mentions are one word ("BT" 80 times beside "British Telecom" twice)."""
    return sum(c for key, c in votes.forms.items() if " " not in key) * 2 > votes.mentions


def _known_place_word(votes: TypeVotes, context: TypeContext) -> bool:
    """A one-word form of the name is a known place (not counting the corpus's own NER)."""
    return any(" " not in key and context.known_place(key, corpus=False) for key in votes.forms)


def _main_form(forms: Counter[str]) -> str:
    """The most mentioned several-word form, else the most mentioned form (ties: by key)."""
    if len(forms) == 1:  # a form's own votes: nothing to rank
        return next(iter(forms))
    several = [(c, key) for key, c in forms.items() if " " in key]
    pool = several or [(c, key) for key, c in forms.items()]
    return min(pool, key=lambda item: (-item[0], item[1]))[1] if pool else ""


def _head_type(tokens: list[str]) -> str | None:
    """The type a several-word name's head noun or first word gives it, if any."""
    cues = type_cues()
    words = [w for w in tokens if not w.isdigit() and not _is_roman(w)]
    if not words:
        return None
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    return cues.heads.get(head) or cues.first_words.get(words[0])


def _is_roman(word: str) -> bool:
    return len(word) <= 4 and all(ch in "ivxl" for ch in word)


@dataclass(frozen=True)
class EntityTyper:
    """Types entities from their member surface groups: the corpus context, each group's cues
    and each surface's form key, as clustering computed them."""

    context: TypeContext
    evidence: Mapping[GroupKey, GroupEvidence]
    form_of: Mapping[str, str]
    form_votes: Mapping[str, TypeVotes] = field(default_factory=dict)
    #: Groups that stand for an actor other than the one their words name ("Newcastle" for a
    #: club named after the city): the model's labels there are the word's, not the actor's,
    #: so they do not vote on its type (unless an entity has no other members).
    borrowed: set[GroupKey] = field(default_factory=set, compare=False)
    #: Each whole form's decision, computed once: most entities are one whole form, typed
    #: first by clustering (``_type_forms``), then by ``build_entities`` and ``_merge_same_names``.
    _form_decisions: dict[str, TypeDecision] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def votes(self, members: Iterable[SurfaceGroup]) -> TypeVotes:
        members = list(members)
        if self._borrows(members):
            own = [g for g in members if g.key not in self.borrowed]
            members = own if own and len(own) < len(members) else members
        per_form = self._per_form(members)
        votes = TypeVotes()
        if self._whole_forms(per_form):  # the usual case: their votes are counted already
            for form in per_form:
                votes.merge(self.form_votes[form])
            return votes
        for g in members:
            form = self.form_of.get(g.text, g.text.casefold())
            votes.add(g.text, g.label, form, g.count, self.evidence.get(g.key))
        return votes

    def _borrows(self, members: list[SurfaceGroup]) -> bool:
        return bool(self.borrowed) and any(g.key in self.borrowed for g in members)

    def _per_form(self, members: Iterable[SurfaceGroup]) -> Counter[str]:
        per_form: Counter[str] = Counter()
        for g in members:
            per_form[self.form_of.get(g.text, g.text.casefold())] += g.count
        return per_form

    def _whole_forms(self, per_form: Counter[str]) -> bool:
        """Whether the members hold every mention of each of their forms."""
        return all(
            form in self.form_votes and self.form_votes[form].mentions == n
            for form, n in per_form.items()
        )

    def decide(self, members: Iterable[SurfaceGroup]) -> TypeDecision:
        members = list(members)
        if len(members) == 1:  # most entities: one group, often every mention of its form
            group = members[0]
            form = self.form_of.get(group.text, group.text.casefold())
            votes = self.form_votes.get(form)
            if votes is not None and votes.mentions == group.count and not self._borrows(members):
                return self.decide_form(form)
            return infer_type(self.votes(members), self.context)
        per_form = self._per_form(members)
        if len(per_form) == 1 and self._whole_forms(per_form) and not self._borrows(members):
            return self.decide_form(next(iter(per_form)))
        return infer_type(self.votes(members), self.context)

    def decide_form(self, form: str) -> TypeDecision:
        """The decision on every mention of one form (memoised; the same as
        ``infer_type(self.form_votes[form], self.context)``)."""
        decision = self._form_decisions.get(form)
        if decision is None:
            decision = self._form_decisions[form] = infer_type(self.form_votes[form], self.context)
        return decision


@reaches("form", corpus=["form_counts"])
def votes_by_form(
    groups: Iterable[SurfaceGroup],
    form_of: Mapping[str, str],
    evidence: Mapping[GroupKey, GroupEvidence],
) -> dict[str, TypeVotes]:
    """Each form's votes over its surface groups."""
    by_form: dict[str, TypeVotes] = {}
    for g in groups:
        text = g.text
        form = form_of[text]
        votes = by_form.get(form)
        if votes is None:
            votes = by_form[form] = TypeVotes()
        votes.add(text, g.label, form, g.count, evidence.get(g.key) if evidence else None)
    return by_form
