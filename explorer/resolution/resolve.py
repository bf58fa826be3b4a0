"""Actor resolution: cluster surface forms into one entity per real-world actor.

The clustering is a pure function of the stored surface groups (no SQL here); the service that
loads them, re-applies curation and writes the result back is :mod:`explorer.pipeline.resolution`.

The rules live in one module a family: :mod:`~explorer.resolution.spelling` (steps 3 and 6),
:mod:`~explorer.resolution.name_parts` (people's names and their parts, step 4),
:mod:`~explorer.resolution.organisations` (organisations' names, the gazetteer, acronyms) and
:mod:`~explorer.resolution.stories` (rules decided by stories); what they share (forms, the
union-find, the :class:`~explorer.resolution.corpus_forms.Corpus` every rule is given) is
:mod:`~explorer.resolution.corpus_forms`. This module builds the corpus and applies the rules in
order (:func:`cluster_groups`), then makes the entities.

How it decides, in order (each step is deterministic and independent of document order):

1. Every surface gets a *form*: its matching key without Arabic articles ("Fayez al-Sarraj's"
   → ``fayez sarraj``). Mentions with the same form are the same actor, whatever their labels
   (a country's code written as a word, "Us", is a form apart from "US" where the corpus writes
   the code in capitals: :func:`~explorer.resolution.corpus_forms.codes_written_as_words`).
2. Gazetteer names pin their forms to a known actor; two known actors never merge, not even by
   one group (:func:`_another_listed_actor`); a peer titled after a place ("Lord Liverpool")
   is a person apart (:func:`peer_named_after`). Every other
   form gets a type from evidence (:mod:`explorer.resolution.entity_types`), which the rules
   below compare.
3. Full names (forms of two or more words) join their spelling variants: same consonant
   skeleton word by word (:func:`translit_skeleton`), same vowel pattern, and a rapidfuzz
   score of at least :data:`VARIANT_MIN_SCORE` ("Khalifa Hifter" ~ "Khalifa Haftar"); when
   only the last word differs, its vowels must agree up to a/e/i/y swaps ("David Davies" is
   not "David Davis"); first names of different genders never ("Diane"/"Danny"), while a
   nickname joins its name when the surname has no other first names ("Steve"/"Steven"). A
   full name also joins the unique longer name it is part of ("Tayyip Erdogan" ⊂ "Recep Tayyip
   Erdogan"). Names of one country join ("Britain", "UK", "United Kingdom"), and so do an
   organisation's or group's plural and singular ("Lib Dems" ~ "Lib Dem"):
   :mod:`explorer.resolution.forms`.
4. A name the model cut short ("BBC" written "BBC One") follows the longer name it heads
   (:func:`continued_name`). A part of a name ("Merkel", "Foreign Ministry", "United") joins
   the longer name it is part of in the same document, when exactly one actor there fits (a
   person's part must include the surname, or be the untitled first name: "Paula" of "Paula
   Radcliffe"); a surname several people of its story bear joins the one whose given name is
   written right before it, else the one named in full last before it
   (:func:`nearest_named_bearer`); failing that, a one-word surname joins a person of the
   corpus by evidence (:class:`People`): the only one with that surname (or a transliteration
   of it with the same vowels, unless both are long and very close: :func:`surname_variants`), else the one
   the document's other actors point to, else the one holding the great majority of the
   surname's full-name mentions; a word that is mostly a first name ("David") joins nobody
   this way. Otherwise it stays an actor of its own. "Mrs X" never joins a man, nor "Mr X" a
   woman (:mod:`explorer.resolution.people`); "Mr Howard" and "Mrs Howard" in one story are
   two surface groups (the honorific's gender is part of the key, ``SurfaceGroup.gender``),
   each joining a person of its own gender or nobody. Office words ("Trade" of "Trade Minister")
   join nothing. Also by the document: a surname the model calls a place
   (:func:`surname_called_a_place`), half a hyphenated surname, an initial and a surname
   (:func:`initial_target`), a first name the corpus writes first in full names
   (:meth:`People.corpus_first_name`), "Sir" + a first name; and a one-word organisation name
   goes to the one longer name every document writing both agrees on
   (:func:`short_organisation_names`). By stories: a place word stands for the club its
   stories name (:func:`places_standing_for_clubs`), and where none is named, for a club of
   its own name in match reports and for the place in stories with no sports word
   (:func:`place_senses_by_match_reports`).
5. Acronyms join their expansion ("UN" ~ "United Nations"), preferring an expansion in the same
   document, else the only one in the corpus.
6. One-word names left alone join their own spelling variants (stricter score), unless their
   documents name other actors and those disagree ("Celltick" is not "Celtic").
7. Clusters that would show the same name with the same type become one.
8. The user's curation decisions are re-applied on top (see :mod:`explorer.resolution.decisions`).

An entity's type comes from the evidence over all its mentions
(:func:`explorer.resolution.entity_types.infer_type`: countries, head nouns, titles, given
names, known places, context, then the majority label); a gazetteer actor's type or the user's
wins over it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from explorer.normalize import matching_key
from explorer.resolution import forms as form_rules
from explorer.resolution.clusters import Clustering, ResolvedEntity, SurfaceGroup
from explorer.resolution.corpus_forms import (
    PLACE_LABELS,
    Corpus,
    Decisions,
    Form,
    MentionStart,
    UnionFind,
    acronym_of,
    arabic_article_inside,
    codes_written_as_words,
    display_name,
    form_key,
    group_gender,
    last_word_tokens,
    long_forms_by_document,
    looks_like_acronym,
    person_starts_by_form,
    root_rank,
    surface_counts,
)
from explorer.resolution.entity_types import (
    TYPE_PREFERENCE,
    EntityTyper,
    TypeVotes,
    build_context,
    majority_type,
)
from explorer.resolution.evidence import GroupEvidence, GroupKey
from explorer.resolution.form_totals import FormTotals
from explorer.resolution.lexicon import type_cues
from explorer.resolution.name_parts import (
    People,
    continued_name,
    first_names_by_headline,
    first_names_of_people_in_their_document,
    initial_and_surname,
    initial_target,
    join_contained_full_names,
    join_nicknames,
    nearest_named_bearer,
    part_target,
    peer_named_after,
    surname_called_a_place,
)
from explorer.resolution.organisations import (
    acronym_index,
    acronym_target,
    add_gazetteer_forms,
    expansions_written_beside,
    gazetteer_index,
    join_clipped_names,
    join_dropped_prefixes,
    join_forms_of_one_actor,
    listed_name_stays,
    short_organisation_names,
)
from explorer.resolution.reach import clustering_step, reaches
from explorer.resolution.spelling import (
    SHORT_VARIANT_MIN_SCORE,
    VARIANT_MIN_SCORE,
    coordinated_forms,
    epithet_free_forms,
    join_full_name_variants,
    join_glued_names,
    join_middle_name_variants,
    join_short_variants,
    spelling_variants,
    surname_variants,
)
from explorer.resolution.stories import (
    club_of_place,
    name_after_the_longer_names,
    one_sense_per_story,
    place_senses_by_match_reports,
    places_standing_for_clubs,
    short_names_by_community,
    type_place_senses,
)

__all__ = [
    "SHORT_VARIANT_MIN_SCORE",
    "TYPE_PREFERENCE",
    "VARIANT_MIN_SCORE",
    "acronym_of",
    "display_name",
    "form_key",
    "looks_like_acronym",
    "majority_type",
    "spelling_variants",
    "surname_variants",
]  # re-exported: callers outside the package import them here


def cluster_surface_groups(
    groups: Iterable[SurfaceGroup],
    actors: Sequence = (),
    evidence: Mapping[GroupKey, GroupEvidence] | None = None,
    headlines: Mapping[int, str] | None = None,
    starts: Mapping[GroupKey, Sequence[MentionStart]] | None = None,
) -> list[ResolvedEntity]:
    """Resolve surface groups into entities (see the module docstring for the rules)."""
    return build_entities(cluster_groups(groups, actors, evidence, headlines, starts=starts))


def cluster_groups(
    groups: Iterable[SurfaceGroup],
    actors: Sequence = (),
    evidence: Mapping[GroupKey, GroupEvidence] | None = None,
    headlines: Mapping[int, str] | None = None,
    totals: FormTotals | None = None,
    starts: Mapping[GroupKey, Sequence[MentionStart]] | None = None,
) -> Clustering:
    """Cluster surface groups; ``evidence`` holds each group's contextual type cues
    (:mod:`explorer.resolution.evidence`), absent for groups without any; ``headlines`` each
    document's title, where it has one (a story's bare first name may join the person its
    headline names); ``totals``, the same groups' form totals kept as documents came and went
    (:class:`~explorer.resolution.form_totals.FormTotals`), read instead of counting every
    group (the result is the same: ``tests/test_form_totals.py``); ``starts``, the PERSON
    groups' mentions' offsets and the words right before them, where known (a bare surname
    shared by several people of its story joins the one named in full last before it).

    The steps, in the module docstring's order: the corpus and its forms' types
    (:func:`_corpus_of`), the joins of whole forms (:func:`_join_whole_forms`), each group's
    actor by its own document (:func:`_decide_by_documents`), the decisions by stories and by
    the corpus (:func:`_decide_by_stories`), then the clusters (:func:`_clusters_of`)."""
    corpus, typer, form_votes = _corpus_of(
        sorted(groups, key=lambda g: g.key), actors, evidence, totals, starts or {}
    )
    _join_whole_forms(corpus, typer, form_votes)
    people = People(corpus)
    work_titles = _work_titles(corpus.evidence)
    acronym_led = frozenset(corpus.form_of[text] for text in _acronym_led_texts(corpus.groups))
    decisions = _decide_by_documents(corpus, people, work_titles, acronym_led)
    senses = _decide_by_stories(
        corpus, decisions, typer, people, headlines or {}, work_titles, acronym_led
    )
    return _clusters_of(corpus, decisions, typer, senses, actors)


@clustering_step
def _corpus_of(
    groups: list[SurfaceGroup],
    actors: Sequence,
    evidence: Mapping[GroupKey, GroupEvidence] | None,
    totals: FormTotals | None = None,
    starts: Mapping[GroupKey, Sequence[MentionStart]] | None = None,
) -> tuple[Corpus, EntityTyper, dict[str, TypeVotes]]:
    """Steps 1-2: every group's form, the gazetteer's names pinned to their actors, every
    form's type; returns the corpus the rules read, the typer and each form's type votes.
    The forms' counts come from ``totals`` when given, else from the groups."""
    evidence = evidence or {}
    form_of = codes_written_as_words({g.text: form_key(g.text) for g in groups})
    if totals is not None:
        forms, form_votes = totals.forms_and_votes(form_of)
    else:
        forms, form_votes = _form_totals(groups, form_of, evidence)
    gazetteer = gazetteer_index(actors)
    add_gazetteer_forms(forms, gazetteer, actors)
    typer = _type_forms(forms, form_votes, form_of, evidence, gazetteer, actors)
    office_words = form_rules.office_words(form_votes)
    uf = UnionFind()
    for key in forms:
        uf.find(key)
        if key in gazetteer:
            uf.union(("actor", gazetteer[key]), key)
            uf.reasons.setdefault(key, "gazetteer")
    long_forms = sorted(k for k, f in forms.items() if len(f.tokens) > 1 and not f.acronym)
    by_document = long_forms_by_document(groups, form_of, forms)
    corpus = Corpus(
        groups,
        form_of,
        forms,
        uf,
        long_forms,
        by_document,
        evidence,
        gazetteer,
        office_words,
        typer.context,
        person_starts_by_form(starts or {}, form_of),
    )
    return corpus, typer, form_votes


