"""The review queue: which of resolution's decisions are least certain, and why (pure).

Computed from what a resolved database holds (entities, their aliases with counts, the NER label
of each mention, the documents each person's forms occur in), never from the resolver's
internals, so it holds whatever rules built the entities. :mod:`explorer.store.review` reads
the rows; this module turns them into :class:`ReviewItem` objects, least certain first.

Kinds of item, each with a certainty in [0, 1]:

- ``surname``: a one-word alias of a several-word person ("Blair" in "Tony Blair"). Certain
  when each document naming it also names the person in full; otherwise it was attached by the
  corpus, and the more other people bear that surname (by mentions), the less certain.
- ``spelling``: an alias whose key is neither the name's nor a part, extension, acronym,
  plural, country form or gazetteer alias of another of the entity's forms: a spelling-variant
  join, as certain as the two strings are similar (short words count for less).
- ``type``: an entity whose mentions' NER labels disagree with its type (a close vote, or
  evidence that overruled the labels).
- ``same-name``: several entities with the same name (same key): a defect unless the user split
  them.
- ``many-forms``: an entity built from many one-mention forms (a chain of joins may have pulled
  in strangers).
- ``shared-word``: a one-word alias of a several-word entity other than a person (persons have
  the ``surname`` kind) whose key is also the name of another entity: the word is an actor of its
  own elsewhere ("Commons" in the House of Commons while an entity "Commons" exists). Certain
  when each document naming it also names the entity with several words; otherwise as uncertain
  as the other entity is big relative to the alias's mentions (the ``surname`` arithmetic).
- ``story-groups``: one name, two story groups: an entity whose stories fall into groups that
  name different other actors, with no or weak links between the groups
  (:mod:`explorer.resolution.story_groups`): a tennis and a rugby "Grand Slam", a footballer and
  a politician of one name. As uncertain as the two biggest groups' worlds are apart (the
  corpus's other stories naming their co-actors), the more so when the corpus says much about
  both worlds, the second group holds more mentions, the groups' NER labels differ (a city and
  its club), and the entity falls into few groups (an actor written in every topic falls into
  many).
- ``story-surname``: a bare surname in a story that names several people of that surname in
  full, joined to one of them by its context (the resolver's
  :func:`~explorer.resolution.name_parts.nearest_named_bearer`): 0.8 when the given name of the
  person it joined is written right before it, 0.5 when that person is the one named in full last
  before it (a guess by proximity), 0.3 otherwise. A kind of its own, not ``surname``: the
  decision is one story's, judged by positions in it, and the ``surname`` item counts such a
  story as certain (it names the person in full).

Item ids are stable across runs and databases: the kind and the matching keys of what it is
about (never row ids), so an accepted item stays accepted after re-resolution.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from explorer.normalize import matching_key, name_tokens
from explorer.resolution.name_parts import headline_words
from explorer.resolution.story_groups import (
    StoryBlocs,
    StoryIndex,
    StorySplit,
    labels_apart_at_most,
    story_blocs,
    story_groups,
)

SURNAME, SPELLING, TYPE, SAME_NAME, MANY_FORMS, SHARED_WORD = (
    "surname",
    "spelling",
    "type",
    "same-name",
    "many-forms",
    "shared-word",
)
STORY_GROUPS = "story-groups"
STORY_SURNAME = "story-surname"
KINDS = (SURNAME, SPELLING, TYPE, SAME_NAME, MANY_FORMS, SHARED_WORD, STORY_GROUPS, STORY_SURNAME)
#: ``story-surname`` certainties: the given name written before the bare surname, the nearest
#: full name before it (a guess by proximity), another bearer (neither reading explains it).
BY_GIVEN_NAME, BY_PROXIMITY, BY_NEITHER = 0.8, 0.5, 0.3

#: Items at least this certain are not listed.
LISTED_BELOW = 0.9
#: An entity needs this many (non-capitals) labelled mentions before its type vote is judged.
MIN_TYPE_VOTES = 3
#: One-mention forms that make an entity worth a look.
MIN_SINGLE_FORMS = 5
#: Words this short (in letters) make a spelling join less certain: few letters, many lookalikes.
SHORT_WORD = 6
#: A story-groups item weighs its groups' separation by the smaller group's mentions, n / (n +
#: this): five mentions make half a case.
STAKE_HALF = 5
#: A story-groups item whose groups carry the same NER label: the separation counts for this
#: share (a city and its club, a film and its hero are labelled differently; one actor's
#: stories of different topics are not).
SAME_LABELS = 0.7
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "des"})


# --------------------------------------------------------------------------- input rows


@dataclass(frozen=True)
class EntityRow:
    id: int
    name: str
    type: str
    mentions: int
    key: str  # the matching key of the name


@dataclass(frozen=True)
class AliasRow:
    entity_id: int
    alias: str
    key: str  # aliases.normalized
    count: int


@dataclass
class Snapshot:
    """What the queue is computed from (:func:`explorer.store.review.load_snapshot`).

    ``labels``: per entity, mention counts by NER label (mentions written all in capitals left
    out when the entity has others); ``full_labels`` the same for the mentions written with
    several words; ``alias_labels`` per entity and alias key (all mentions). ``documents``: per
    entity with a one-word alias (persons; all types for ``shared-word``), per document, the
    keys of its forms there, a several-word form written in a one-word mention's sentence
    included though NER cut it (``cut_documents``: where only that names it so). ``curated``: the alias keys each gazetteer name key lists.
    ``accepted``: the ids of items the user accepted; ``split_keys``: the keys the user split
    off an entity (same-name entities of those keys are the user's doing, and an alias of that
    key is where the user put it); ``typed_keys``: the
    main keys of the entities the user gave a type (their type votes are settled).
    """

    entities: list[EntityRow]
    aliases: list[AliasRow]
    labels: dict[int, Counter[str]] = field(default_factory=dict)
    full_labels: dict[int, Counter[str]] = field(default_factory=dict)
    alias_labels: dict[tuple[int, str], Counter[str]] = field(default_factory=dict)
    documents: dict[int, dict[int, set[str]]] = field(default_factory=dict)
    #: per entity, the documents of ``documents`` that name it in full only in words NER cut
    #: ("sacked Adrian Mutu" read as "Adrian" and "Mutu")
    cut_documents: dict[int, set[int]] = field(default_factory=dict)
    #: each document's title (``surname``: a first name under a headline naming the surname)
    headlines: dict[int, str] = field(default_factory=dict)
    curated: Mapping[str, frozenset[str]] = field(default_factory=dict)
    accepted: frozenset[str] = frozenset()
    split_keys: frozenset[str] = frozenset()
    typed_keys: frozenset[str] = frozenset()
    #: ``story-groups``: per entity, per document, its mentions there by NER label; per
    #: document, the entities it names; how many documents the corpus has.
    stories: dict[int, dict[int, dict[str, int]]] = field(default_factory=dict)
    actors_of: dict[int, frozenset[int]] = field(default_factory=dict)
    corpus_documents: int = 0
    #: ``story-surname``: per document, its persons' mentions in order: (entity id, form key,
    #: start, the word written right before it)
    person_mentions: dict[int, list[tuple[int, str, int, str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Lookups:
    """Word knowledge the store supplies (from :mod:`explorer.resolution.lexicon`)."""

    country: Callable[[str, bool], str | None] | None = None  # a key's country code
    singular: Callable[[str], str | None] | None = None  # a plural word's singular
    given_name: Callable[[str], bool] | None = None  # a common given name ("harry")


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class ItemGroup:
    """One story group of a ``story-groups`` item: its documents (ids), the entity's mentions in
    them, their most frequent NER label, and the other actors its stories name most."""

    documents: tuple[int, ...]
    mentions: int
    label: str
    co_actors: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "documents": list(self.documents),
            "mentions": self.mentions,
            "label": self.label,
            "co_actors": list(self.co_actors),
        }


@dataclass(frozen=True)
class ReviewItem:
    """One decision to review.

    ``entities``: the entity ids concerned, the main one first; ``alias``: the spelling
    concerned (surname, spelling), else None; ``labels``: the two labels of a type vote;
    ``forms``: the one-mention forms of a many-forms item; ``groups``: the story groups of a
    story-groups item, biggest first; ``weight``: mentions at stake (ties of certainty: the
    bigger first).
    """

    id: str
    kind: str
    certainty: float
    reason: str
    entities: tuple[int, ...]
    alias: str | None = None
    labels: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    weight: int = 0
    groups: tuple[ItemGroup, ...] = ()
    documents: tuple[int, ...] = ()  # story-surname: the stories of the decision

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "certainty": round(self.certainty, 3),
            "reason": self.reason,
            "entities": list(self.entities),
            "alias": self.alias,
            "labels": list(self.labels),
            "forms": list(self.forms),
            "groups": [group.to_json() for group in self.groups],
            "documents": list(self.documents),
        }


def item_id(kind: str, *keys: str) -> str:
    """A stable id: the kind and a short hash of the keys it is about."""
    digest = hashlib.sha1("\x1f".join((kind, *keys)).encode("utf-8")).hexdigest()
    return f"{kind}-{digest[:8]}"


def review_items(
    snapshot: Snapshot, lookups: Lookups | None = None, kinds: Iterable[str] | None = None
) -> list[ReviewItem]:
    """Every item of ``kinds`` (all by default) not accepted, least certain first."""
    lookups = lookups or Lookups()
    wanted = set(kinds) if kinds is not None else set(KINDS)
    entities = {e.id: e for e in snapshot.entities}
    aliases: dict[int, list[AliasRow]] = defaultdict(list)
    for row in snapshot.aliases:
        if row.entity_id in entities:
            aliases[row.entity_id].append(row)
    found: list[ReviewItem] = []
    if SURNAME in wanted:
        found += surname_items(snapshot, entities, aliases, lookups)
    if SPELLING in wanted:
        found += spelling_items(snapshot, entities, aliases, lookups)
    if TYPE in wanted:
        found += type_items(snapshot, entities, lookups)
    if SAME_NAME in wanted:
        found += same_name_items(snapshot)
    if MANY_FORMS in wanted:
        found += many_forms_items(entities, aliases)
    if SHARED_WORD in wanted:
        found += shared_word_items(snapshot, entities, aliases)
    if STORY_GROUPS in wanted:
        found += story_group_items(snapshot, entities)
    if STORY_SURNAME in wanted:
        found += story_surname_items(snapshot, entities)
    listed = [
        item for item in found if item.certainty < LISTED_BELOW and item.id not in snapshot.accepted
    ]
    return sorted(listed, key=lambda item: (round(item.certainty, 3), -item.weight, item.id))


# --------------------------------------------------------------------------- surnames


def _is_person_name(entity: EntityRow) -> bool:
    return entity.type == "PERSON" and len(name_tokens(entity.key)) > 1


def surname_owners(
    entities: Mapping[int, EntityRow], aliases: Mapping[int, Sequence[AliasRow]]
) -> dict[str, Counter[int]]:
    """For each last word of a several-word person's form: who bears it, by full-form mentions."""
    owners: dict[str, Counter[int]] = defaultdict(Counter)
    for entity in entities.values():
        if entity.type != "PERSON":
            continue
        for row in aliases.get(entity.id, ()):
            tokens = name_tokens(row.key)
            if len(tokens) > 1:
                owners[tokens[-1]][entity.id] += row.count
    return owners


