"""Rules decided by stories: one sense per story, places standing for clubs, short names by the
community of stories that write them, and the links between stories sharing actors."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import chain

from explorer.resolution.clusters import Clustering, SurfaceGroup
from explorer.resolution.corpus_forms import (
    ACRONYM_SKIP,
    PLACE_LABELS,
    Corpus,
    Decisions,
    Form,
    UnionFind,
    display_name,
    distinct_by_document,
    form_key,
    is_subsequence,
    surface_counts,
)
from explorer.resolution.entity_types import TypeContext
from explorer.resolution.evidence import GroupEvidence, GroupKey
from explorer.resolution.lexicon import country_code, is_constituent_country
from explorer.resolution.name_parts import NOT_A_FIRST_NAME, compound_name
from explorer.resolution.reach import reaches

#: Joins decided by a group's own story (not by the corpus or the story's community; not a
#: "name cut short", which is about where those mentions stand: "Windows" before " 2000").
_STORY_REASONS = frozenset(
    {
        "part of a name: same document",
        "surname called a place: the document's person",
        "first name: the document's person",
    }
)


@reaches("form", "document")
def one_sense_per_story(corpus: Corpus, decisions: Decisions) -> None:
    """A surface the model labels two ways in one story ("Kelly" PERSON and ORG beside "Kelly
    Holmes", "Mourinho" PERSON and FAC) is one actor there: a group the rules left alone
    follows the one actor its surface's other groups of the story went to. Place labels and
    groups with place cues keep their own way ("Washington" the city beside the actor's
    "Washington"). Only groups joined by what their own story writes
    (:data:`_STORY_REASONS`) lead the others."""
    assignment, reasons = decisions.assignment, decisions.reasons
    # (document, text, gender): the label left out, since the group's other labels lead it
    targets: dict[tuple[int, str, str], set[object]] = defaultdict(set)
    for group_key, target in assignment.items():
        if reasons.get(group_key) in _STORY_REASONS:
            document_id, text, _label, gender = group_key
            targets[(document_id, text, gender)].add(target)
    for g in corpus.groups:
        key = g.key
        if key in assignment or g.label in ("GPE", "LOC"):
            continue
        cues = corpus.evidence.get(key)
        if cues is not None and cues.place_cues:
            continue
        found = targets.get((g.document_id, g.text, g.gender), set())
        if len(found) == 1:
            assignment[key] = next(iter(found))
            reasons[key] = "one sense per story: the surface's other label"


@reaches("word", "document")
def club_of_place(
    uf: UnionFind,
    form: Form,
    long_in_document: list[str],
    forms: dict[str, Form],
    evidence: GroupEvidence | None,
    acronym_led: frozenset[str] = frozenset(),
) -> object | None:
    """ "Madrid" in a story that names "Real Madrid": a one-word place name (no country) goes
    with the one two-word organisation of its document that ends with it, when no place cue
    surrounds it. Not a broadcaster's station ("BBC Newcastle", any name led by an acronym)
    nor a part of the place ("North Devon")."""
    if len(form.tokens) != 1 or form.type != "GPE" or country_code(form.key) is not None:
        return None
    if evidence is not None and evidence.place_cues:
        return None
    word = form.tokens[0]
    roots = set()
    for key in long_in_document:
        other = forms[key]
        if other.type != "ORG" or len(other.tokens) != 2 or other.tokens[1] != word:
            continue
        if other.acronym or key in acronym_led:
            continue
        lead = forms.get(other.tokens[0])
        if lead is not None and (lead.acronym or lead.type in NOT_A_FIRST_NAME):
            continue  # "North Devon": a part of the place
        roots.add(uf.find(key))
    return roots.pop() if len(roots) == 1 else None


#: Two stories of one place word are about the same thing (the city, or one club named after
#: it) when this share of the actors they name is shared (Jaccard, the word left out).
PLACE_SENSE_MIN_SHARED = 0.1


#: Stories of its own a place word needs, corpus-wide and in a community, to stand for a club
#: there: one story's "Newcastle" is as likely the city.
WORD_STORIES_MIN = 2

#: Stories of the word a club named only in its own stories needs in its community (a club
#: the word's stories write needs :data:`WORD_STORIES_MIN`): two city stories linked to a
#: story of "X Underground" are too few to say that the word stands for it there.
CLUB_STORIES_MIN = 3


@reaches("word", "document", corpus=["story_graph", "type_context", "form_counts"])
def places_standing_for_clubs(
    corpus: Corpus, decisions: Decisions, acronym_led: frozenset[str] = frozenset()
) -> set[GroupKey]:
    """ "Newcastle" in match reports that never write "Newcastle Falcons": a one-word place name
    (no country) stands for the organisation named after it in a set of its stories when those
    stories name the same other actors (linked at :data:`PLACE_SENSE_MIN_SHARED`), there are
    :data:`WORD_STORIES_MIN` of them at least, exactly one two-word name beginning with the word
    is written in them, and no place cue surrounds the word in any of them. Stories about the
    city share other actors and carry place cues ("in X"), and an organisation's stories share
    its rivals and players. A place name: :func:`_may_stand_for_a_club`. Corpus-wide: an
    incremental resolver must re-check a place word's stories when they change. Returns the
    groups it gave away, whose place labels say nothing of the club's type."""
    groups, form_of, forms, uf = corpus.groups, corpus.form_of, corpus.forms, corpus.uf
    evidence, assignment, reasons = corpus.evidence, decisions.assignment, decisions.reasons
    given: set[GroupKey] = set()
    places = _place_words_leading_a_name(corpus)
    if not places:
        return given
    actors = _actors_by_document(groups, form_of, uf, assignment)
    groups_of: dict[str, list[GroupKey]] = {key: [] for key in places}
    for g in groups:
        if form_of[g.text] in groups_of:
            groups_of[form_of[g.text]].append(g.key)
    clubs = _stories_of_two_word_names(forms, acronym_led)
    for key in places:
        own = uf.find(key)
        documents = set(forms[key].documents) | clubs.get(key, set())
        stories = {d: set(actors[d]) - {own} for d in sorted(documents)}
        for part in linked_stories(stories, PLACE_SENSE_MIN_SHARED):
            in_part = set(part)
            members = [m for m in groups_of[key] if m[0] in in_part]
            own_stories = sorted({m[0] for m in members})
            written = _names_written_on(key, members, evidence, forms)
            target = _the_club_of_stories(corpus, key, part, acronym_led, written)
            if target is None or target == own or len(own_stories) < WORD_STORIES_MIN:
                continue
            if len(own_stories) < CLUB_STORIES_MIN and target != _the_club_of_stories(
                corpus, key, own_stories, acronym_led, written
            ):
                continue  # named only in the club's own stories: more of the word's must agree
            if any(_place_cued(m, evidence) for m in members):
                continue
            for member in members:
                if member not in assignment:
                    assignment[member] = target
                    reasons[member] = "place: the club its stories name"
                    given.add(member)
    return given


#: The three thresholds below were chosen on BBC (no held-out gold has a place word's two
#: senses); each changed alone (share 0.05-0.2, reports 2-5, place cues 0-0.2), BBC's F1
#: moved by 0.0002 at most (BENCHMARKS.md, wrong8's thresholds table).
#: A story is a match report when at least this share of its mentions stand beside a score or
#: a sports report's word (``GroupEvidence.sport_cues``); a story with none is no sports story.
MATCH_REPORT_MIN_SHARE = 0.1
#: Match reports a place word needs before its bare mentions there may stand for a club.
MATCH_REPORTS_MIN = 3
#: At most this share of a place word's surface groups in match reports may have a place cue
#: ("in X", "X, a city"): a host city's ("the final in X") is written as a place there too.
MATCH_REPORT_MAX_PLACE_CUES = 0.1

#: What the two senses' target keys end with: no form key holds the character, so each sense
#: is a cluster of its own (:func:`sense_key`), typed by :data:`_SENSE_TYPES_OF`.
_SENSE_MARK = "\x1f"
_SENSE_TYPES_OF = {"club": "ORG", "place": "GPE"}
#: What each sense's stories are, for the reason a group records.
_STORY_KIND = {"club": "match reports", "place": "no sports stories"}


def sense_key(key: str, sense: str) -> str:
    """The cluster of a place word's groups in one sense ("club" or "place")."""
    return f"{key}{_SENSE_MARK}{sense}"


@reaches("document")
def sport_shares(
    groups: Iterable[SurfaceGroup], evidence: Mapping[GroupKey, GroupEvidence]
) -> dict[int, float]:
    """Document → the share of its mentions written beside a score or a sports report's word."""
    cued: Counter[int] = Counter()
    mentions: Counter[int] = Counter()
    for g in groups:
        mentions[g.document_id] += g.count
        cues = evidence.get(g.key)
        if cues is not None and cues.sport_cues:
            cued[g.document_id] += cues.sport_cues
    return {d: cued[d] / n for d, n in mentions.items() if n}


@reaches("word", "document", corpus=["story_graph", "form_counts", "type_context"])
def place_senses_by_match_reports(corpus: Corpus, decisions: Decisions) -> set[GroupKey]:
    """ "Varnholm" the town in news stories and the club in match reports that never name it: a
    one-word place name that may stand for a club (:func:`_club_place_words`), written in
    :data:`MATCH_REPORTS_MIN` match reports or more (:data:`MATCH_REPORT_MIN_SHARE`) and there
    almost never as a place (:data:`MATCH_REPORT_MAX_PLACE_CUES`: a host city is written "in
    X" in its reports), has two senses, one per story (:func:`_story_senses`): its groups left
    alone in a club's story go to a club of that name (ORG), those in a place's story to the
    place (GPE), those of other stories to the sense of most of its mentions
    (:func:`_usual_sense`); a group written as a place in a club's story stays with the word,
    which joins the sense of its type (same name, same type). Returns the groups given."""
    by_place = _groups_left_of(corpus, decisions, _club_place_words(corpus))
    needed = {g.document_id for members in by_place.values() for g in members}
    in_needed = [g for g in corpus.groups if g.document_id in needed]
    sport = sport_shares(in_needed, corpus.evidence)
    candidates = {
        key: members
        for key, members in sorted(by_place.items())
        if _club_in_match_reports(members, sport, corpus.evidence)
    }
    if not candidates:
        return set()
    linked = {g.document_id for members in candidates.values() for g in members}
    actors = _actors_by_document(
        [g for g in in_needed if g.document_id in linked],
        corpus.form_of,
        corpus.uf,
        decisions.assignment,
    )
    given: set[GroupKey] = set()
    for key, members in candidates.items():
        own = corpus.uf.find(key)
        stories = {d: set(actors[d]) - {own} for d in sorted({g.document_id for g in members})}
        senses = _story_senses(members, sport, linked_stories(stories, PLACE_SENSE_MIN_SHARED))
        given |= _give_senses(key, members, senses, corpus.evidence, decisions)
    return given


def _place_words_leading_a_name(corpus: Corpus) -> list[str]:
    """One-word place names that may stand for a club (:func:`_may_stand_for_a_club`) and that
    a two-word name of the corpus begins with, sorted: a word no such name begins with names
    no club."""
    forms = corpus.forms
    heads = {f.tokens[0] for f in forms.values() if len(f.tokens) == 2 and not f.acronym}
    return [
        key
        for key, form in sorted(forms.items())
        if key in heads and _may_stand_for_a_club(key, form, corpus.context)
    ]


def _club_place_words(corpus: Corpus) -> set[str]:
    """The place words of :func:`_place_words_leading_a_name` but a country within a country:
    England's team is England, as France's is France."""
    return {key for key in _place_words_leading_a_name(corpus) if not is_constituent_country(key)}


def _groups_left_of(
    corpus: Corpus, decisions: Decisions, words: set[str]
) -> dict[str, list[SurfaceGroup]]:
    """Form → its groups no rule gave away yet, for the forms ``words``."""
    found: dict[str, list[SurfaceGroup]] = defaultdict(list)
    if words:
        for g in corpus.groups:
            if corpus.form_of[g.text] in words and g.key not in decisions.assignment:
                found[corpus.form_of[g.text]].append(g)
    return found


def _give_senses(
    key: str,
    members: list[SurfaceGroup],
    senses: Mapping[int, str],
    evidence: Mapping[GroupKey, GroupEvidence],
    decisions: Decisions,
) -> set[GroupKey]:
    """Each group of a place word to the sense of its story (:func:`sense_key`), or of most
    mentions; a group written as a place in a club's story stays."""
    usual = _usual_sense(members, senses)
    given = set()
    for g in members:
        sense = senses.get(g.document_id, usual)
        if sense == "club" and _written_as_a_place(g, evidence):
            continue  # "fans in Varnholm": the town, even in a match report
        decisions.assignment[g.key] = sense_key(key, sense)
        decisions.reasons[g.key] = f"place word: the {sense} (its stories are {_STORY_KIND[sense]})"
        given.add(g.key)
    return given


def _place_cued(key: GroupKey, evidence: Mapping[GroupKey, GroupEvidence]) -> bool:
    """Whether any of a group's mentions has a place cue ("in X", "X, a city")."""
    return (cues := evidence.get(key)) is not None and cues.place_cues > 0


def _written_as_a_place(g: SurfaceGroup, evidence: Mapping[GroupKey, GroupEvidence]) -> bool:
    """Whether most of a group's mentions have a place cue."""
    return (cues := evidence.get(g.key)) is not None and cues.place_cues * 2 > g.count


def _club_in_match_reports(
    members: list[SurfaceGroup],
    sport: Mapping[int, float],
    evidence: Mapping[GroupKey, GroupEvidence],
) -> bool:
    """Whether a place word is written in :data:`MATCH_REPORTS_MIN` match reports or more, and
    almost never as a place there (:data:`MATCH_REPORT_MAX_PLACE_CUES`)."""
    in_reports = [g for g in members if sport.get(g.document_id, 0.0) >= MATCH_REPORT_MIN_SHARE]
    if len({g.document_id for g in in_reports}) < MATCH_REPORTS_MIN:
        return False
    placed = sum(_place_cued(g.key, evidence) for g in in_reports)
    return placed <= MATCH_REPORT_MAX_PLACE_CUES * len(in_reports)


def _usual_sense(members: Iterable[SurfaceGroup], senses: Mapping[int, str]) -> str:
    """The sense most of a place word's mentions take in the stories :func:`_story_senses`
    decided: a story of neither sense (a club's business story, labelled an organisation)
    takes it."""
    counts: Counter[str] = Counter()
    for g in members:
        if g.document_id in senses:
            counts[senses[g.document_id]] += g.count
    return "club" if counts["club"] > counts["place"] else "place"


def _story_senses(
    members: list[SurfaceGroup], sport: Mapping[int, float], linked: list[list[int]]
) -> dict[int, str]:
    """Story → the sense of a place word there: "club" in a story with any sports word, "place"
    in one with none where the model calls the word a place (:func:`_labelled_a_place`); a set
    of stories linked by the actors they share (``linked``: the story groups of
    :func:`places_standing_for_clubs`, which never mixed a city and its club on BBC) takes the
    sense of most of its stories (a transfer story with no sports word beside its club's
    reports). Stories of neither sense are left out."""
    placed = _labelled_a_place(members)
    own: dict[int, str] = {}
    for d in {g.document_id for g in members}:
        if sport.get(d, 0.0) > 0.0:
            own[d] = "club"
        elif d in placed:
            own[d] = "place"
    senses = dict(own)
    for part in linked:
        top = Counter(own[d] for d in part if d in own).most_common(2)
        if len(top) == 1 or (top and top[0][1] > top[1][1]):  # a tie decides nothing
            senses.update(dict.fromkeys(part, top[0][0]))
    return senses


@reaches("form")
def _labelled_a_place(members: Iterable[SurfaceGroup]) -> set[int]:
    """The stories where the model calls a word a place (GPE, LOC) at least as often as an
    organisation: a story about a club's business ("X's chief executive") has no sports word,
    but the model labels its club an organisation there."""
    balance: Counter[int] = Counter()
    for g in members:
        if g.label in PLACE_LABELS:
            balance[g.document_id] += g.count
        elif g.label == "ORG":
            balance[g.document_id] -= g.count
    return {d for d, n in balance.items() if n >= 0}


@reaches("form")
def type_place_senses(clustering: Clustering, decisions: Decisions) -> None:
    """Clusters made only of a place word's groups of one sense take that sense's type (the
    model's labels are the word's: "Varnholm" GPE in a match report)."""
    sense_of = {
        key: target.rsplit(_SENSE_MARK, 1)[1]
        for key, target in decisions.assignment.items()
        if isinstance(target, str) and _SENSE_MARK in target
    }
    if not sense_of:
        return
    for index, members in enumerate(clustering.clusters):
        if not members or members[0].key not in sense_of or clustering.types[index] is not None:
            continue  # a cluster of one sense's groups only: its first one among them
        senses = {sense_of.get(g.key) for g in members}
        if len(senses) == 1 and (sense := senses.pop()) is not None:
            clustering.types[index] = _SENSE_TYPES_OF[sense]


#: Two stories are of one community for :func:`short_names_by_community` when this share of
#: the actors they name is shared (Jaccard): stricter than a place word's, since a short name
#: such as a competition's is written in stories of every sport, linked by the countries and
#: cities they share.
SENSE_MIN_SHARED = 0.2
#: Stories a short name and each longer name it may stand for must be written in: a name
#: written once may be a span cut wrong ("New Southampton"), and one story has no community.
SENSE_MIN_STORIES = 2

#: Kinds of longer name a short form of each type may stand for by its stories' community: the
#: same type, or an organisation named after a place or an organisation ("Edinburgh Rugby").
_SENSE_TYPES = {
    "EVENT": frozenset({"EVENT"}),
    "ORG": frozenset({"ORG"}),
    "GPE": frozenset({"ORG"}),
    "LOC": frozenset({"ORG"}),
}


@reaches("word", "document", corpus=["story_graph", "form_counts", "type_context", "gazetteer"])
def short_names_by_community(
    corpus: Corpus, decisions: Decisions, excluded: Iterable[str] = ()
) -> set[GroupKey]:
    """ "World Cup" in rugby stories that write "Rugby World Cup" beside football stories that
    never do: a short name (no person's, acronym or country) whose stories fall into separate
    communities stands, in one community, for the longer name ending with it
    (:func:`_longer_names_containing`) that the community writes. A community: the short
    name's stories and those writing such a longer name, linked when they name the same other
    actors (Jaccard of at least :data:`SENSE_MIN_SHARED`, single linkage, as in
    :func:`places_standing_for_clubs`). The name must be written in more than half of the
    community's stories writing any such name; a community where a story leaves the short
    name apart beside that name (a name of its own there) or where a place cue ("in X")
    surrounds a place name keeps the short name. Elsewhere it stays. Corpus-wide, like the
    other rules reading every story: the incremental resolver clusters everything again.
    ``excluded``: names left to other rules (gazetteer names, office words, the head nouns of
    ``type_cues.toml``: "Council" is whichever council the story is about). Returns the groups
    it gave away."""
    form_of, forms, uf, evidence = corpus.form_of, corpus.forms, corpus.uf, corpus.evidence
    assignment, reasons = decisions.assignment, decisions.reasons
    given: set[GroupKey] = set()
    possessive = {form_of[text] for text in form_of if "'s " in text or "’s " in text}
    longer_of = _longer_names_containing(forms, uf, set(excluded), possessive)
    if not longer_of:
        return given
    needed = {
        d for key, longer in longer_of.items() for k in (key, *longer) for d in forms[k].documents
    }
    in_needed = [g for g in corpus.groups if g.document_id in needed]
    actors = _actors_by_document(in_needed, form_of, uf, assignment)
    groups_of: dict[str, list[GroupKey]] = defaultdict(list)
    for g in in_needed:
        if form_of[g.text] in longer_of:
            groups_of[form_of[g.text]].append(g.key)
    for key, longer in sorted(longer_of.items()):
        own = uf.find(key)
        written: dict[int, set[object]] = defaultdict(set)
        for other in longer:
            for d in forms[other].documents:
                written[d].add(uf.find(other))
        documents = set(forms[key].documents) | written.keys()
        stories = {d: set(actors[d]) - {own} for d in sorted(documents)}
        apart = _stories_keeping_it_apart(corpus, key, groups_of[key], written, assignment)
        for part in linked_stories(stories, SENSE_MIN_SHARED):
            target = _the_community_name([written.get(d, set()) for d in part])
            if target is None or any(target in apart.get(d, ()) for d in part):
                continue
            in_part = set(part)
            members = [m for m in groups_of[key] if m[0] in in_part and m not in assignment]
            if forms[key].type in PLACE_LABELS and any(
                (e := evidence.get(m)) is not None and e.place_cues for m in members
            ):
                continue
            for member in members:
                assignment[member] = target
                reasons[member] = "short name: the longer name its stories' community writes"
                given.add(member)
    return given


@reaches("form", corpus=["form_counts"])
def name_after_the_longer_names(
    clustering: Clustering, given: set[GroupKey], form_of: Mapping[str, str]
) -> None:
    """A cluster that took a short name's groups by their stories' community is named by its
    other forms ("Rugby World Cup", however often its stories write "World Cup"): with the
    short name's display it would show the short name's own actor's name, and the same-name
    rule would put them together again."""
    if not given:
        return
    texts = {key[1] for key in given}
    for index, members in enumerate(clustering.clusters):
        if clustering.names[index] is not None or not any(g.text in texts for g in members):
            continue
        short = {form_of[g.text] for g in members if g.key in given}
        if short:
            rest = surface_counts(g for g in members if form_of[g.text] not in short)
            if rest:
                clustering.names[index] = display_name(rest)


def _the_community_name(written: list[set[object]]) -> object | None:
    """The longer name written in most of a community's stories that write any, when it is
    written in more than half of them ("Rugby World Cup" beside one story's "World Cup
    Tests")."""
    counts = Counter(root for roots in written for root in roots)
    writing = sum(1 for roots in written if roots)
    if not counts:
        return None
    (first, n), *rest = counts.most_common(2) + [(None, 0)]
    return first if n * 2 > writing and n > rest[0][1] else None


def _stories_keeping_it_apart(
    corpus: Corpus,
    key: str,
    members: Iterable[GroupKey],
    written: Mapping[int, set[object]],
    assignment: Mapping[GroupKey, object],
) -> dict[int, set[object]]:
    """Story → the longer name it writes beside the short one, the only one containing it,
    while the story's own rules left the short one apart ("Google" beside "Google Video": a
    name of its own there)."""
    apart: dict[int, set[object]] = {}
    words = key.split()
    for member in members:
        roots = written.get(member[0], set())
        if len(roots) != 1 or assignment.get(member) in roots:
            continue
        containing = [
            other
            for other in corpus.by_document[member[0]].get(words[0], ())
            if other != key and is_subsequence(words, other.split())
        ]
        if len(containing) == 1:
            apart[member[0]] = roots
    return apart


#: Words that put a name's head before them ("Bank of America", "University at Buffalo").
_LINKING_WORDS = ACRONYM_SKIP | {"at", "to", "from", "by", "with", "for"}


def _longer_names_containing(
    forms: Mapping[str, Form], uf: UnionFind, excluded: set[str], possessive: set[str]
) -> dict[str, list[str]]:
    """Short form → the longer names of two or more documents ending with it, in another
    cluster, of a kind it may stand for (:data:`_SENSE_TYPES`): a kind of the short name
    ("Rugby World Cup"), English names putting their head last. Not a name led by another
    actor's name or a possessive ("Microsoft Windows", "Henry's Arsenal": the short name's
    own actor, owned), nor one whose head comes before a linking word ("Bank of America")."""
    found: dict[str, list[str]] = defaultdict(list)
    for key, longer in forms.items():
        tokens = longer.tokens
        if len(tokens) < 2 or len(longer.documents) < SENSE_MIN_STORIES or longer.acronym:
            continue  # a name written once may be a span cut wrong ("New Southampton")
        for size in range(1, len(tokens)):
            lead = tokens[:-size]
            if any(word in _LINKING_WORDS for word in lead):
                break
            short = " ".join(tokens[-size:])
            form = forms.get(short)
            if form is None or longer.type not in _SENSE_TYPES.get(form.type, ()):
                continue
            if short in excluded or " ".join(lead) in forms or not _may_have_senses(short, form):
                continue
            if key in possessive or compound_name(longer, forms):
                break
            if uf.find(short) != uf.find(key):
                found[short].append(key)
    return found


def _may_have_senses(key: str, form: Form) -> bool:
    """A short name of :data:`SENSE_MIN_STORIES` documents or more, no acronym and no
    country's name."""
    return (
        len(form.documents) >= SENSE_MIN_STORIES and not form.acronym and country_code(key) is None
    )


def _stories_of_two_word_names(
    forms: Mapping[str, Form], acronym_led: frozenset[str]
) -> dict[str, set[int]]:
    """Word → the documents writing a two-word name that begins with it ("Edinburgh Rugby"):
    a club's own stories, which link the stories calling it by its place alone to its name."""
    found: dict[str, set[int]] = defaultdict(set)
    for key, form in forms.items():
        if (
            len(form.tokens) == 2
            and form.type == "ORG"
            and not form.acronym
            and key not in acronym_led
        ):
            found[form.tokens[0]].update(form.documents)
    return found


def _may_stand_for_a_club(key: str, form: Form, context: TypeContext) -> bool:
    """A one-word place name of :data:`WORD_STORIES_MIN` documents or more, no country: typed GPE, or typed ORG
    and known as a place (the model's labels of a city with clubs are split)."""
    if len(form.tokens) != 1 or form.acronym or len(form.documents) < WORD_STORIES_MIN:
        return False
    if form.type != "GPE" and not (form.type == "ORG" and context.known_place(key, corpus=False)):
        return False
    return country_code(key) is None


def _names_written_on(
    key: str,
    members: Iterable[GroupKey],
    evidence: Mapping[GroupKey, GroupEvidence],
    forms: Mapping[str, Form],
) -> set[str]:
    """Two-word names of the corpus the word's mentions are written on with ("Varnholm" followed
    by "Otters" where the model cut "Varnholm Otters" short)."""
    written = set()
    for member in members:
        cues = evidence.get(member)
        for continuation in cues.continuations if cues is not None else ():
            other = form_key(f"{key} {continuation.split()[0]}")
            if other in forms and len(forms[other].tokens) == 2 and not forms[other].acronym:
                written.add(other)
    return written


def _actors_by_document(
    groups: list[SurfaceGroup],
    form_of: dict[str, str],
    uf: UnionFind,
    assignment: Mapping[GroupKey, object],
) -> dict[int, tuple[object, ...]]:
    """Document → the actors (clusters so far) its names belong to, each once."""

    def actor(g: SurfaceGroup) -> object:
        target = assignment.get(g.key)
        return target if target is not None else uf.find(form_of[g.text])

    return distinct_by_document(groups, actor)


def linked_stories(stories: Mapping[int, set[object]], threshold: float) -> list[list[int]]:
    """Sets of documents linked, directly or through others, by a Jaccard of at least
    ``threshold`` between the actors they name (single linkage); only sets of two or more,
    in the order of their first documents.

    Pairs are counted through an index of actors, so documents sharing none cost nothing;
    each pair once, against the documents before it (the index as it grows). Only actors named
    in two documents or more are indexed (most are named in one: they count in a document's
    size, never in what two share). Called for every entity by the review queue: the sets'
    roots are plain document ids (no :class:`UnionFind` ranks to compute)."""
    parent = {d: d for d in stories}

    def root(d: int) -> int:
        while parent[d] != d:
            parent[d] = d = parent[parent[d]]
        return d

    named_in = Counter(chain.from_iterable(stories.values()))
    repeated = {actor for actor, n in named_in.items() if n > 1}
    size = {d: len(named) for d, named in stories.items()}
    earlier_with_actor: dict[object, list[int]] = defaultdict(list)
    for a, named in stories.items():
        met: list[int] = []
        for actor in named & repeated:
            earlier = earlier_with_actor[actor]
            met += earlier
            earlier.append(a)
        if not met:
            continue
        own = size[a]
        for b, n in Counter(met).items():
            if n >= threshold * (own + size[b] - n):
                parent[root(a)] = root(b)
    parts: dict[int, list[int]] = defaultdict(list)
    for d in stories:
        parts[root(d)].append(d)
    return [sorted(part) for part in parts.values() if len(part) > 1]


def _the_club_of_stories(
    corpus: Corpus,
    key: str,
    stories: list[int],
    acronym_led: frozenset[str],
    written: Iterable[str] = (),
) -> object | None:
    """The one actor whose two-word name begins with the word ``key`` in these stories (a club's
    shape, as "Real Madrid" ends with its place in :func:`club_of_place`; "London Stock
    Exchange" in business stories is something in the city, not what "London" stands for)."""
    forms, uf, by_document = corpus.forms, corpus.uf, corpus.by_document
    roots = {
        uf.find(other)
        for d in stories
        for other in by_document[d].get(key, ())
        if len(forms[other].tokens) == 2
        and forms[other].tokens[0] == key
        and other not in acronym_led
    } | {uf.find(other) for other in written}
    return roots.pop() if len(roots) == 1 else None
