"""Parts of people's names: surnames, first names, initials, nicknames and the names they are part
of, in one document or by the corpus's evidence (:class:`People`; step 4 of
:mod:`explorer.resolution.resolve`)."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from explorer.normalize import matching_key, skeleton_readings
from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.corpus_forms import (
    PART_LABELS,
    Corpus,
    Decisions,
    Form,
    LongFormsOfDocument,
    MentionStart,
    UnionFind,
    any_member,
    distinct_by_document,
    form_key,
    group_gender,
    is_subsequence,
    join_if_allowed,
)
from explorer.resolution.entity_types import TypeContext
from explorer.resolution.evidence import GroupEvidence, GroupKey
from explorer.resolution.lexicon import name_suffixes, same_given_name, type_cues
from explorer.resolution.people import (
    clipped_given_name,
    first_name_gender,
    genders_clash,
    is_first_name,
    title_gender,
)
from explorer.resolution.reach import reaches
from explorer.resolution.spelling import surname_variants

#: A lone surname with several people behind it in the corpus joins the one whose documents
#: share at least this many other actors with its own document, and at least
#: :data:`CONTEXT_MARGIN` times as many as any other candidate's.
CONTEXT_MIN_SHARED = 3
CONTEXT_MARGIN = 2.0
#: Failing context, it joins the person who holds at least this share of the corpus's
#: full-name mentions with that surname ("Blair": Tony Blair 456 of 470), when that person
#: has at least :data:`MAJORITY_MIN_MENTIONS` of them. Corpus-wide counts: an incremental
#: resolver must re-check these surnames when the counts move.
SURNAME_MAJORITY = 0.85
MAJORITY_MIN_MENTIONS = 5
#: Two one-word names a letter or two apart join only when their documents share other actors:
#: at least this share of the lighter context's weight ("Thaliand" ~ "Thailand"; not
#: "Celltick" ~ "Celtic", "Skills" ~ "Skulls").
SHARED_CONTEXT_MIN = 0.2


@reaches("word", "document", corpus=["surname_index"])
def first_names_of_people_in_their_document(
    corpus: Corpus,
    decisions: Decisions,
    people: People,
    work_titles: frozenset[GroupKey] = frozenset(),
) -> None:
    """ "Tim" in a story that calls him "Henman" (joined to Tim Henman by the surname rules):
    a lone first name left alone joins the one person of its document, as its other mentions
    were resolved, with that first name."""
    form_of, forms = corpus.form_of, corpus.forms
    assignment, reasons = decisions.assignment, decisions.reasons
    in_document: dict[int, set[object]] = defaultdict(set)
    for (document_id, *_rest), target in assignment.items():
        in_document[document_id].add(target)
    for g in corpus.groups:
        key = g.key
        form = forms[form_of[g.text]]
        if key in assignment or len(form.tokens) != 1 or g.label != "PERSON":
            continue
        if people.titles_in_story(g):
            continue
        if key in work_titles:
            continue
        word = form.tokens[0]
        if not (is_first_name(word) or people.corpus_first_name(word)):
            continue
        named = {r for r in in_document[g.document_id] if word in people.first_names.get(r, ())}
        if len(named) == 1:
            assignment[key] = named.pop()
            reasons[key] = "first name: the document's person"


#: A capitalised word of a headline ("Radcliffe proves doubters wrong").
_HEADLINE_WORD = re.compile(r"[A-Z][\w'’-]+")


def headline_words(headline: str) -> list[str]:
    """The capitalised words of ``headline``, as the first-name rule reads them for surnames
    (the review queue reads them the same way)."""
    return _HEADLINE_WORD.findall(headline)


@reaches("document", corpus=["surname_index"])
def first_names_by_headline(
    corpus: Corpus,
    decisions: Decisions,
    people: People,
    headlines: Mapping[int, str],
    work_titles: frozenset[GroupKey] = frozenset(),
) -> None:
    """ "Paula" in a column that never names her in full, under the headline "Radcliffe proves
    doubters wrong": a lone first name left alone (untitled, labelled PERSON, a given name)
    joins the person the headline names by a surname: the story's own bearer of that surname
    when it names one in full, else the corpus's people of that surname, when exactly one of
    them goes by this first name. "John" (a father) under the headline "'genius' Smith" over a
    story about Adam Smith is nobody's by this rule."""
    if not headlines:
        return
    form_of, forms, uf, by_document = corpus.form_of, corpus.forms, corpus.uf, corpus.by_document
    assignment, reasons = decisions.assignment, decisions.reasons
    bearers: dict[str, set[object]] = defaultdict(set)  # surname → the people bearing it
    for long_key in corpus.long_forms:
        long_form = forms[long_key]
        if long_form.type == "PERSON":
            bearers[long_form.last].add(uf.find(long_key))
    for g in corpus.groups:
        key = g.key
        form = forms[form_of[g.text]]
        if key in assignment or len(form.tokens) != 1 or g.label != "PERSON" or key in work_titles:
            continue
        headline = headlines.get(g.document_id, "")
        word = form.tokens[0]
        if not headline or people.titles_in_story(g) or not is_first_name(word):
            continue
        named = _people_a_headline_names(
            corpus, headline, by_document[g.document_id], bearers, people, word
        )
        if len(named) != 1:
            continue
        person = named.pop()
        if genders_clash(people.story_gender(g), people.gender(person)):
            continue
        assignment[key] = person
        reasons[key] = "first name: the person its story's headline names"


