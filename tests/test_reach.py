"""What a change of the corpus reaches (issue 17.1, design (b)): rules declare their blocking
keys and corpus-wide inputs, a rule without a declaration makes the plan refuse (the full
re-cluster), and the dirty set holds the change, what shares a declared key with it, and the
whole of every entity it touches."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.resolution import reach, resolve, spelling
from explorer.resolution.reach import FAMILIES, dirty_groups, form_keys


def _keys(form: str, family: str) -> set[str]:
    return {value for kind, value in form_keys(form, {family}) if kind == family}


def test_a_surname_shares_a_word_with_the_full_name_and_a_reading_with_its_respelling() -> None:
    assert _keys("quellen", "word") <= _keys("zorvath quellen", "word")
    assert _keys("zorvath quelen", "reading") & _keys("zorvath quellen", "reading")
    assert not _keys("marbury", "word") & _keys("zorvath quellen", "word")


def test_a_plural_shares_a_word_with_its_singular_and_country_names_their_country() -> None:
    assert "dem" in _keys("lib dems", "word")
    assert _keys("germany", "country") == _keys("federal republic of germany", "country")
    assert not _keys("zorvath", "country")


def test_acronyms_come_from_the_given_function() -> None:
    assert ("acronym", "nlp") in form_keys("new lake party", {"acronym"}, resolve.acronym_of)
    assert ("acronym", "nlp") in form_keys("nlp", {"acronym"}, resolve.acronym_of)


def test_the_dirty_set_holds_what_shares_a_key_and_the_whole_of_each_reached_entity() -> None:
    forms = {
        "new": "quellen",  # the added document's surname
        "full": "zorvath quellen",  # shares the word: reached
        "nick": "zorry",  # the same stored entity as "full": reached by the closure
        "other": "marbury",  # shares nothing: untouched
        "neighbour": "ostrava",  # the added document's other name: reached by the document
    }
    documents = {"new": 9, "full": 1, "nick": 2, "other": 3, "neighbour": 9}
    entities = {"full": "E1", "nick": "E1", "other": "E2", "neighbour": "E3"}
    by_word = dirty_groups(forms, documents, entities, ["new"], {"word"})
    assert by_word == {"new", "full", "nick"}
    with_document = dirty_groups(forms, documents, entities, ["new"], {"word", "document"})
    assert with_document == {"new", "full", "nick", "neighbour"}
    through = dirty_groups(forms, documents, entities, ["new"], {"word"}, through_documents=True)
    assert through == {"new", "full", "nick", "neighbour"}  # "nick"'s document holds nobody else


def test_a_form_split_between_entities_is_reached_whole() -> None:
    """ "ostrava" the place (E2) and "ostrava" a club's short name (E3, in another document):
    reaching one of its entities reaches the form's other groups and their entity."""
    forms = {"new": "zorvath", "full": "zorvath ostrava", "place": "ostrava", "club": "ostrava"}
    forms |= {"club full": "fc banik ostrava"}
    documents = {"new": 9, "full": 1, "place": 1, "club": 2, "club full": 2}
    entities = {"full": "E1", "place": "E1", "club": "E3", "club full": "E3"}
    assert dirty_groups(forms, documents, entities, ["new"], {"form"}) == {"new"}
    assert dirty_groups(forms, documents, entities, ["new"], {"word"}) == set(forms)


def _module(tmp_path: Path, source: str, name: str = "invented_rules"):  # type: ignore[no-untyped-def]
    """A rules module written for the test, imported (its source readable by ``inspect``);
    declarations are kept by module and name, so each version of a rule needs a module of its
    own name."""
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_RULES = """
    from explorer.resolution.reach import reaches

    @reaches("word", corpus=["surname_index"])
    def join_parts(groups):
        return groups

    {decorator}
    def join_new_way(groups):
        return groups

    def cluster(groups):
        return join_new_way(join_parts(groups))
"""