@clustering_step
def _join_whole_forms(
    corpus: Corpus, typer: EntityTyper, form_votes: Mapping[str, TypeVotes]
) -> None:
    """Step 3: forms joined whole (spelling variants, names inside longer ones, nicknames,
    names of one actor, dropped prefixes, clipped names); a clip's groups do not vote on its
    entity's type."""
    join_full_name_variants(corpus)
    join_glued_names(corpus)
    coordinated = coordinated_forms(corpus)
    join_middle_name_variants(
        corpus, [k for k in corpus.long_forms if k not in coordinated], epithet_free_forms(corpus)
    )
    join_contained_full_names(corpus)
    join_nicknames(corpus)
    join_forms_of_one_actor(corpus, form_votes)
    join_dropped_prefixes(corpus)
    typer.borrowed.update(join_clipped_names(corpus))


@clustering_step
def _decide_by_documents(
    corpus: Corpus,
    people: People,
    work_titles: frozenset[GroupKey],
    acronym_led: frozenset[str],
) -> Decisions:
    """Steps 4-5 for each group: a peer titled after a place is a person apart; a gazetteer's
    several-word name and an office word stay as they are; any other group joins the actor its
    document points to (:func:`_document_target`), never another listed actor."""
    decisions = Decisions()
    expansions = acronym_index(corpus)
    written_beside = expansions_written_beside(corpus, expansions)
    for g in corpus.groups:
        key = corpus.form_of[g.text]
        form = corpus.forms[key]
        peer = peer_named_after(g, key, form)
        if peer is not None:
            decisions.assignment[g.key] = peer
            decisions.reasons[g.key] = "peerage title: a person, not what the word names"
            continue
        if (key in corpus.gazetteer and len(form.tokens) > 1) or key in corpus.office_words:
            continue
        found = _document_target(
            corpus, g, people, (expansions, written_beside), work_titles, acronym_led
        )
        if found is None:
            continue
        target, reason = found
        if target is not None and _another_listed_actor(corpus.uf, key, target, corpus.gazetteer):
            target = None
        if target is not None:
            decisions.assignment[g.key] = target
            decisions.reasons[g.key] = reason
    return decisions