def _people_a_headline_names(
    corpus: Corpus,
    headline: str,
    in_story: LongFormsOfDocument,
    bearers: Mapping[str, set[object]],
    people: People,
    first_name: str,
) -> set[object]:
    """The people who go by ``first_name`` among those ``headline`` names by a surname: for each
    capitalised word, the story's bearers of that surname when it names one in full ("'genius'
    Smith" over a story about Adam Smith), else the corpus's (``bearers``)."""
    forms, uf = corpus.forms, corpus.uf
    named: set[object] = set()
    for written in headline_words(headline):
        for surname in form_key(written).split()[-1:]:
            here = {
                uf.find(k)
                for k in in_story.get(surname)
                if forms[k].type == "PERSON" and forms[k].last == surname
            }
            candidates = here or bearers.get(surname, set())
            named |= {r for r in candidates if first_name in people.first_names.get(r, ())}
    return named


@reaches("word", corpus=["form_counts", "gazetteer"])
def join_contained_full_names(corpus: Corpus) -> None:
    """ "Tayyip Erdogan" joins "Recep Tayyip Erdogan" when that is the only longer name it fits
    (longer names that are parts of one another counting once: :func:`_longest_of_one_chain`),
    unless the short name's first word is a middle name that the corpus also writes with other
    names between it and the surname (:func:`_ancestor_name`). A longer name may also add a
    second surname after the short one's (:func:`_second_surname_dropped`)."""
    uf, forms, long_forms, gazetteer = corpus.uf, corpus.forms, corpus.long_forms, corpus.gazetteer
    by_last: dict[str, list[str]] = defaultdict(list)
    by_next_to_last: dict[str, list[str]] = defaultdict(list)  # "chavez" of "Hugo Chávez Frías"
    for key in long_forms:
        tokens = forms[key].tokens
        by_last[tokens[-1]].append(key)
        if len(tokens) > 2 and tokens[-1] not in name_suffixes():
            by_next_to_last[tokens[-2]].append(key)
    for key in long_forms:
        form = forms[key]
        if form.type != "PERSON" or key in gazetteer:
            continue
        fitting = [
            other
            for other in by_last[form.tokens[-1]]
            if other != key
            and len(forms[other].tokens) > len(form.tokens)
            and forms[other].type == "PERSON"
            and is_subsequence(form.tokens, forms[other].tokens)
        ]
        fitting += _second_surname_dropped(form, by_next_to_last[form.tokens[-1]], forms)
        roots = {uf.find(other) for other in _longest_of_one_chain(fitting, forms)}
        if len(roots) == 1 and not _ancestor_name(form.tokens, [forms[o].tokens for o in fitting]):
            longer = any_member(uf, roots.pop(), fitting)
            join_if_allowed(uf, longer, key, "part of a longer full name")


def _second_surname_dropped(
    form: Form, candidates: list[str], forms: Mapping[str, Form]
) -> list[str]:
    """The longer people's names that are ``form`` with a last word added after its surname and
    the same first word: "Hugo Chávez Frías" and "Hugo Rafael Chávez Frías" for "Hugo Chávez"
    (Spanish and Portuguese names add the mother's surname, which news drops). Never a
    generational suffix ("Ferdinand Marcos Jr" is the son) nor a head noun ("Adam Smith
    Lecture", which the model may call a person)."""
    heads = type_cues().heads
    return [
        other
        for other in candidates
        if forms[other].type == "PERSON"
        and forms[other].tokens[-1] not in heads
        and len(forms[other].tokens) > len(form.tokens)
        and forms[other].tokens[0] == form.tokens[0]
        and is_subsequence(form.tokens, forms[other].tokens[:-1])
    ]


def _longest_of_one_chain(keys: list[str], forms: Mapping[str, Form]) -> list[str]:
    """The names of ``keys`` no other of them contains: "Manuel López Obrador" is part of
    "Andrés Manuel López Obrador", so "López Obrador" fits one name, not two, whichever of the
    two longer names the rule met first."""
    return [
        key
        for key in keys
        if not any(
            len(forms[other].tokens) > len(forms[key].tokens)
            and is_subsequence(forms[key].tokens, forms[other].tokens)
            for other in keys
        )
    ]