def surname_items(
    snapshot: Snapshot,
    entities: Mapping[int, EntityRow],
    aliases: Mapping[int, Sequence[AliasRow]],
    lookups: Lookups | None = None,
) -> list[ReviewItem]:
    owners = surname_owners(entities, aliases)
    items = []
    for entity in entities.values():
        if not _is_person_name(entity):
            continue
        rows = aliases.get(entity.id, ())
        surnames = _surnames_of(rows)
        context = _PersonContext(snapshot, entity, owners, entities, lookups)
        for row in _single_word_parts(entity, rows):
            if row.key in snapshot.split_keys:
                continue  # the user split it off somewhere (or gave it to someone): decided
            item = _surname_item(context, row, surnames)
            if item is not None:
                items.append(item)
    return items


def _surnames_of(rows: Sequence[AliasRow]) -> dict[str, str]:
    """The last words of a person's several-word aliases: key → as written."""
    surnames: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: (-r.count, r.alias)):
        tokens = name_tokens(row.key)
        if len(tokens) > 1 and row.alias.split():
            surnames.setdefault(tokens[-1], row.alias.split()[-1])
    return surnames


def _single_word_parts(entity: EntityRow, rows: Sequence[AliasRow]) -> list[AliasRow]:
    """The entity's one-word aliases that are a word of one of its several-word forms."""
    words = {w for row in rows for w in name_tokens(row.key) if len(name_tokens(row.key)) > 1}
    by_key: dict[str, AliasRow] = {}
    for row in rows:
        tokens = name_tokens(row.key)
        if len(tokens) == 1 and tokens[0] in words:
            best = by_key.get(row.key)
            if best is None or _preferred(row, best):
                by_key[row.key] = row
    return list(by_key.values())