@reaches("word", "document", corpus=["type_context"])
def _known_place_beside_an_organisation(corpus: Corpus, form: Form, nearby: list[str]) -> bool:
    """Whether a one-word form is a known place (a country or an ISO subdivision) in a document
    whose longer names holding it include an organisation's ("Wales" beside "BBC Wales"): the
    case :func:`part_target` checks with ``known_place``."""
    return (
        len(form.tokens) == 1
        and any(corpus.forms[other].type == "ORG" for other in nearby)
        and corpus.context.known_place(form.tokens[0], corpus=False)
    )


@clustering_step
def _document_target(
    corpus: Corpus,
    g: SurfaceGroup,
    people: People,
    acronyms: tuple[dict[str, set[object]], dict[str, object]],
    work_titles: frozenset[GroupKey],
    acronym_led: frozenset[str],
) -> tuple[object | None, str] | None:
    """The actor a group's own document points to and why (``None`` for the actor when there
    is none): the longer name it was cut from, an acronym's expansion, the name it is part of,
    the club named after a place, the person of a surname called a place, a surname's person
    in the corpus, or an initial's person. ``None`` when a listed organisation's name stays
    with its actor beside a longer name ("Labour" beside "Stevenage Labour Party")."""
    uf, forms, gazetteer = corpus.uf, corpus.forms, corpus.gazetteer
    key = corpus.form_of[g.text]
    form = forms[key]
    in_document = corpus.by_document[g.document_id]
    evidence = corpus.evidence.get(g.key)
    target = continued_name(uf, g, forms, evidence)
    if target is not None:
        return target, "name cut short"
    if form.acronym:
        expansions, written_beside = acronyms
        return acronym_target(corpus, key, in_document, expansions, written_beside), "acronym"
    # the document's full names holding the first word (each once: see LongFormsOfDocument)
    nearby = sorted(in_document.get(form.tokens[0], ())) if form.tokens else []
    work_title = g.key in work_titles and len(form.tokens) == 1
    known_place = _known_place_beside_an_organisation(corpus, form, nearby)
    target = part_target(uf, form, g, nearby, forms, people, work_title, known_place)
    if target is not None:
        if listed_name_stays(corpus, key, target, in_document):
            return None
        return target, "part of a name: same document"
    if not work_title:
        target = nearest_named_bearer(uf, form, g, nearby, forms, corpus.person_starts, people)
        if target is not None:
            return target, "surname: the nearest full name before it"
    if len(form.tokens) == 1:
        ending = sorted(in_document.get(form.tokens[0], ()))
        target = club_of_place(uf, form, ending, forms, evidence, acronym_led)
        if target is not None:
            return target, "place: the club named after it in its document"
        target = surname_called_a_place(uf, form, g, ending, forms, evidence, corpus.context)
        if target is not None:
            return target, "surname called a place: the document's person"
    if key not in gazetteer and len(form.tokens) == 1 and not work_title:
        target = people.surname_target(form, g)
        if target is not None:
            return target, people.reason
    if initial_and_surname(form):
        return initial_target(uf, form, in_document, forms, people)
    return None, ""


