"""What a change of the corpus can reach in the clustering: the rules' declared blocking keys and
corpus-wide inputs, and the dirty set they give (issue 17.1, design (b)).

Each rule :func:`~explorer.resolution.resolve.cluster_groups` applies declares, with
:func:`reaches` beside its definition, what it compares surface forms by:

- *key families* (:data:`FAMILIES`): a rule only ever relates two forms that share a key of
  one of its families (its blocking keys: spelling readings, words, acronyms, the document);
- *corpus-wide inputs* (:data:`CORPUS_INPUTS`): counts or sets over the whole corpus its
  decisions read (a surname's majority, the type context, inverse document frequencies), which
  a change can move for forms it shares no key with.

:func:`plan` reads the declarations of every rule ``cluster_groups`` calls (itself or through
its steps, :func:`clustering_step`) and refuses (returns
``None``: the full re-cluster) when one declares nothing, so a rule added later without a
declaration can never make a partial re-cluster silently wrong. :func:`dirty_groups` is the
dirty set of a change: the new or removed surface groups, every group whose form shares a
declared key with theirs, closed over the stored entities and forms they belong to (a reached
entity is re-clustered whole: a union-find cannot undo a join when a document goes), and over
documents when a rule reads which actors each document holds (:data:`DOCUMENT_LINKED`: a group
changing entity changes its document's co-actors, and through them decisions anywhere).

This module decides nothing by itself: with the co-actor inputs untracked, the closure over
documents makes the dirty set the whole corpus (BBC), which is what the incremental path
clusters today. ``benchmarks/bench_reach.py`` measures on a corpus whether the declared keys
contain every change a full re-cluster makes, and how large the dirty set is (BENCHMARKS.md,
"Reach of adding one article"); ``tests/test_reach.py`` checks the declarations on corpora
written for the test.
"""

from __future__ import annotations

import ast
import inspect
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TypeVar

from explorer.normalize import (
    glued_skeleton,
    name_readings,
    respellings,
    skeleton_readings,
    translit_words,
    without_glued_article,
)
from explorer.resolution.chinese import chinese_readings
from explorer.resolution.lexicon import country_match, singular

#: Lengths of a one-word form that may be an acronym ("UN" to "NASDAQ"), for both
#: :func:`explorer.resolution.corpus_forms.looks_like_acronym` and the acronym family's keys (one
#: bound, so they cannot drift apart; six is the resolver's first rules' choice, not measured).
ACRONYM_LENGTHS = range(2, 7)

#: Key families a rule may block by, with what each holds for a form (see :func:`form_keys`).
FAMILIES = {
    "form": "the form itself (rules over one form's mentions)",
    "word": "each word of the form and its singular (parts of names, contained names, plurals)",
    "reading": "each word's transliteration skeletons (any spelling of any word)",
    "name_reading": "the whole name's readings, as spelling variants are blocked",
    "last_reading": "the last word's transliteration skeletons (surnames and their spellings)",
    "glued": "the skeleton of the words glued together (names written in more or fewer words)",
    "acronym": "the initials of a several-word form, and an acronym-looking form itself",
    "country": "the country the form names, if any (names of one country)",
    "document": "the documents the form is written in (same-document rules)",
}

#: Corpus-wide inputs a rule may read; a change reaches every form whose decision reads one that
#: moved, whatever keys it shares. Tracking each (a stored aggregate and the thresholds it may
#: cross) is what a partial re-cluster still needs: none is tracked yet (:data:`TRACKED`).
CORPUS_INPUTS = {
    "form_counts": "a form's labels, documents and titled genders, summed over the corpus",
    "type_context": "surnames of full names, places by votes, country forms (entity_types)",
    "surname_index": "full-name mentions per surname reading, first and last words, genders",
    "document_frequency": "inverse document frequency of the clusters (shared-context rules)",
    "acronym_index": "the corpus's expansions of each acronym",
    "story_graph": "the links between stories sharing actors (places standing for clubs)",
    "co_actors": "the other actors of each document (a surname's person by its co-actors)",
    "gazetteer": "the curated actors' names",
}

#: Corpus-wide inputs computed from which actors each document holds: a change that moves a
#: group to another entity changes its document's actors, so every decision about that
#: document (and, through the entities, other documents) may move. A plan reading one closes
#: the dirty set over documents too (:func:`dirty_groups`).
DOCUMENT_LINKED = frozenset({"story_graph", "co_actors", "document_frequency"})