def _ancestor_name(short: Sequence[str], longer: list[tuple[str, ...]]) -> bool:
    """ "Belqasim Haftar" beside "Khalifa Belqasim Omar Haftar": a name of the form "given name
    + father's name + grandfather's name + family name" (an Arabic nasab) puts other names
    between a middle name and the surname; that middle name is an ancestor's, and a two-word
    name made of it and the surname is another member of the family (a father, a son named
    after his grandfather), not a short form. "Tayyip Erdogan" in "Recep Tayyip Erdogan" has
    its words side by side in every longer name, and joins."""
    if len(short) != 2:
        return False
    for tokens in longer:
        if tokens[0] == short[0] or short[0] not in tokens:
            continue
        if tokens.index(short[0]) != len(tokens) - 2:
            return True
    return False


@reaches("word", corpus=["form_counts"])
def join_nicknames(corpus: Corpus) -> None:
    """ "Steve Gerrard" joins "Steven Gerrard", "Bill Clinton" "William Clinton", "Rafa Benitez"
    "Rafael Benitez": people's full names that differ only in a first name the curated tables
    give as one (:func:`explorer.resolution.lexicon.same_given_name`) or cut short
    (:func:`~explorer.resolution.people.clipped_given_name`), when every first name the corpus
    gives that surname is one name (no "Stephen Jones" beside "Steve Jones" and "Ken Jones":
    nicknames are ambiguous, "Robbie" being Robert's and Robin's)."""
    uf, forms, long_forms = corpus.uf, corpus.forms, corpus.long_forms
    by_rest: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key in long_forms:
        if forms[key].type == "PERSON":
            by_rest[forms[key].tokens[1:]].append(key)
    for keys in by_rest.values():
        firsts = {forms[key].tokens[0] for key in keys}
        if len(firsts) < 2:
            continue
        if all(_one_given_name(a, b) for a in firsts for b in firsts):
            for other in keys[1:]:
                join_if_allowed(uf, keys[0], other, "nickname")
        else:
            # Other first names with that surname: "Robbie Williams" and "Robin Williams" are
            # two people where Williams is a common name, unless one story uses both.
            _join_nicknames_in_one_document(uf, forms, keys)


def _one_given_name(a: str, b: str) -> bool:
    """Two first names of one person: one name in the curated tables ("Steve"/"Steven") or
    one cut short of the other ("Rafa"/"Rafael", :func:`clipped_given_name`)."""
    return is_first_name(a) and (same_given_name(a, b) or clipped_given_name(a, b))


def _join_nicknames_in_one_document(uf: UnionFind, forms: dict[str, Form], keys: list[str]) -> None:
    """ "Freddie Forsyth" and "Frederick Forsyth" in one story are one man even when the corpus
    also has a "Bruce Forsyth": in each document, the full names of one surname whose first
    names are one name in the curated tables join, unless a first name there is ambiguous
    ("Robbie" beside both "Robert" and "Robin")."""
    by_document: dict[int, set[str]] = defaultdict(set)
    for key in keys:
        for document_id in forms[key].documents:
            by_document[document_id].add(key)
    for document_id in sorted(by_document):
        here = sorted(by_document[document_id])
        firsts = sorted(
            {forms[key].tokens[0] for key in here if is_first_name(forms[key].tokens[0])}
        )
        names = {a: {b for b in firsts if b == a or same_given_name(a, b)} for a in firsts}
        for first in firsts:
            same = names[first]
            if len(same) < 2 or any(names[other] != same for other in same):
                continue  # one name each, or "Robbie" beside "Robert" and "Robin"
            one = [key for key in here if forms[key].tokens[0] in same]
            for other in one[1:]:
                join_if_allowed(uf, one[0], other, "nickname: same document")


@reaches("word", "document", corpus=["surname_index"])
def part_target(
    uf: UnionFind,
    form: Form,
    group: SurfaceGroup,
    long_in_document: list[str],
    forms: dict[str, Form],
    people: People | None = None,
    work_title: bool = False,
    known_place: bool = False,
) -> object | None:
    """The one actor in the same document whose longer name contains this form, if any.

    A person's part must hold the surname, or be a lone first name ("Paula" of "Paula
    Radcliffe"; "David" is nobody when the document names two Davids); and it never joins a
    person of the other gender ("Mrs Howard" is not "Michael Howard"), nor a person at all when
    the group is written as a work's title ("the biopic Ray" is not Ray Charles). A
    ``known_place`` (a country or an ISO subdivision) never joins an organisation whose name
    it does not lead (:func:`_place_inside_organisation`).
    """
    roots = set()
    for key in long_in_document:
        other = forms[key]
        if key == form.key or group.label not in PART_LABELS.get(other.type, ()):
            continue
        if work_title and other.type == "PERSON":
            continue
        if known_place and _place_inside_organisation(form, other):
            continue
        if len(other.tokens) > len(form.tokens) and is_subsequence(form.tokens, other.tokens):
            if (
                other.type == "PERSON"
                and other.last not in form.tokens
                and not _hyphenated_surname_half(form, other)
                and not _first_name_part(form, group, other, people)
            ):
                continue
            if other.type != "PERSON" and name_of_its_own(form, other):
                continue
        elif not (
            other.type == "PERSON"
            and group.label == "PERSON"
            and _is_epithet_form(form.tokens, group.text, other.tokens[-1])
        ):
            continue
        root = uf.find(key)
        if (
            other.type == "PERSON"
            and people
            and genders_clash(people.story_gender(group), people.gender(root))
        ):
            continue
        roots.add(root)
    return roots.pop() if len(roots) == 1 else None