@clustering_step
def _decide_by_stories(
    corpus: Corpus,
    decisions: Decisions,
    typer: EntityTyper,
    people: People,
    headlines: Mapping[int, str],
    work_titles: frozenset[GroupKey],
    acronym_led: frozenset[str],
) -> set[GroupKey]:
    """Steps 4 and 6 decided by stories and the corpus: places standing for clubs, short
    organisation names, short names by community (their senses returned), first names by
    their document and headline, one sense per story, one-word spelling variants. Groups
    that stand for something else than their word do not vote on its type."""
    typer.borrowed.update(places_standing_for_clubs(corpus, decisions, acronym_led))
    place_senses_by_match_reports(corpus, decisions)
    short_organisation_names(corpus, decisions)
    senses = short_names_by_community(
        corpus, decisions, set(corpus.gazetteer) | corpus.office_words | set(type_cues().heads)
    )
    typer.borrowed.update(
        g for g in senses if corpus.forms[corpus.form_of[g[1]]].type in PLACE_LABELS
    )
    first_names_of_people_in_their_document(corpus, decisions, people, work_titles)
    first_names_by_headline(corpus, decisions, people, headlines, work_titles)
    one_sense_per_story(corpus, decisions)
    join_short_variants(corpus, decisions, people.share_context)
    return senses