_STEPPED_RULES = """
    from explorer.resolution.reach import clustering_step, reaches

    @reaches("word", corpus=["surname_index"])
    def join_parts(groups):
        return groups

    {decorator}
    def join_new_way(groups):
        return groups

    @clustering_step
    def join_all(groups):
        return join_new_way(join_parts(groups))

    def cluster(groups):
        return join_all(groups)
"""


def test_the_rules_a_step_calls_are_the_entry_points(tmp_path: Path) -> None:
    """A step of the entry point (its code under a name of its own) declares nothing: the rules
    it calls count as the entry point's, so an undeclared one still makes the plan refuse."""
    module = _module(tmp_path, _STEPPED_RULES.format(decorator=""), "stepped_rules")
    assert set(reach.rules_called(module, "cluster")) == {"join_new_way", "join_parts"}
    assert reach.plan(module, "cluster") is None
    source = _STEPPED_RULES.format(decorator='@reaches("document")')
    declared = _module(tmp_path, source, "declared_stepped_rules")
    plan = reach.plan(declared, "cluster")
    assert plan is not None and plan.families == {"word", "document"}


def test_a_rule_that_declares_nothing_makes_the_plan_refuse(tmp_path: Path) -> None:
    module = _module(tmp_path, _RULES.format(decorator=""))
    assert set(reach.rules_called(module, "cluster")) == {"join_new_way", "join_parts"}
    assert reach.undeclared(module, "cluster") == ["join_new_way"]
    assert reach.plan(module, "cluster") is None


def test_declared_rules_give_the_union_of_their_keys_and_inputs(tmp_path: Path) -> None:
    module = _module(tmp_path, _RULES.format(decorator='@reaches("reading", "document")'))
    plan = reach.plan(module, "cluster")
    assert plan is not None
    assert plan.families == {"word", "reading", "document"}
    assert plan.corpus == {"surname_index"}
    assert plan.untracked == {"surname_index"}  # no aggregate tracks it yet: full re-cluster
    assert not plan.through_documents


def test_every_rule_of_the_clustering_declares_its_reach() -> None:
    called = reach.rules_called(resolve, "cluster_groups")
    assert {"People", "_form_totals", "form_rules.office_words"} <= set(called)  # other modules'
    # one rule of each module the rules live in (spelling, stories, organisations, name parts)
    assert {"join_short_variants", "places_standing_for_clubs", "acronym_target"} <= set(called)
    assert {"part_target", "Corpus", "Decisions"} <= set(called)
    assert "sorted" not in called and "uf.find" not in called  # builtins and methods are not rules
    assert reach.undeclared(resolve, "cluster_groups") == []
    plan = reach.plan(resolve, "cluster_groups")
    assert plan is not None and plan.families <= FAMILIES.keys()


def test_an_unknown_family_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        reach.reaches("spelling")


_WORDS = st.sampled_from(["quellen", "zorvath", "marbury", "ostrava", "lindqvist", "nera"])


@given(
    forms=st.lists(st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=12),
    data=st.data(),
)
def test_the_dirty_set_holds_the_change_and_never_part_of_an_entity_or_a_form(forms, data) -> None:  # type: ignore[no-untyped-def]
    groups = {f"g{i}": form for i, form in enumerate(forms)}
    documents = {g: data.draw(st.integers(0, 3)) for g in groups}
    changed = data.draw(st.lists(st.sampled_from(sorted(groups)), max_size=3, unique=True))
    entities = {g: data.draw(st.integers(0, 4)) for g in groups if g not in changed}
    families = data.draw(st.sets(st.sampled_from(sorted(FAMILIES)), min_size=1))
    dirty = dirty_groups(groups, documents, entities, changed, families)
    assert set(changed) <= dirty
    for entity in set(entities.values()):
        members = {g for g, e in entities.items() if e == entity}
        assert members <= dirty or not members & dirty
    for form in set(groups.values()):
        members = {g for g, f in groups.items() if f == form}
        assert members <= dirty or not members & dirty
    keys = set().union(*(form_keys(groups[g], families) for g in changed)) if changed else set()
    for group in groups:
        if form_keys(groups[group], families) & keys:
            assert group in dirty