@reaches("word", "document")
def nearest_named_bearer(
    uf: UnionFind,
    form: Form,
    group: SurfaceGroup,
    long_in_document: list[str],
    forms: Mapping[str, Form],
    starts: Mapping[tuple[int, str], Sequence[MentionStart]],
    people: People | None = None,
) -> object | None:
    """The person a bare surname names in a story that names several people of that surname in
    full ("Andy Robinson" the coach and "Jason Robinson" the captain; two Williams sisters),
    read at the surname's first mention: the person whose given name is written right before it
    when the story names that person in full (the model left "Shane" out of "Shane Williams"),
    else the one named in full last before it (the news convention: a person is introduced in
    full, then called by the surname).

    ``None`` when the word is a given name itself ("Jason"), no full name comes before it, a
    given name written right before it is nobody's of the story, or there are no offsets
    (``starts``: the PERSON mentions of each ``(document, form key)``). Only full names with a given name
    count (not "S Williams" of a team sheet), never one of the other gender."""
    surname = form.tokens[0] if len(form.tokens) == 1 else ""
    if not surname or group.label != "PERSON" or is_first_name(surname):
        return None
    mentions = starts.get((group.document_id, form.key), ())
    if not mentions:
        return None
    first, word_before = mentions[0]
    bearers = {
        key: uf.find(key)
        for key in long_in_document
        if forms[key].type == "PERSON"
        and forms[key].last == surname
        and len(forms[key].tokens[0]) > 1
        and not (people and genders_clash(people.story_gender(group), people.gender(uf.find(key))))
    }
    if word_before[:1].isupper():
        written = bearers.get(form_key(f"{word_before} {form.key}"))
        if written is not None or is_first_name(word_before):
            return written
    nearest: tuple[int, object] | None = None
    for key, root in bearers.items():
        before = [start for start, _ in starts.get((group.document_id, key), ()) if start < first]
        if before and (nearest is None or max(before) > nearest[0]):
            nearest = (max(before), root)
    return nearest[1] if nearest else None


def _place_inside_organisation(form: Form, other: Form) -> bool:
    """ "Wales" (the national team, tagged ORG) in a story that also names "BBC Wales" or
    "South Wales Evening Post": a country or region written after an organisation's first word
    qualifies that organisation (its branch, station or paper there), so the place's own
    mentions are not its short form. A name the place leads ("Leicester Tigers") is left to
    the other rules."""
    return other.type == "ORG" and len(form.tokens) == 1 and other.tokens[0] != form.tokens[0]


@reaches("word", "document", corpus=["type_context"])
def surname_called_a_place(
    uf: UnionFind,
    form: Form,
    group: SurfaceGroup,
    long_in_document: list[str],
    forms: dict[str, Form],
    evidence: GroupEvidence | None,
    context: TypeContext,
) -> object | None:
    """ "O'Gara" that the model calls a place in a match report naming "Ronan O'Gara": a
    one-word GPE/LOC mention goes to the one person of its document whose surname it is, when
    the word is no known place (country, subdivision, gazetteer place) and no place or
    organisation cue surrounds it."""
    if len(form.tokens) != 1 or group.label not in ("GPE", "LOC"):
        return None
    if evidence is not None and (evidence.place_cues or evidence.org_cues):
        return None
    word = form.tokens[0]
    if context.known_place(word, corpus=False):
        return None
    roots = {
        uf.find(key)
        for key in long_in_document
        if forms[key].type == "PERSON"
        and (forms[key].last == word or _hyphenated_surname_half(form, forms[key]))
        and not compound_name(forms[key], forms)
    }
    return roots.pop() if len(roots) == 1 else None


def _hyphenated_surname_half(form: Form, person: Form) -> bool:
    """ "Kilroy" of "Robert Kilroy-Silk": one word that is part of a person's hyphenated
    surname (written as one word with a hyphen, after a first name)."""
    surname = person.surname()
    return len(form.tokens) == 1 and len(surname) > 1 and form.tokens[0] in surname


@reaches("form")
def initial_and_surname(form: Form) -> bool:
    """ "C Hodgson", "J. Smith": one initial and a surname (as sports tables write players)."""
    return (
        len(form.tokens) == 2
        and len(form.tokens[0]) == 1
        and form.tokens[0].isalpha()
        and len(form.tokens[1]) > 1
    )