@clustering_step
def _clusters_of(
    corpus: Corpus,
    decisions: Decisions,
    typer: EntityTyper,
    senses: set[GroupKey],
    actors: Sequence,
) -> Clustering:
    """Step 7: the clusters of the joins and decisions, named after their longer names, each
    group's reason (a form joined whole: its form's), clusters of one name and type merged."""
    clustering = _collect(corpus, decisions, actors)
    clustering.typer = typer
    name_after_the_longer_names(clustering, senses, corpus.form_of)
    type_place_senses(clustering, decisions)
    reasons = decisions.reasons
    for g in corpus.groups:  # forms joined whole: the reason of their form's join
        if g.key not in reasons and corpus.form_of[g.text] in corpus.uf.reasons:
            reasons[g.key] = corpus.uf.reasons[corpus.form_of[g.text]]
    clustering.reasons = reasons
    _merge_same_names(clustering, typer)
    return clustering


@reaches("form", corpus=["form_counts"])
def _form_totals(
    groups: list[SurfaceGroup],
    form_of: Mapping[str, str],
    evidence: Mapping[GroupKey, GroupEvidence],
) -> tuple[dict[str, Form], dict[str, TypeVotes]]:
    """Every form with what its groups say (labels, documents in the groups' order, whether it
    is an acronym or an Arabic name, its honorifics' genders) and its type votes
    (:func:`~explorer.resolution.entity_types.votes_by_form`'s), in one pass over the groups:
    the counts over the whole corpus that the ``form_counts`` input stands for, and the one
    place a partial re-cluster would read them from stored totals instead. What depends on a
    surface alone is asked once per distinct surface (a surface recurs in many documents)."""
    forms: dict[str, Form] = {}
    votes_of: dict[str, TypeVotes] = {}
    acronyms: dict[str, bool] = {}
    genders: dict[tuple[str, tuple[str, ...]], str | None] = {}
    for g in groups:
        text = g.text
        key = form_of[text]
        form = forms.get(key)
        if form is None:
            form = forms[key] = Form(tuple(key.split()))
            form.surname_words = last_word_tokens(text)
            votes = votes_of[key] = TypeVotes()
        else:
            votes = votes_of[key]
        count = g.count
        votes.add(text, g.label, key, count, evidence.get(g.key) if evidence else None)
        form.labels[g.label] += count
        if not form.documents or form.documents[-1] != g.document_id:  # groups by document
            form.documents.append(g.document_id)
        if not form.acronym:
            acronym = acronyms.get(text)
            if acronym is None:
                acronym = acronyms[text] = looks_like_acronym(text)
            form.acronym = acronym
        if not form.arabic_article and len(form.tokens) > 1:
            form.arabic_article = arabic_article_inside(text)
        if g.titles or " " in text:
            titled = (text, g.titles)
            if titled not in genders:
                genders[titled] = group_gender(g)  # a function of the surface and its titles
            gender = genders[titled]
            if gender:
                form.genders[gender] = form.genders.get(gender, 0) + count
    return forms, votes_of