#: Modules of lookups in curated tables (given names, countries, cue words): what their
#: functions return depends on no corpus, so calling one is no rule to declare.
LOOKUP_MODULES = frozenset({"explorer.resolution.lexicon"})

#: Corpus-wide inputs whose changes are tracked (a threshold crossing widens the dirty set).
TRACKED: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reach:
    """What one rule declares: the key families it blocks by, the corpus-wide inputs it reads."""

    families: frozenset[str]
    corpus: frozenset[str]


_DECLARED: dict[str, Reach] = {}
#: The steps of entry points (:func:`clustering_step`), by module and name.
_STEPS: set[str] = set()
_F = TypeVar("_F", bound=Callable[..., object])


def reaches(*families: str, corpus: Iterable[str] = ()) -> Callable[[_F], _F]:
    """Declare what the decorated rule relates forms by (see the module docstring)."""
    reach = Reach(frozenset(families), frozenset(corpus))
    unknown = (reach.families - FAMILIES.keys()) | (reach.corpus - CORPUS_INPUTS.keys())
    if unknown:
        raise ValueError(f"unknown key families or corpus inputs: {sorted(unknown)}")

    def register(rule: _F) -> _F:
        _DECLARED[f"{rule.__module__}.{rule.__qualname__}"] = reach
        return rule

    return register


def declaration(rule: object) -> Reach | None:
    """The rule's declaration, ``None`` when it declares nothing."""
    module, name = getattr(rule, "__module__", None), getattr(rule, "__qualname__", None)
    return _DECLARED.get(f"{module}.{name}")


@dataclass(frozen=True)
class Plan:
    """The union of the declarations of the rules one clustering applies."""

    families: frozenset[str]
    corpus: frozenset[str]

    @property
    def through_documents(self) -> bool:
        """Whether the dirty set must be closed over documents (:data:`DOCUMENT_LINKED`)."""
        return bool(self.corpus & DOCUMENT_LINKED)

    @property
    def untracked(self) -> frozenset[str]:
        """Corpus-wide inputs read that no aggregate tracks: each forces the full re-cluster."""
        return self.corpus - TRACKED


def clustering_step(step: _F) -> _F:
    """Mark a function of the entry point's module as one of its steps (a part of its code put
    under a name of its own): the step declares nothing, :func:`rules_called` reads the rules
    it calls as the entry point's."""
    _STEPS.add(f"{step.__module__}.{step.__qualname__}")
    return step


def rules_called(module: ModuleType, entry: str) -> list[str]:
    """The rules ``entry`` calls, in order of first call, read from its source (a rule added to
    the entry point is found) and from the sources of the steps of it it calls
    (:func:`clustering_step`, in the same module): the module's own functions and classes, and
    those of its package's other modules, called by name (``votes_by_form``) or through the
    module (``form_rules.office_words``). Methods of objects the entry point made are covered
    by their class's declaration."""
    called: list[str] = []
    _add_rules_called(module, entry, called, {entry})
    return called


def _add_rules_called(module: ModuleType, function: str, called: list[str], read: set[str]) -> None:
    """Add the rules ``function`` calls to ``called``, reading the steps it calls in turn
    (``read``: the functions read so far)."""
    tree = ast.parse(inspect.getsource(getattr(module, function)))
    package = module.__name__.rpartition(".")[0]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _rule_name(module, node.func, package)
        if not name or name in read or name in called:
            continue
        if _is_step(module, name):
            read.add(name)
            _add_rules_called(module, name, called, read)
        else:
            called.append(name)


def _is_step(module: ModuleType, name: str) -> bool:
    """Whether ``name`` is a step of ``module``'s own (not a rule: :func:`clustering_step`)."""
    value = getattr(module, name, None)
    origin = getattr(value, "__module__", None)
    return origin == module.__name__ and f"{origin}.{getattr(value, '__qualname__', '')}" in _STEPS