@reaches("word", "last_reading", "document", corpus=["surname_index"])
def initial_target(
    uf: UnionFind,
    form: Form,
    in_document: LongFormsOfDocument,
    forms: dict[str, Form],
    people: People,
) -> tuple[object | None, str]:
    """The person an initial and a surname name, with the reason: the one person of the
    document with that surname whose first name starts with that initial; failing one in the
    document, the only such person of the corpus."""
    initial, surname = form.tokens
    here = set()
    for key in in_document.get(surname, ()):
        other = forms[key]
        if (
            other.type == "PERSON"
            and other.last == surname
            and len(other.tokens[0]) > 1
            and other.tokens[0][0] == initial
            and not compound_name(other, forms)
        ):
            here.add(uf.find(key))
    if here:
        return (here.pop() if len(here) == 1 else None), "initial and surname: same document"
    found = {
        root
        for reading in skeleton_readings(surname)
        for (name, root) in people.surnames.get(reading, ())
        if name == surname and any(first[0] == initial for first in people.first_names[root])
    }
    return (found.pop() if len(found) == 1 else None), "initial and surname: the only person"


def name_of_its_own(form: Form, longer: Form) -> bool:
    """ "Apple" beside "Apple Insider": a one-word name that starts a longer organisation's name
    and stands alone in more documents than that name is an actor of its own (the parent of a
    subsidiary, a product, a channel), not a short form of it by containment alone."""
    return (
        len(form.tokens) == 1
        and longer.tokens[0] == form.tokens[0]
        and len(form.documents) > len(longer.documents)
    )


@reaches("word", corpus=["form_counts"])
def continued_name(
    uf: UnionFind,
    group: SurfaceGroup,
    forms: dict[str, Form],
    evidence: GroupEvidence | None,
) -> object | None:
    """The longer name most of a group's mentions are the head of, when the corpus has it as a
    name: "BBC" written "BBC One" (the model cut the name short) is BBC One's."""
    if evidence is None or not evidence.continuations:
        return None
    for continuation, mentions in sorted(evidence.continuations.items()):
        if mentions * 2 <= group.count:
            continue
        words = continuation.split()
        for n in range(len(words), 0, -1):
            key = form_key(f"{group.text} {' '.join(words[:n])}")
            longer = forms.get(key)
            if longer is None or len(longer.tokens) < 2:
                continue
            if longer.type == "PERSON" and group.label != "PERSON" and not _given_name_head(group):
                break  # "American" before "Taylor Dent" is no part of his name
            return uf.find(key)
    return None


def _given_name_head(group: SurfaceGroup) -> bool:
    """A one-word mention that is a common given name: when the rest of a person's name
    follows it, the NER cut the name and gave its first word another label ("Nouri" tagged a
    place before "Abusahmain"), unlike a nationality ("American" before "Taylor Dent")."""
    return " " not in group.text.strip() and is_first_name(group.text)


#: Styles written before a first name: "Sir Alan" is Sir Alan Budd (never "Mr Alan").
FIRST_NAME_STYLES = frozenset({"sir", "dame"})


def _first_name_part(
    form: Form, group: SurfaceGroup, person: Form, people: People | None = None
) -> bool:
    """A lone word that is the first name of a full name in its document: a given name in
    the dictionaries or, failing that, one the corpus writes first in people's full names
    ("Arsene" of "Arsene Wenger"); untitled, or with a style that goes with first names, in
    all its story's mentions (the story that says "Prince Charles" once and "Charles" after
    means the prince by both, whatever other Charles it names)."""
    if len(form.tokens) != 1:
        return False
    word = form.tokens[0]
    titles = people.titles_in_story(group) if people is not None else frozenset(group.titles)
    return (
        person.tokens[0] == word
        and group.label == "PERSON"
        # "Prince Charles", "Mr Gordon": other titles go with other names
        and titles <= FIRST_NAME_STYLES
        and (group.titles or group_gender(group) is None)
        and (is_first_name(word) or (people is not None and people.corpus_first_name(word)))
    )


def _is_epithet_form(tokens: Sequence[str], surface: str, surname: str) -> bool:
    """ "Haftar al-Qalabi": a surname followed by an Arabic-article epithet."""
    words = matching_key(surface).split()
    return len(words) >= 3 and words[0] == surname and words[1] == "al" and tokens[0] == surname


#: Marks the cluster of the peers titled after a word that names something else.
PEER = "·peer"


@reaches("form", corpus=["form_counts", "type_context"])
def peer_named_after(group: SurfaceGroup, key: str, form: Form) -> str | None:
    """The cluster of the peer a titled one-word name stands for ("Lord Liverpool": the title
    kept in ``group.titles``, the text "Liverpool") when the word is no person's name in the
    corpus (its form is a place or an organisation): a person, never the place or the club.
    Peers of one title share one cluster (they would show one name, which the same-name rule
    joins anyway); ``None`` for every other group."""
    if len(form.tokens) != 1 or form.type == "PERSON" or not group.titles:
        return None
    if not type_cues().peerages.intersection(group.titles):
        return None
    return key + PEER