@reaches("form")
def _acronym_led_texts(groups: Iterable[SurfaceGroup]) -> list[str]:
    """The surfaces of several words led by an acronym ("BBC One", "UN Security Council")."""
    return [
        text
        for text in dict.fromkeys(g.text for g in groups)
        if len(words := text.split()) > 1 and looks_like_acronym(words[0])
    ]


@reaches("form", corpus=["gazetteer"])
def _another_listed_actor(uf: UnionFind, key: str, target: object, gazetteer: Mapping) -> bool:
    """Whether a gazetteer name's group would go to another gazetteer actor ("Democrat" of the
    Democratic Party beside "Liberal Democrat" in one story, "Democrat John Kerry"): two listed
    actors never merge, a group of one included."""
    if key not in gazetteer:
        return False
    root = uf.find(target)
    return isinstance(root, tuple) and root != uf.find(key)


@reaches("form")
def _work_titles(evidence: Mapping[GroupKey, GroupEvidence]) -> frozenset[GroupKey]:
    """Surface groups written as a work's title in their document ("the biopic Ray", "their
    album X"): the model often calls a one-word title PERSON, but it is nobody's first name or
    surname there, so the person rules never give it to a person of the document."""
    return frozenset(key for key, cues in evidence.items() if cues.work_cues)