@dataclass(frozen=True)
class _PersonContext:
    """What a person's one-word aliases are judged against."""

    snapshot: Snapshot
    entity: EntityRow
    owners: Mapping[str, Counter[int]]  # :func:`surname_owners`
    entities: Mapping[int, EntityRow]
    lookups: Lookups | None


@dataclass(frozen=True)
class _CorpusJoin:
    """How sure a word's join by the corpus is (``by_corpus``), and what says so."""

    by_corpus: float
    rivals: list[tuple[int, int]]  # other bearers of the word as a surname, by mentions
    person: float  # the share of its mentions NER labelled PERSON
    given: bool  # a common given name


def _corpus_join(context: _PersonContext, key: str) -> _CorpusJoin:
    entity, owners = context.entity, context.owners.get(key, Counter())
    own = owners.get(entity.id, 0)
    rivals = sorted(
        ((i, n) for i, n in owners.items() if i != entity.id and i in context.entities),
        key=lambda pair: (-pair[1], pair[0]),
    )
    by_corpus = _corpus_share(own, [n for _i, n in rivals])
    labels = context.snapshot.alias_labels.get((entity.id, key), Counter())
    person = labels["PERSON"] / sum(labels.values()) if labels else 1.0
    by_corpus *= 0.5 + 0.5 * person  # NER did not see a person there: "Bolton" (the club)
    lookups = context.lookups
    given = lookups is not None and lookups.given_name is not None and lookups.given_name(key)
    if given:
        by_corpus *= 0.6  # a first name, not a surname: "Harry" of "Dirty Harry"
    return _CorpusJoin(by_corpus, rivals, person, bool(given))