def compound_name(form: Form, forms: Mapping[str, Form]) -> bool:
    """A span that is more than one person's name: a coordination ("Smith and Jones") or a
    name led by a people's or place's word ("Briton Tim Abeyie"); short forms never join it."""
    if any(word in _COORDINATORS for word in form.tokens):
        return True
    lead = forms.get(form.tokens[0])
    return lead is not None and lead.type in NOT_A_FIRST_NAME


_COORDINATORS = frozenset({"and", "&", "or"})
NOT_A_FIRST_NAME = frozenset({"NORP", "GPE", "LOC"})


def _given_name_gender(first: str) -> str | None:
    """The gender of a common given name: a rare entry of the dictionary ("Ossie": female, seen
    once in one country) says less than the story's "Mr", so it gives none."""
    return first_name_gender(first) if is_first_name(first) else None


def _titles_by_story(groups: Sequence[SurfaceGroup]) -> dict[tuple[int, str, str], frozenset[str]]:
    """(document, text, label) → the titles of its mentions in that story, whatever their
    gender."""
    titles: dict[tuple[int, str, str], frozenset[str]] = {}
    for g in groups:
        if g.titles:
            at = (g.document_id, g.text, g.label)
            titles[at] = titles.get(at, frozenset()) | set(g.titles)
    return titles