@reaches("form", corpus=["form_counts"])
def _merge_same_names(clustering: Clustering, typer: EntityTyper) -> None:
    """Clusters that would show the same name with the same type become one ("World Cup" as a
    part of "World Cup Finals" in one document and alone in others): an analyst sees two rows
    of one actor otherwise. Runs before curation, so a user's split stays split."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for index, members in enumerate(clustering.clusters):
        name = clustering.names[index] or display_name(surface_counts(members))
        by_name[matching_key(name) or name.casefold()].append(index)
    for indexes in by_name.values():
        if len(indexes) < 2:
            continue
        by_type: dict[str, list[int]] = defaultdict(list)
        for index in indexes:
            entity_type = clustering.types[index] or typer.decide(clustering.clusters[index]).type
            by_type[entity_type].append(index)
        for same in by_type.values():
            keep = next(
                (i for i in same if clustering.names[i] is not None),
                next((i for i in same if clustering.types[i] is not None), same[0]),
            )  # a name, else a type, set by a rule stays
            for index in same:
                if index != keep and clustering.names[index] is None:
                    clustering.clusters[keep].extend(clustering.clusters[index])
                    clustering.clusters[index] = []


@reaches("form", corpus=["form_counts", "type_context"])
def _type_forms(
    forms: dict[str, Form],
    form_votes: Mapping[str, TypeVotes],
    form_of: dict[str, str],
    evidence: Mapping[GroupKey, GroupEvidence],
    gazetteer: dict[str, int],
    actors: Sequence,
) -> EntityTyper:
    """Give every form its type from evidence (:mod:`explorer.resolution.entity_types`);
    gazetteer names take their actor's type. Returns the typer for the entities."""
    gazetteer_types = {key: actors[index].type for key, index in gazetteer.items()}
    context = build_context(form_votes, gazetteer_types)
    typer = EntityTyper(context, evidence, form_of, form_votes)
    for key, form in forms.items():
        if key in gazetteer_types:
            form.type = gazetteer_types[key]
        elif key in form_votes:
            form.type = typer.decide_form(key).type  # infer_type, memoised for the entities
            cues = form_votes[key].cues
            form.place_cues = cues.place_cues
            form.other_cues = cues.org_cues + cues.titled + cues.work_cues + cues.sport_cues
        else:
            form.type = majority_type(form.labels)
    return typer


@reaches("form")
def _collect(corpus: Corpus, decisions: Decisions, actors: Sequence) -> Clustering:
    form_of, uf, assignment = corpus.form_of, corpus.uf, decisions.assignment
    members: dict[object, list[SurfaceGroup]] = defaultdict(list)
    for g in corpus.groups:
        target = assignment.get(g.key)
        root = uf.find(target) if target is not None else uf.find(form_of[g.text])
        members[root].append(g)
    clusters, names, types = [], [], []
    for root in sorted(members, key=root_rank):
        clusters.append(members[root])
        if isinstance(root, tuple):
            actor = actors[root[1]]
            names.append(actor.name)
            types.append(actor.type)
        else:
            names.append(None)
            types.append(None)
    return Clustering(clusters, names, types)


# --------------------------------------------------------------------------- entities


def build_entities(clustering: Clustering) -> list[ResolvedEntity]:
    """Entities of a clustering; types not fixed by the gazetteer or curation come from the
    evidence (:class:`~explorer.resolution.entity_types.EntityTyper`) when the clustering
    carries it, else from the majority label."""
    typer = clustering.typer if isinstance(clustering.typer, EntityTyper) else None
    return [
        _entity_from(members, name, entity_type, typer, clustering.reasons)
        for members, name, entity_type in zip(
            clustering.clusters, clustering.names, clustering.types, strict=True
        )
        if members
    ]


def _entity_from(
    members: list[SurfaceGroup],
    name: str | None = None,
    entity_type: str | None = None,
    typer: EntityTyper | None = None,
    reasons: Mapping[GroupKey, str] | None = None,
) -> ResolvedEntity:
    """One entity (built for every cluster on every run: plain dicts and each member's key
    made once, as the counts and keys are all it reads)."""
    surfaces: dict[str, int] = {}
    labels: Counter[str] = Counter()
    for group in members:
        surfaces[group.text] = surfaces.get(group.text, 0) + group.count
        labels[group.label] = labels.get(group.label, 0) + group.count
    keys = [g.key for g in members]
    if entity_type is None:
        entity_type = typer.decide(members).type if typer else majority_type(labels)
    return ResolvedEntity(
        name=name or display_name(surfaces),
        type=entity_type,
        members=keys,
        aliases=[(s, matching_key(s)) for s in sorted(surfaces)],
        reasons={key: reasons[key] for key in keys if key in reasons} if reasons else {},
    )