def _surname_item(
    context: _PersonContext,
    row: AliasRow,
    surnames: Mapping[str, str],
) -> ReviewItem | None:
    snapshot, entity, entities = context.snapshot, context.entity, context.entities
    in_documents = snapshot.documents.get(entity.id, {})
    support = _document_support(in_documents, row.key)
    if support is None:
        return None
    supported, documents = support
    cut = _cut_documents(in_documents, row.key, snapshot.cut_documents.get(entity.id, set()))
    join = _corpus_join(context, row.key)
    by_surname = (
        []
        if row.key in surnames
        else _named_by_surname(in_documents, row.key, surnames, snapshot.headlines)
    )
    if by_surname:
        surname_joins = {key: _corpus_join(context, key).by_corpus for key in surnames}
        weights = [max(join.by_corpus, *(surname_joins[k] for k in keys)) for keys in by_surname]
        rest = documents - supported - len(weights)
        certainty = (supported + sum(weights) + rest * join.by_corpus) / documents
    else:
        certainty = _joined_certainty(supported / documents, join.by_corpus)
    word = row.alias
    reason = (
        f"“{word}” joined {entity.name}: {supported} of {documents} documents also "
        "name the full name"
    )
    if cut:
        reason += f" ({cut} written out, though NER cut it into words)"
    if by_surname:
        written = sorted({surnames[k] for keys in by_surname for k in keys})
        reason += (
            f"; {len(by_surname)} name{'s' if len(by_surname) == 1 else ''} the person by "
            f"the surname {', '.join(f'“{w}”' for w in written)} in its text or headline (as "
            "sure as that join)"
        )
    if join.person < 1:
        reason += f"; labelled PERSON in {join.person:.0%} of its mentions"
    if join.given:
        reason += "; a common given name"
    rivals = join.rivals
    if rivals:
        names = ", ".join(f"{entities[i].name} ({n})" for i, n in rivals[:3])
        reason += f"; {len(rivals)} other {'person bears' if len(rivals) == 1 else 'people bear'}"
        reason += f" it: {names}"
    return ReviewItem(
        item_id(SURNAME, row.key, entity.key),
        SURNAME,
        certainty,
        reason,
        (entity.id, *(i for i, _n in rivals[:3])),
        alias=row.alias,
        weight=row.count,
    )


def _named_by_surname(
    documents: Mapping[int, set[str]],
    key: str,
    surnames: Mapping[str, str],
    headlines: Mapping[int, str],
) -> list[set[str]]:
    """For each document naming the person by ``key`` (a first name) but not in full, the
    surnames of the person it also names them by, in its text or its headline: the resolver's
    "first name: the document's person" and "first name: the person its story's headline
    names" join the word to whoever bears that surname ("Paula" under "Radcliffe proves
    doubters wrong")."""
    found = []
    for document_id, keys in documents.items():
        if key not in keys or any(len(k.split()) > 1 for k in keys):
            continue
        there = keys & surnames.keys()
        headline = headlines.get(document_id)
        if headline:
            there |= {matching_key(w) for w in headline_words(headline)} & surnames.keys()
        if there:
            found.append(there)
    return found


def _document_support(documents: Mapping[int, set[str]], key: str) -> tuple[int, int] | None:
    """Of the entity's documents naming it by ``key``, how many also name it with several words
    (``(supported, documents)``); None when no document names it so."""
    with_word = [keys for keys in documents.values() if key in keys]
    if not with_word:
        return None
    supported = sum(1 for keys in with_word if any(len(k.split()) > 1 for k in keys))
    return supported, len(with_word)


def _cut_documents(documents: Mapping[int, set[str]], key: str, cut: set[int]) -> int:
    """How many of the documents naming the entity by ``key`` name it in full only in words
    NER cut (the resolver's "name cut short": the rest of the name follows the word)."""
    return sum(1 for document_id, keys in documents.items() if key in keys and document_id in cut)