def _rule_name(module: ModuleType, func: ast.expr, package: str) -> str | None:
    """``func``'s dotted name when it is a rule of ``package`` (see :func:`rules_called`)."""
    if isinstance(func, ast.Name):
        value = getattr(module, func.id, None)
        name = func.id
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        owner = getattr(module, func.value.id, None)
        if not isinstance(owner, ModuleType):
            return None
        value = getattr(owner, func.attr, None)
        name = f"{func.value.id}.{func.attr}"
    else:
        return None
    origin = getattr(value, "__module__", None) or ""
    own = origin == module.__name__ or bool(package) and origin.startswith(package + ".")
    rule = own and origin != __name__ and origin not in LOOKUP_MODULES
    return name if callable(value) and rule else None


def _resolve_name(module: ModuleType, name: str) -> object:
    value: object = module
    for part in name.split("."):
        value = getattr(value, part)
    return value


def undeclared(module: ModuleType, entry: str) -> list[str]:
    """The rules ``entry`` calls that declare nothing."""
    return [
        name
        for name in rules_called(module, entry)
        if declaration(_resolve_name(module, name)) is None
    ]


def plan(module: ModuleType, entry: str) -> Plan | None:
    """What the rules ``entry`` calls declare together; ``None`` (the full re-cluster) when
    any of them declares nothing."""
    if undeclared(module, entry):
        return None
    reaches_ = [declaration(_resolve_name(module, name)) for name in rules_called(module, entry)]
    return Plan(
        frozenset().union(*(r.families for r in reaches_ if r)),
        frozenset().union(*(r.corpus for r in reaches_ if r)),
    )


def _initials(words: tuple[str, ...]) -> set[str]:
    return {"".join(w[0] for w in words)}


def form_keys(
    form: str,
    families: Collection[str],
    acronyms: Callable[[tuple[str, ...]], set[str]] = _initials,
) -> set[tuple[str, str]]:
    """The blocking keys of a form (a matching key, words space-separated) in ``families``,
    ``acronyms`` giving the acronyms a several-word form goes by; the document family is the
    caller's (a form's documents are not in its string)."""
    words = tuple(form.split())
    keys: set[tuple[str, str]] = set()
    if "form" in families:
        keys.add(("form", form))
    if "word" in families:
        keys.update(("word", w) for w in words)
        keys.update(("word", one) for w in words if (one := singular(w)))
    if "reading" in families:
        keys.update(("reading", r) for w in words for r in skeleton_readings(w))
    if "name_reading" in families and words:
        keys.update(("name_reading", block) for block in spelling_blocks(form))
    if "last_reading" in families and words:
        keys.update(("last_reading", r) for r in skeleton_readings(words[-1]))
    if "glued" in families and words:
        keys.add(("glued", glued_skeleton(words)))
    if "acronym" in families:
        if len(words) > 1:
            keys.update(("acronym", a) for a in acronyms(words))
        elif len(form) in ACRONYM_LENGTHS:
            keys.add(("acronym", form))
    if "country" in families:
        keys.update(
            ("country", match.code)
            for acronym in (False, True)
            if (match := country_match(form, acronym))
        )
    return keys


def spelling_blocks(form: str) -> set[str]:
    """The blocks in which spelling variants are compared: the resolver's own blocking
    (:func:`explorer.resolution.spelling._candidate_pairs` pairs the forms sharing one), so
    the name_reading family holds every pair it compares. The whole name's readings word by
    word (a lone word keeps its first letter, :func:`block_initials`), the same without glued
    articles, the glued skeleton of a several-word name, and its pinyin readings
    (:func:`explorer.resolution.chinese.chinese_readings`)."""
    words = translit_words(form)
    if not words:
        return set()
    initials = block_initials(words[0]) if len(words) == 1 else ("",)
    blocks = {initial + reading for reading in name_readings(words) for initial in initials}
    unglued = words[:1] + tuple(without_glued_article(w) or w for w in words[1:])
    if unglued != words:
        blocks.update(name_readings(unglued))
    if len(words) > 1 or " " in form:
        blocks.add("=" + glued_skeleton(words))
    blocks.update("zh:" + reading for reading in chinese_readings(words))
    return blocks


def block_initials(word: str) -> tuple[str, ...]:
    """The first letters :func:`explorer.resolution.spelling._same_first_letter` may find the
    word to share with another, ch and kh as k, w as v (a one-word name is blocked under
    each)."""
    firsts = (_first_letter_class(r) for r in respellings(word))
    return tuple(dict.fromkeys(firsts))