@reaches(
    "word",
    "last_reading",
    "document",
    corpus=["form_counts", "surname_index", "document_frequency", "co_actors"],
)
class People:
    """What the corpus's full names of people say about lone names: who has which surname and
    first name, how often, which gender, and which other actors share their documents."""

    def __init__(self, corpus: Corpus) -> None:
        self.uf = corpus.uf
        self.forms = corpus.forms
        # surname skeleton (each reading) → {(surname, root): full-name mentions}
        self.surnames: dict[str, Counter[tuple[str, object]]] = defaultdict(Counter)
        self.first_words: Counter[str] = Counter()  # full-name mentions starting with a word
        #: two-word full names' mentions starting with a word ("Arsene Wenger", not "Briton
        #: Tim Henman")
        self.two_word_firsts: Counter[str] = Counter()
        self.last_words: Counter[str] = Counter()  # full-name mentions ending with a word
        self.first_names: dict[object, set[str]] = defaultdict(set)  # person → first names
        #: person → the gender its first names and titles agree on
        self.genders: dict[object, str] = self._index_full_names(corpus.long_forms)
        self._groups = corpus.groups
        self._form_of = corpus.form_of
        #: (document, text, label) → the titles of its mentions, whatever their gender
        self._story_titles = _titles_by_story(corpus.groups)
        self._document_roots: dict[int, tuple[object, ...]] | None = None
        self._root_documents: dict[object, list[int]] = defaultdict(list)
        self._idf: dict[object, float] | None = None
        self._co_actors: dict[object, Counter[object]] = {}
        self._cache: dict[tuple[str, str, str | None], object | None] = {}
        #: the candidates of the words the document's context decides (their search over the
        #: surname's readings grew with the corpus and ran again for every mention's group)
        self._context_candidates: dict[tuple[str, str, str | None], Counter[object]] = {}
        self.reason = ""  # why the last surname_target decided as it did
        self._reasons: dict[tuple[str, str, str | None], str] = {}

    def _index_full_names(self, long_forms: Sequence[str]) -> dict[object, str]:
        """Count every person's full name (not "X and Y") into the surname and first-word
        indexes; return the gender of each person whose full names agree on one."""
        genders: dict[object, Counter[str]] = defaultdict(Counter)
        for key in long_forms:
            form = self.forms[key]
            if form.type != "PERSON" or compound_name(form, self.forms):
                continue
            root = self.uf.find(key)
            mentions = sum(form.labels.values())
            self._add_full_name(form, root, mentions)
            genders[root].update(form.genders)  # a Counter adds the dict's counts
            gender = _given_name_gender(form.tokens[0])
            if gender:
                genders[root][gender] += mentions
        return {root: next(iter(counts)) for root, counts in genders.items() if len(counts) == 1}

    def _add_full_name(self, form: Form, root: object, mentions: int) -> None:
        """Count one full name's mentions under its surname's readings and its first and last
        words."""
        first, last = form.tokens[0], form.last
        for reading in skeleton_readings(last):  # "Khadafi" under kdf and hdf
            self.surnames[reading][(last, root)] += mentions
        self.first_words[first] += mentions
        if len(form.tokens) == 2 and all(word.isalpha() for word in form.tokens):
            self.two_word_firsts[first] += mentions  # not "Varig 2bn"
        self.first_names[root].add(first)
        self.last_words[last] += mentions

    def titles_in_story(self, group: SurfaceGroup) -> frozenset[str]:
        """The titles of every mention of the group's text and label in its document: the
        groups of other honorific genders' too ("Prince Charles" once makes "Charles"
        titled in that story)."""
        at = (group.document_id, group.text, group.label)
        return self._story_titles.get(at, frozenset()) | frozenset(group.titles)

    def story_gender(self, group: SurfaceGroup) -> str | None:
        """The gender the group's honorifics give; for a group without one, the gender its
        story's other mentions of the text agree on ("Mrs Howard" then "Howard": hers), none
        when they name both ("Mr Howard" and "Mrs Howard": the bare "Howard" is either)."""
        own = group_gender(group)
        if own is not None or group.gender:
            return own
        return title_gender(self.titles_in_story(group))

    def corpus_first_name(self, word: str) -> bool:
        """A word missing from the given-name dictionaries that the corpus writes first in
        people's two-word full names (letters only) and never last ("Arsene", "Lleyton")."""
        own = self.forms.get(word)
        return (
            self.two_word_firsts[word] >= 1
            and not self.last_words[word]
            and (own is None or own.type == "PERSON")  # not "Mac" of "Mac Format"
        )

    def gender(self, root: object) -> str | None:
        """The gender of a person's cluster when its first names and titles agree on one."""
        return self.genders.get(root)

    def surname_target(self, form: Form, group: SurfaceGroup) -> object | None:
        """The person a lone word elsewhere in the corpus names, by evidence (see
        :meth:`_candidates`): the only candidate; else the one the document's other actors
        point to; else the one holding the great majority of the surname's full-name
        mentions. ``None`` when nothing decides."""
        gender = self.story_gender(group)
        cache_key = (form.key, group.label, gender)
        if cache_key in self._cache and self._cache[cache_key] is not _CONTEXT:
            self.reason = self._reasons[cache_key]
            return self._cache[cache_key]
        candidates: Counter[object] | None
        if cache_key in self._cache:  # decided by the document: the candidates are known
            candidates = self._context_candidates[cache_key]
            self.reason = self._reasons[cache_key]
        else:
            candidates, via_holder = self._candidates(form, group.label, gender)
            self.reason = _HOLDER_REASON if via_holder else "surname: the only person"
            if candidates is None or not candidates:
                decided: object | None = None
            elif len(candidates) == 1:
                decided = next(iter(candidates))
            else:
                decided = _CONTEXT
                self._context_candidates[cache_key] = candidates
            self._cache[cache_key] = decided
            self._reasons[cache_key] = self.reason
            if decided is not _CONTEXT:
                return decided
        assert candidates is not None
        if group.label != "PERSON" or form.labels["PERSON"] * 2 < sum(form.labels.values()):
            return None  # a word several people bear, not clearly a person's name here
        self.reason = "surname: shared co-actors"
        decided = self._by_context(group.document_id, form.key, candidates)
        if decided is None:
            decided, share = _by_majority(candidates)
            self.reason = f"surname: corpus majority {share:.2f}"
        return decided

    def _candidates(
        self, form: Form, label: str, gender: str | None
    ) -> tuple[Counter[object] | None, bool]:
        """The people whose surname the word is, with their full-name mentions (``None`` when
        the word must not join anyone by its string, see :meth:`surname_target`), and whether
        they came by the surname family's holder.

        The exact surname needs the form labelled PERSON in a quarter of its mentions (so
        "Irish" does not join "Oliver Irish"); a spelling variant needs this very mention
        labelled PERSON and the word typed a person over the corpus (so "Tories" does not
        join "Torres", nor "the Welsh" "Wells"), or the mention tagged ORG and the person the
        surname family's holder (:meth:`_family_holder`). A word that is mostly a first
        name in the corpus's full names ("David", "John") joins nobody this way, and people
        of the other gender are no candidates.
        """
        if label not in PART_LABELS["PERSON"]:
            return None, False
        word = form.tokens[0]
        if is_first_name(word) and self.first_words[word] >= self.last_words[word]:
            return None, False
        person_share = form.labels["PERSON"] / max(1, sum(form.labels.values()))
        found: dict[tuple[str, object], int] = {}
        for reading in skeleton_readings(word):
            found.update(self.surnames.get(reading, {}))
        family = Counter(
            {
                (surname, root): mentions
                for (surname, root), mentions in found.items()
                if surname == word or surname_variants(word, surname)
            }
        )
        holder = self._family_holder(family, form) if label == "ORG" else None
        if holder is not None and all(s == word for s, r in family if r == holder):
            holder = None  # the exact surname tagged ORG is a name of its own ("Foxley" Ltd)
        roots: Counter[object] = Counter()
        possible = set()
        for (surname, root), mentions in family.items():
            possible.add(root)
            exact = surname == word and person_share >= 0.25
            variant = surname != word and label == "PERSON" and form.type == "PERSON"
            respelling = variant or (surname != word and root == holder)
            if (exact or respelling) and not genders_clash(gender, self.gender(root)):
                roots[root] += mentions
        if holder is None and any(
            r not in roots and not genders_clash(gender, self.gender(r)) for r in possible
        ):
            return None, False  # another person it could be was ruled out only by the label
        return roots, holder is not None

    def _family_holder(self, family: Counter[tuple[str, object]], form: Form) -> object | None:
        """The person who holds the surname family (the surname and its spellings): at least
        :data:`SURNAME_MAJORITY` of its full-name mentions, at least
        :data:`MAJORITY_MIN_MENTIONS`, and more than the lone form has mentions. A lone
        surname the NER tagged ORG ("Gadhafi", "Qadhafi" beside Muammar Gaddafi) joins that
        person; a word more frequent than the person's full names ("Tories" beside "Fernando
        Torres") is a name of its own."""
        by_root: Counter[object] = Counter()
        for (_, root), mentions in family.items():
            by_root[root] += mentions
        if not by_root:
            return None
        root, mentions = by_root.most_common(1)[0]
        if (
            mentions >= SURNAME_MAJORITY * sum(by_root.values())
            and mentions >= MAJORITY_MIN_MENTIONS
            and mentions > sum(form.labels.values())
        ):
            return root
        return None

    def _by_context(self, document_id: int, key: str, candidates: Counter[object]) -> object | None:
        """The candidate whose documents share the most other actors with this document,
        when that is at least :data:`CONTEXT_MIN_SHARED` and :data:`CONTEXT_MARGIN` times the
        next candidate's."""
        here = set(self._roots_by_document().get(document_id, ())) - set(candidates)
        here.discard(self.uf.find(key))
        scores = sorted(
            ((len(here & self._co_actors_of(c).keys()), str(c), c) for c in candidates),
            reverse=True,
        )
        best, second = scores[0][0], scores[1][0]
        if best >= CONTEXT_MIN_SHARED and best >= CONTEXT_MARGIN * second:
            return scores[0][2]
        return None

    def share_context(self, a: str, b: str) -> bool:
        """Whether two forms' documents agree on the other actors they name: the weight
        (inverse document frequency) of the actors both contexts hold is at least
        :data:`SHARED_CONTEXT_MIN` of the lighter context's. A form whose documents name
        nobody else gives no evidence either way: the strings decide."""
        context_a, context_b = self._form_context(a), self._form_context(b)
        weights = self._weights()
        total_a = sum(weights[r] for r in context_a)
        total_b = sum(weights[r] for r in context_b)
        shared = sum(weights[r] for r in context_a & context_b)
        lighter = min(total_a, total_b)
        return lighter == 0 or shared >= SHARED_CONTEXT_MIN * lighter

    def _form_context(self, key: str) -> set[object]:
        by_document = self._roots_by_document()
        context: set[object] = set()
        for document_id in self.forms[key].documents:
            context.update(by_document.get(document_id, ()))
        context.discard(self.uf.find(key))
        return context

    def _weights(self) -> dict[object, float]:
        """Each cluster's inverse document frequency: "United States" weighs little."""
        if self._idf is None:
            by_document = self._roots_by_document()
            frequency: Counter[object] = Counter()
            for roots in by_document.values():
                frequency.update(roots)
            documents = max(1, len(by_document))
            self._idf = {r: math.log((1 + documents) / n) for r, n in frequency.items()}
        return self._idf

    def _roots_by_document(self) -> dict[int, tuple[object, ...]]:
        """Document → the clusters of the forms it holds (as the full-name joins left them),
        each once; and cluster → its documents, each once (a list: only ever sorted)."""
        if self._document_roots is None:
            self._document_roots = distinct_by_document(
                self._groups, lambda g: self.uf.find(self._form_of[g.text])
            )
            for document_id, roots in self._document_roots.items():
                for root in roots:
                    self._root_documents[root].append(document_id)
        return self._document_roots

    def _co_actors_of(self, root: object) -> Counter[object]:
        """The actors of the documents where the person's full names occur."""
        if root not in self._co_actors:
            by_document = self._roots_by_document()
            actors: Counter[object] = Counter()
            for document_id in sorted(self._root_documents.get(root, ())):
                actors.update(by_document[document_id])
            self._co_actors[root] = actors
        return self._co_actors[root]


_CONTEXT = object()  # cache marker: the decision depends on the document
_HOLDER_REASON = "surname: respelling tagged ORG, its family's holder"


def _by_majority(candidates: Counter[object]) -> tuple[object | None, float]:
    """The candidate holding :data:`SURNAME_MAJORITY` of the full-name mentions (or ``None``),
    and its share."""
    (top, mentions), *_ = sorted(candidates.items(), key=lambda kv: (-kv[1], str(kv[0])))
    share = mentions / sum(candidates.values())
    if mentions >= MAJORITY_MIN_MENTIONS and share >= SURNAME_MAJORITY:
        return top, share
    return None, share