def _corpus_share(own: int, rivals: Sequence[int]) -> float:
    """How sure a join made by the corpus is: this entity's share of the word's mentions, capped
    below 1 (0.8 alone, 0.6 with rivals: a majority is not a proof)."""
    total = own + sum(rivals)
    share = own / total if total else 0.0
    return share * (0.6 if rivals else 0.8)


def _joined_certainty(same_document: float, by_corpus: float) -> float:
    """A word joined in its own documents (``same_document``: the share of them that name the
    entity with several words) is certain; elsewhere it is as sure as ``by_corpus``."""
    return same_document + (1 - same_document) * by_corpus


# --------------------------------------------------------------------------- shared words


def shared_word_items(
    snapshot: Snapshot,
    entities: Mapping[int, EntityRow],
    aliases: Mapping[int, Sequence[AliasRow]],
) -> list[ReviewItem]:
    """One-word aliases of several-word non-person entities that another entity bears as its
    name (the word is an actor of its own elsewhere)."""
    named: dict[str, list[EntityRow]] = defaultdict(list)
    for entity in entities.values():
        if entity.key:
            named[entity.key].append(entity)
    items = []
    for entity in entities.values():
        if entity.type == "PERSON" or len(name_tokens(entity.key)) < 2:
            continue  # persons: the surname kind
        rows = aliases.get(entity.id, ())
        for row in _one_row_per_key(rows):
            if len(name_tokens(row.key)) != 1 or row.key in snapshot.split_keys:
                continue
            others = sorted(
                (e for e in named.get(row.key, ()) if e.id != entity.id),
                key=lambda e: (-e.mentions, e.id),
            )
            if others:
                count = sum(r.count for r in rows if r.key == row.key)
                item = _shared_word_item(snapshot, entity, row, count, others)
                if item is not None:
                    items.append(item)
    return items


def _shared_word_item(
    snapshot: Snapshot, entity: EntityRow, row: AliasRow, count: int, others: Sequence[EntityRow]
) -> ReviewItem | None:
    support = _document_support(snapshot.documents.get(entity.id, {}), row.key)
    if support is None:
        return None
    supported, documents = support
    by_corpus = _corpus_share(count, [e.mentions for e in others])
    certainty = _joined_certainty(supported / documents, by_corpus)
    names = ", ".join(f"{e.name} ({e.type}, {e.mentions})" for e in others[:3])
    reason = (
        f"“{row.alias}” ({count}) joined {entity.name}: {supported} of {documents} documents "
        f"also name it with several words; the word is an actor of its own: {names}"
    )
    return ReviewItem(
        item_id(SHARED_WORD, row.key, entity.key),
        SHARED_WORD,
        certainty,
        reason,
        (entity.id, *(e.id for e in others[:3])),
        alias=row.alias,
        weight=count,
    )


# --------------------------------------------------------------------------- spelling joins


def spelling_items(
    snapshot: Snapshot,
    entities: Mapping[int, EntityRow],
    aliases: Mapping[int, Sequence[AliasRow]],
    lookups: Lookups,
) -> list[ReviewItem]:
    items = []
    for entity in entities.values():
        rows = aliases.get(entity.id, ())
        keys = {row.key for row in rows} | {entity.key}
        if len(keys) < 2:
            continue
        curated = snapshot.curated.get(entity.key, frozenset())
        for row in _one_row_per_key(rows):
            if row.key == entity.key or row.key in curated or not row.key:
                continue
            if row.key in snapshot.split_keys:
                continue
            others = [k for k in keys if k != row.key and k]
            closest, similarity = _closest(row.key, others)
            certainty = similarity - (0.1 if min(len(row.key), len(closest)) < SHORT_WORD else 0)
            if certainty >= LISTED_BELOW or _explained(row, others, lookups):
                continue
            items.append(
                ReviewItem(
                    item_id(SPELLING, row.key, entity.key),
                    SPELLING,
                    max(0.0, certainty),
                    f"“{row.alias}” joined {entity.name} as a spelling of “{closest}” "
                    f"(similarity {similarity:.2f})",
                    (entity.id,),
                    alias=row.alias,
                    weight=row.count,
                )
            )
    return items


def _one_row_per_key(rows: Sequence[AliasRow]) -> list[AliasRow]:
    best: dict[str, AliasRow] = {}
    for row in rows:
        if row.key not in best or _preferred(row, best[row.key]):
            best[row.key] = row
    return list(best.values())


def _preferred(row: AliasRow, other: AliasRow) -> bool:
    """The spelling that speaks for its key: the most mentioned, then the first in order."""
    return (-row.count, row.alias) < (-other.count, other.alias)