#: Sentences written for the test, each with its names, their labels (and a title): full names
#: and their surnames, a respelling, nicknames, middle names, an initial, an honorific, an
#: acronym and its expansion, a plural, a glued name, a country's names, places and clubs.
_SENTENCES = [
    ("Zorvath Quellen spoke.", [("Zorvath Quellen", "PERSON")]),
    ("Quellen left early.", [("Quellen", "PERSON")]),
    ("Zorvat Quelen denied it.", [("Zorvat Quelen", "PERSON")]),
    ("Mara Quellen won.", [("Mara Quellen", "PERSON")]),
    ("Tomas Lindqvist and Tom Lindqvist met.", [("Tomas Lindqvist", "PERSON")]),
    ("Tom Lindqvist laughed.", [("Tom Lindqvist", "PERSON")]),
    ("Lindqvist scored.", [("Lindqvist", "PERSON")]),
    ("The New Lake Party met.", [("New Lake Party", "ORG")]),
    ("The NLP said no.", [("NLP", "ORG")]),
    ("Ostrava Rovers lost in Ostrava.", [("Ostrava Rovers", "ORG"), ("Ostrava", "GPE")]),
    ("Ostrava won again.", [("Ostrava", "ORG")]),
    ("Kestrel Bay flooded.", [("Kestrel Bay", "GPE")]),
    ("Thomas Lindqvist arrived.", [("Thomas Lindqvist", "PERSON")]),
    ("Zorvath Belqa Quellen signed.", [("Zorvath Belqa Quellen", "PERSON")]),
    ("Z Quellen wrote.", [("Z Quellen", "PERSON")]),
    ("Mrs Quellen answered.", [("Quellen", "PERSON", "mrs")]),
    (
        "The Nera Democrats and a Nera Democrat.",
        [("Nera Democrats", "ORG"), ("Nera Democrat", "ORG")],
    ),
    ("Al Zorva and Alzorva.", [("Al Zorva", "ORG"), ("Alzorva", "ORG")]),
    (
        "Germany and the Federal Republic of Germany.",
        [("Germany", "GPE"), ("Federal Republic of Germany", "GPE")],
    ),
    ("Kestrel Town beat Kestrel.", [("Kestrel Town", "ORG"), ("Kestrel", "GPE")]),
]


def _groups(document_id: int, sentences: list[int]) -> list:  # type: ignore[type-arg]
    from explorer.resolution.clusters import SurfaceGroup

    counts: dict[tuple[str, str, tuple[str, ...]], int] = {}
    for index in sentences:
        for text, label, *title in _SENTENCES[index][1]:
            key = (text, label, tuple(title))
            counts[key] = counts.get(key, 0) + 1
    merged: dict[tuple[str, str], tuple[int, set[str]]] = {}
    for (text, label, titles), n in counts.items():
        count, seen = merged.get((text, label), (0, set()))
        merged[(text, label)] = (count + n, seen | set(titles))
    return [
        SurfaceGroup(document_id, text, label, n, tuple(sorted(titles)))
        for (text, label), (n, titles) in sorted(merged.items())
    ]


def _signatures(groups: list) -> dict:  # type: ignore[type-arg]
    result = {}
    for entity in resolve.build_entities(resolve.cluster_groups(groups)):
        members = frozenset(tuple(m) for m in entity.members)
        for member in members:
            result[member] = (entity.name, entity.type, members)
    return result


_DOCUMENTS = st.lists(
    st.lists(st.integers(0, len(_SENTENCES) - 1), min_size=1, max_size=4),
    min_size=2,
    max_size=7,
)