def _first_letter_class(respelling: str) -> str:
    """The block of a respelled word's first letter: ch and kh as k, w as v, else the letter.
    Keep in step with :func:`explorer.resolution.spelling._same_first_letter`, which must
    never find two words to share a first letter that this puts in two blocks."""
    if respelling[:2] in ("ch", "kh"):
        return "k"
    return "v" if respelling[:1] == "w" else respelling[:1]


def dirty_groups(
    forms_of_groups: Mapping[object, str],
    documents_of_groups: Mapping[object, int],
    entity_of_group: Mapping[object, object],
    changed: Collection[object],
    families: Collection[str],
    acronyms: Callable[[tuple[str, ...]], set[str]] = _initials,
    through_documents: bool = False,
) -> set[object]:
    """The groups a change reaches: the ``changed`` groups (new or removed), every group whose
    form shares a key of ``families`` with a changed group's form (or its document, for the
    document family), closed over the stored entities (``entity_of_group``) and the forms they
    belong to, to a fixed point: a reached entity is re-clustered whole, and so is every form
    of it (a form's mentions are counted together, and a form split between two entities can
    be joined again). With ``through_documents`` (:attr:`Plan.through_documents`), over the
    documents of reached groups too: a group that changes entity changes what its document's
    co-actors are.

    Groups are any hashable ids; ``forms_of_groups`` and ``documents_of_groups`` cover every
    group, old and changed; ``entity_of_group`` the stored ones."""
    index = key_index(forms_of_groups, documents_of_groups, families, acronyms)
    reached: set[object] = set(changed)
    for group in changed:
        for key in group_keys(group, forms_of_groups, documents_of_groups, families, acronyms):
            reached |= index.get(key, set())
    documents = documents_of_groups if through_documents else None
    return _closed(reached, forms_of_groups, entity_of_group, documents)


def key_index(
    forms_of_groups: Mapping[object, str],
    documents_of_groups: Mapping[object, int],
    families: Collection[str],
    acronyms: Callable[[tuple[str, ...]], set[str]] = _initials,
) -> dict[tuple[str, str], set[object]]:
    """Blocking key → the groups holding it (each form's keys computed once)."""
    groups_of_form: dict[str, list[object]] = defaultdict(list)
    for group, form in forms_of_groups.items():
        groups_of_form[form].append(group)
    index: dict[tuple[str, str], set[object]] = defaultdict(set)
    for form, members in groups_of_form.items():
        for key in form_keys(form, families, acronyms):
            index[key].update(members)
    if "document" in families:
        for group, document in documents_of_groups.items():
            index[("document", str(document))].add(group)
    return index


def group_keys(
    group: object,
    forms_of_groups: Mapping[object, str],
    documents_of_groups: Mapping[object, int],
    families: Collection[str],
    acronyms: Callable[[tuple[str, ...]], set[str]] = _initials,
) -> set[tuple[str, str]]:
    """A group's blocking keys: its form's, and its document's when that family is declared."""
    keys = form_keys(forms_of_groups[group], families, acronyms)
    if "document" in families:
        keys.add(("document", str(documents_of_groups[group])))
    return keys


def _closed(
    reached: set[object],
    forms_of_groups: Mapping[object, str],
    entity_of_group: Mapping[object, object],
    documents_of_groups: Mapping[object, int] | None = None,
) -> set[object]:
    """``reached`` with every group of an entity or a form it touches (and of a document, when
    ``documents_of_groups`` is given), to a fixed point."""
    by_entity: dict[object, set[object]] = defaultdict(set)
    for group, entity in entity_of_group.items():
        by_entity[entity].add(group)
    by_form: dict[str, set[object]] = defaultdict(set)
    for group, form in forms_of_groups.items():
        by_form[form].add(group)
    by_document: dict[int, set[object]] = defaultdict(set)
    for group, document in (documents_of_groups or {}).items():
        by_document[document].add(group)
    closed: set[object] = set()
    pending = list(reached)
    while pending:
        group = pending.pop()
        if group in closed:
            continue
        closed.add(group)
        entity = entity_of_group.get(group)
        if entity is not None:
            pending.extend(by_entity[entity] - closed)
        pending.extend(by_form[forms_of_groups[group]] - closed)
        if documents_of_groups is not None:
            pending.extend(by_document[documents_of_groups[group]] - closed)
    return closed