def _explained(row: AliasRow, others: Sequence[str], lookups: Lookups) -> bool:
    """Whether another rule than spelling similarity accounts for the alias: it is a part or an
    extension of another form, its acronym, its plural or singular, the same country."""
    tokens = name_tokens(row.key)
    for other in others:
        other_tokens = name_tokens(other)
        if other_tokens == tokens:  # an Arabic article apart: "Al Fatah", "Fatah"
            return True
        if _contains(other_tokens, tokens) or _contains(tokens, other_tokens):
            return True
        if _is_acronym(row.key, other_tokens) or _is_acronym(other, tokens):
            return True
        if _plural_pair(row.key, other, lookups):
            return True
    country = lookups.country
    if country is not None:
        code = country(row.key, row.alias.isupper())
        if code is not None and any(country(o, False) == code for o in others):
            return True
    return False


def _contains(long: Sequence[str], short: Sequence[str]) -> bool:
    """Every word of ``short`` among ``long``'s (a part of the name or the name in a longer one)."""
    return bool(short) and len(short) < len(long) and set(short) <= set(long)


def _is_acronym(key: str, tokens: Sequence[str]) -> bool:
    compact = key.replace(" ", "")
    if len(tokens) < 2 or len(compact) < 2:
        return False
    full = "".join(w[0] for w in tokens)
    content = "".join(w[0] for w in tokens if w not in _SMALL_WORDS)
    return compact in (full, content)


def _plural_pair(a: str, b: str, lookups: Lookups) -> bool:
    singular = lookups.singular
    if singular is None:
        return False
    return _singular_of(a, singular) == b or _singular_of(b, singular) == a


def _singular_of(key: str, singular: Callable[[str], str | None]) -> str | None:
    words = key.split()
    if not words:
        return None
    last = singular(words[-1])
    return " ".join([*words[:-1], last]) if isinstance(last, str) else None


def _closest(key: str, others: Sequence[str]) -> tuple[str, float]:
    """The other form (or word of a form, for a one-word key) most similar to ``key``."""
    candidates = set(others)
    if " " not in key:
        candidates |= {w for other in others for w in name_tokens(other)}
    best, score = "", -1.0
    for candidate in sorted(candidates):
        similarity = fuzz.ratio(key, candidate) / 100
        if similarity > score:
            best, score = candidate, similarity
    return best, max(0.0, score)


# --------------------------------------------------------------------------- type votes


def type_items(
    snapshot: Snapshot, entities: Mapping[int, EntityRow], lookups: Lookups | None = None
) -> list[ReviewItem]:
    given_name = lookups.given_name if lookups is not None else None
    items = []
    for entity_id, labels in snapshot.labels.items():
        entity = entities.get(entity_id)
        if entity is not None and _is_person_name(entity) and snapshot.full_labels.get(entity_id):
            # NER often calls a bare surname ORG ("Sotherton finished third"): a several-word
            # person votes with its full-name mentions
            labels = snapshot.full_labels[entity_id]
        total = sum(labels.values())
        if entity is None or total < MIN_TYPE_VOTES or entity.key in snapshot.typed_keys:
            continue
        own = labels.get(entity.type, 0) / total
        ranked = sorted(labels.items(), key=lambda pair: (-pair[1], pair[0]))
        others = [(label, n) for label, n in ranked if label != entity.type]
        if not others:
            continue
        other_label, other_n = others[0]
        certainty = _type_certainty(own, other_n / total)
        tokens = name_tokens(entity.key)
        if entity.type == "PERSON" and len(tokens) > 1 and given_name and given_name(tokens[0]):
            # "Kelly Sotherton": NER often calls a bare surname ORG, the given name settles it
            certainty = 0.5 + certainty / 2
        reason = f"{entity.name} is {entity.type}; its mentions' labels: " + ", ".join(
            f"{label} {n / total:.0%}" for label, n in ranked[:3]
        )
        items.append(
            ReviewItem(
                item_id(TYPE, entity.key, entity.type),
                TYPE,
                certainty,
                reason,
                (entity.id,),
                labels=(entity.type, other_label),
                weight=total,
            )
        )
    return items


def _type_certainty(own: float, other: float) -> float:
    """How sure a type is, from the share of mentions labelled with it (``own``) and with the
    most frequent other label (``other``).

    When the type agrees with the labels' majority, a close vote is the uncertain case (55/45:
    0.55). When evidence overruled the majority (a title, a country, a head noun: "Yukos" is ORG
    whatever NER says), the resolver had a reason the labels lack: 0.6 to 0.9, by how many
    labels agree with it.
    """
    if own >= other:
        return 0.5 + (own - other) / 2
    return 0.6 + 0.3 * own


# --------------------------------------------------------------------------- same names