@settings(deadline=None)  # the first example loads the name tables
@given(documents=_DOCUMENTS)
def test_what_adding_a_document_changes_lies_in_its_declared_dirty_set(documents) -> None:  # type: ignore[no-untyped-def]
    """The declarations are sound on corpora written for the test: every surface group whose
    entity (name, type or members) a full re-cluster changes when one document is added shares
    a declared key with the new document, or an entity, a form or (the co-actor rules read
    each document's actors) a document with one that does. Without the documents it fails: a
    new "Zorvath Quellen" takes a lone "Quellen" from "Zorvat Quelen", so two stories no longer
    share an actor and "Ostrava" of one of them no longer stands for its club."""
    base = [g for i, sentences in enumerate(documents[:-1]) for g in _groups(i, sentences)]
    new = _groups(len(documents) - 1, documents[-1])
    before, after = _signatures(base), _signatures(base + new)
    changed = {
        key
        for key, old in before.items()
        if old != (after[key][0], after[key][1], frozenset(m for m in after[key][2] if m in before))
    }
    plan = reach.plan(resolve, "cluster_groups")
    assert plan is not None
    every = base + new
    forms = {g.key: resolve.form_key(g.text) for g in every}
    entity_of = {key: sig[2] for key, sig in before.items()}
    dirty = dirty_groups(
        forms,
        {key: key[0] for key in forms},
        entity_of,
        [g.key for g in new],
        plan.families,
        resolve.acronym_of,
        plan.through_documents,
    )
    assert changed <= dirty


_NAMES = st.lists(
    st.sampled_from(["zorvath", "zorvat", "quellen", "quelen", "al", "abd", "allah", "nera", "ka"]),
    min_size=1,
    max_size=3,
).map(" ".join)


@given(a=_NAMES, b=_NAMES)
def test_spelling_variants_are_compared_only_within_a_name_reading_key(a: str, b: str) -> None:
    """The name_reading family is the resolver's own blocking: two forms it compares as
    spelling variants share a key of that family."""
    if a != b and (min(a, b), max(a, b)) in spelling._candidate_pairs([a, b]):
        assert form_keys(a, {"name_reading"}) & form_keys(b, {"name_reading"})
    else:
        assert not (reach.spelling_blocks(a) & reach.spelling_blocks(b)) or a == b


@settings(deadline=None)
@given(documents=_DOCUMENTS)
def test_what_removing_a_document_changes_lies_in_its_declared_dirty_set(documents) -> None:  # type: ignore[no-untyped-def]
    """The same for a removal: the dirty set of the removed groups, closed over the entities
    they were in, holds every change of the full re-cluster of what is left."""
    every = [g for i, sentences in enumerate(documents) for g in _groups(i, sentences)]
    removed = len(documents) - 1
    left = [g for g in every if g.document_id != removed]
    before, after = _signatures(every), _signatures(left)
    changed = {
        key
        for key, new in after.items()
        if new
        != (before[key][0], before[key][1], frozenset(m for m in before[key][2] if m in after))
    }
    plan = reach.plan(resolve, "cluster_groups")
    assert plan is not None
    forms = {g.key: resolve.form_key(g.text) for g in every}
    dirty = dirty_groups(
        forms,
        {key: key[0] for key in forms},
        {key: sig[2] for key, sig in before.items()},
        [key for key in forms if key[0] == removed],
        plan.families,
        resolve.acronym_of,
        plan.through_documents,
    )
    assert changed <= dirty


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Teng Hsiao-lin", "Deng Xiaolin"),  # Wade-Giles read as pinyin
        ("Hsu Chih-kang", "Xu Zhigang"),
        ("Charvonik", "Kharvonik"),  # one word: German ch and English kh
    ],
)
def test_spelling_blocks_hold_every_pair_the_resolver_compares(a: str, b: str) -> None:
    """Pairs the resolver's blocking meets (its Wade-Giles readings, a one-word name's ch/kh
    first letter) share a name_reading key: the declared family holds them."""
    ka, kb = resolve.form_key(a), resolve.form_key(b)
    assert (min(ka, kb), max(ka, kb)) in spelling._candidate_pairs([ka, kb])
    assert reach.spelling_blocks(ka) & reach.spelling_blocks(kb)