def same_name_items(snapshot: Snapshot) -> list[ReviewItem]:
    groups: dict[str, list[EntityRow]] = defaultdict(list)
    for entity in snapshot.entities:
        if entity.key:
            groups[entity.key].append(entity)
    items = []
    for key, group in groups.items():
        if len(group) < 2 or key in snapshot.split_keys:
            continue
        group.sort(key=lambda e: (-e.mentions, e.id))
        types = {e.type for e in group}
        certainty = 0.0 if len(types) < len(group) else 0.4
        reason = f"{len(group)} actors named “{group[0].name}”: " + ", ".join(
            f"#{e.id} {e.type} ({e.mentions})" for e in group[:5]
        )
        items.append(
            ReviewItem(
                item_id(SAME_NAME, key),
                SAME_NAME,
                certainty,
                reason,
                tuple(e.id for e in group),
                weight=sum(e.mentions for e in group),
            )
        )
    return items


# --------------------------------------------------------------------------- many forms


def many_forms_items(
    entities: Mapping[int, EntityRow], aliases: Mapping[int, Sequence[AliasRow]]
) -> list[ReviewItem]:
    items = []
    for entity in entities.values():
        singles = [r for r in aliases.get(entity.id, ()) if r.count == 1 and r.key != entity.key]
        keys = {r.key for r in singles}
        if len(keys) < MIN_SINGLE_FORMS:
            continue
        n = len(keys)
        share = len(singles) / entity.mentions if entity.mentions else 1.0
        certainty = 1 - (n / (n + MIN_SINGLE_FORMS)) * (0.5 + 0.5 * share)
        forms = tuple(sorted({r.alias for r in singles}, key=str.casefold))
        items.append(
            ReviewItem(
                item_id(MANY_FORMS, entity.key),
                MANY_FORMS,
                certainty,
                f"{entity.name} holds {n} forms met once each "
                f"({len(singles)} of its {entity.mentions} mentions)",
                (entity.id,),
                forms=forms,
                weight=entity.mentions,
            )
        )
    return items


# --------------------------------------------------------------------------- story groups


def story_group_items(snapshot: Snapshot, entities: Mapping[int, EntityRow]) -> list[ReviewItem]:
    """Entities whose stories fall into groups naming different actors (one name, two
    story groups). Entities of one name and type (the user split one by documents) share an
    item id: the least certain is listed, the other once it is settled."""
    index = StoryIndex.build(snapshot.stories, snapshot.actors_of, snapshot.corpus_documents)
    items: dict[str, ReviewItem] = {}
    for entity_id in snapshot.stories:
        entity = entities.get(entity_id)
        if entity is None:
            continue
        split = story_groups(entity_id, index)
        if split is None:
            continue
        blocs = _blocs_if_they_can_matter(entity_id, split, index, entities)
        item = _story_group_item(entity, split, entities, blocs)
        kept = items.get(item.id)
        if kept is None or (item.certainty, item.entities) < (kept.certainty, kept.entities):
            items[item.id] = item
    return list(items.values())


def _blocs_if_they_can_matter(
    entity_id: int, split: StorySplit, index: StoryIndex, entities: Mapping[int, EntityRow]
) -> StoryBlocs | None:
    """The entity's story blocs (:func:`story_blocs`), or None when even two perfectly
    separated blocs with these labels and mentions could not make the item less certain (or
    listed): the bound spares most entities the worlds of all their groups."""
    grouped = sum(g.mentions for g in split.groups)
    at_most = grouped - split.groups[0].mentions
    lower = 1 - labels_apart_at_most(split) * at_most / (at_most + STAKE_HALF)
    entity = entities[entity_id]
    if lower >= min(LISTED_BELOW, _story_group_item(entity, split, entities, None).certainty):
        return None
    return story_blocs(entity_id, split, index)


def _bloc_certainty(blocs: StoryBlocs) -> float:
    stake = blocs.mentions[1] / (blocs.mentions[1] + STAKE_HALF)
    focus = 1 / math.sqrt(blocs.count - 1)
    return 1 - blocs.separation * blocs.labels_apart * stake * focus


def _story_group_item(
    entity: EntityRow,
    split: StorySplit,
    entities: Mapping[int, EntityRow],
    blocs: StoryBlocs | None,
) -> ReviewItem:
    first, second = split.groups[0], split.groups[1]
    stake = second.mentions / (second.mentions + STAKE_HALF)
    labels = 1.0 if first.label != second.label else SAME_LABELS
    # an actor written in stories of every topic falls into many groups; two actors of one
    # name into two
    focus = 1 / math.sqrt(len(split.groups) - 1)
    certainty = 1 - split.separation * labels * stake * focus
    threads = ""
    if blocs is not None and _bloc_certainty(blocs) < certainty:
        # a city's stories and its club's match reports: many groups, two threads of news
        # with different labels; the threads are judged as the two biggest groups are
        certainty = _bloc_certainty(blocs)
        threads = (
            f"; {blocs.count} threads of news, the two biggest with labels "
            f"{blocs.labels_apart:.0%} apart"
        )
    groups = tuple(
        ItemGroup(
            g.documents,
            g.mentions,
            g.label,
            tuple(entities[a].name for a in g.co_actors if a in entities),
        )
        for g in split.groups
    )
    described = "; ".join(
        f"{len(g.documents)} stories ({g.mentions} mentions, {g.label}) with "
        + (", ".join(g.co_actors[:3]) or "no other actor")
        for g in groups[:3]
    )
    reason = (
        f"{entity.name}: {len(groups)} groups of stories naming different actors "
        f"(the two biggest {split.similarity:.0%} alike): {described}{threads}"
    )
    return ReviewItem(
        item_id(STORY_GROUPS, entity.key, entity.type),
        STORY_GROUPS,
        certainty,
        reason,
        (entity.id,),
        weight=sum(g.mentions for g in split.groups[1:]),
        groups=groups,
    )


# --------------------------------------------------------------------------- story surnames


@dataclass(frozen=True)
class _StoryDecision:
    """One story's bare surname: who it joined, how sure, who else bears it there."""

    document: int
    certainty: float
    rivals: tuple[int, ...]


def story_surname_items(snapshot: Snapshot, entities: Mapping[int, EntityRow]) -> list[ReviewItem]:
    """Bare surnames of stories naming several people of that surname in full, one item per
    surname and person it joined (its stories together, the least certain decision leading)."""
    decided: dict[tuple[str, int], list[_StoryDecision]] = defaultdict(list)
    for document, mentions in snapshot.person_mentions.items():
        for (key, entity_id), decision in _story_decisions(document, mentions, entities).items():
            decided[key, entity_id].append(decision)
    items = []
    for (key, entity_id), decisions in decided.items():
        entity = entities[entity_id]
        if key in snapshot.split_keys:
            continue
        alias = _alias_as_written(snapshot, entity_id, key)
        rivals = sorted({r for d in decisions for r in d.rivals})
        certainty = min(d.certainty for d in decisions)
        names = ", ".join(entities[r].name for r in rivals[:3] if r in entities)
        how = {
            BY_GIVEN_NAME: "its given name is written before it",
            BY_PROXIMITY: "the nearest full name before it (by proximity)",
        }.get(certainty, "neither its given name nor the nearest full name before it")
        items.append(
            ReviewItem(
                item_id(STORY_SURNAME, key, entity.key, *(entities[r].key for r in rivals)),
                STORY_SURNAME,
                certainty,
                f"“{alias}” joined {entity.name} in {len(decisions)} "
                f"stor{'y' if len(decisions) == 1 else 'ies'} also naming {names}: {how}",
                (entity_id, *rivals[:3]),
                alias=alias,
                weight=len(decisions),
                documents=tuple(sorted(d.document for d in decisions)),
            )
        )
    return items


def _alias_as_written(snapshot: Snapshot, entity_id: int, key: str) -> str:
    for row in snapshot.aliases:
        if row.entity_id == entity_id and row.key == key:
            return row.alias
    return key


def _story_decisions(
    document: int,
    mentions: Sequence[tuple[int, str, int, str]],
    entities: Mapping[int, EntityRow],
) -> dict[tuple[str, int], _StoryDecision]:
    """The document's bare surnames that several persons of it bear in full, judged at the
    surname's first mention."""
    bearers: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    full_keys: dict[str, int] = {}
    for entity_id, key, start, _before in mentions:
        tokens = name_tokens(key)
        entity = entities.get(entity_id)
        several = len(tokens) > 1 and len(tokens[0]) > 1
        if several and entity is not None and entity.type == "PERSON":
            bearers[tokens[-1]][entity_id].append(start)
            full_keys[key] = entity_id
    found: dict[tuple[str, int], _StoryDecision] = {}
    for entity_id, key, start, before in mentions:
        tokens = name_tokens(key)
        if len(tokens) != 1 or (key, entity_id) in found:
            continue
        people = bearers.get(key, {})
        if len(people) < 2 or entity_id not in people:
            continue
        by_given = full_keys.get(matching_key(f"{before} {key}")) if before[:1].isupper() else None
        earlier = [
            (max(s for s in starts if s < start), e)
            for e, starts in people.items()
            if any(s < start for s in starts)
        ]
        nearest = max(earlier)[1] if earlier else None
        if by_given == entity_id:
            certainty = BY_GIVEN_NAME
        elif nearest == entity_id:
            certainty = BY_PROXIMITY
        else:
            certainty = BY_NEITHER
        rivals = tuple(sorted(e for e in people if e != entity_id))
        found[key, entity_id] = _StoryDecision(document, certainty, rivals)
    return found
