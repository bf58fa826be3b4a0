"""The review queue's reads: the rows :mod:`explorer.resolution.review` scores, and the evidence
(sentences with their document titles) shown for each item.

``libya-explore review`` and the explorer's Review screen both call :func:`review_queue` and
:func:`item_evidence`. Accepting an item is a curation decision
(:func:`explorer.pipeline.curation.accept`): its id leaves the queue, also after re-resolution.
"""

from __future__ import annotations

import functools
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.normalize import matching_key
from explorer.resolution.decisions import SET_TYPE, SPLIT, SPLIT_DOCUMENTS
from explorer.resolution.review import (
    KINDS,
    MANY_FORMS,
    SAME_NAME,
    SHARED_WORD,
    SPELLING,
    STORY_GROUPS,
    STORY_SURNAME,
    SURNAME,
    TYPE,
    AliasRow,
    EntityRow,
    Lookups,
    ReviewItem,
    Snapshot,
    review_items,
)
from explorer.store.curation import load_curation
from explorer.store.documents import headlines

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

#: The curation action that marks a review item as seen and kept.
ACCEPT = "accept"
#: Sentences shown for each side of an item.
EVIDENCE_PER_SIDE = 3


@dataclass(frozen=True)
class EvidenceSentence:
    """A mention in its sentence; ``start``/``end`` index ``sentence``."""

    mention_id: int
    document_id: int
    title: str
    sentence: str
    start: int
    end: int
    text: str
    label: str

    def to_json(self) -> dict:
        return {
            "mention_id": self.mention_id,
            "document_id": self.document_id,
            "document_title": self.title,
            "sentence": self.sentence,
            "sentence_offsets": [self.start, self.end],
            "text": self.text,
            "label": self.label,
        }


@dataclass(frozen=True)
class EvidenceSide:
    """One side of an item ("the alias", "the full name", "labelled ORG", "#12"), a few
    sentences each."""

    label: str
    sentences: tuple[EvidenceSentence, ...]

    def to_json(self) -> dict:
        return {"side": self.label, "sentences": [s.to_json() for s in self.sentences]}


# --------------------------------------------------------------------------- the queue


def review_queue(
    conn: Database | sqlite3.Connection,
    kinds: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[ReviewItem]:
    """The items to review, least certain first (accepted ones left out)."""
    wanted = tuple(kinds) if kinds is not None else KINDS
    items = review_items(load_snapshot(conn, wanted), lexicon_lookups(), wanted)
    return items if limit is None else items[:limit]


def find_item(conn: Database | sqlite3.Connection, item_id: str) -> ReviewItem | None:
    """The queue's item with this id, or None (no such item, or already accepted)."""
    kind = item_id.rsplit("-", 1)[0]
    kinds = (kind,) if kind in KINDS else KINDS
    return next((item for item in review_queue(conn, kinds) if item.id == item_id), None)


def accepted_items(conn: Database | sqlite3.Connection) -> frozenset[str]:
    """The ids of the items accepted (decisions in force)."""
    return frozenset(
        str(d.payload["item"])
        for d in load_curation(conn)
        if d.action == ACCEPT and isinstance(d.payload.get("item"), str)
    )


@functools.cache
def lexicon_lookups() -> Lookups:
    """Country and plural knowledge from the lexicon (loaded on first use)."""
    from explorer.resolution.lexicon import country_code, is_given_name, singular

    return Lookups(country=country_code, singular=singular, given_name=is_given_name)


@functools.cache
def _curated_aliases() -> dict[str, frozenset[str]]:
    """The built-in gazetteer: for each actor's name key, the keys of its listed names."""
    from explorer.resolution.gazetteer import load_actors

    curated: dict[str, set[str]] = defaultdict(set)
    for actor in load_actors():
        keys = {matching_key(name) for name in actor.names}
        curated[matching_key(actor.name)] |= keys
    return {name: frozenset(keys) for name, keys in curated.items()}


def load_snapshot(conn: Database | sqlite3.Connection, kinds: Sequence[str] = KINDS) -> Snapshot:
    """What the queue is computed from; only what ``kinds`` need is read."""
    aliases = [
        AliasRow(row[0], row[1], row[2], row[3])
        for row in conn.execute("SELECT entity_id, alias, normalized, count FROM aliases")
    ]
    keys = {(row.entity_id, row.alias): row.key for row in aliases}  # most names are aliases
    entities = [
        EntityRow(
            row[0], row[1], row[2], row[3], keys.get((row[0], row[1])) or matching_key(row[1])
        )
        for row in conn.execute("SELECT id, name, type, mention_count FROM entities")
    ]
    decisions = load_curation(conn)
    snapshot = Snapshot(
        entities,
        aliases,
        curated=_curated_aliases() if SPELLING in kinds else {},
        accepted=accepted_items(conn),
        split_keys=frozenset(
            str(d.payload["key"])
            for d in decisions
            if d.action in (SPLIT, SPLIT_DOCUMENTS) and isinstance(d.payload.get("key"), str)
        ),
        typed_keys=frozenset(
            key for d in decisions if d.action == SET_TYPE and (key := _main_key(d.payload))
        ),
    )
    if TYPE in kinds or SURNAME in kinds:
        snapshot.labels, snapshot.full_labels, snapshot.alias_labels = _labels(conn, keys)
    if SURNAME in kinds or SHARED_WORD in kinds:
        snapshot.documents, snapshot.cut_documents = _documents(
            conn, keys, persons_only=SHARED_WORD not in kinds
        )
    if SURNAME in kinds:
        snapshot.headlines = headlines(conn)
    if STORY_GROUPS in kinds:
        snapshot.stories, snapshot.actors_of = _stories(conn)
        snapshot.corpus_documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    if STORY_SURNAME in kinds:
        snapshot.person_mentions = _person_mentions(conn, keys)
    return snapshot


def _person_mentions(
    conn: Database | sqlite3.Connection, keys: Mapping[tuple[int, str], str]
) -> dict[int, list[tuple[int, str, int, str]]]:
    """Per document naming a one-word surname of a person and a several-word person form, its
    persons' mentions in order: (entity id, form key, start, the word written before it)."""
    rows = conn.execute(
        "SELECT m.document_id, m.entity_id, m.text, m.start, "
        "substr(s.text, max(1, m.start - s.start - 39), min(40, m.start - s.start)) "
        "FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "JOIN sentences s ON s.id = m.sentence_id WHERE e.type = 'PERSON' "
        "ORDER BY m.document_id, m.start"
    )
    found: dict[int, list[tuple[int, str, int, str]]] = defaultdict(list)
    for document_id, entity_id, text, start, before in rows:
        key = keys.get((entity_id, text)) or matching_key(text)
        words = before.split()
        word_before = words[-1] if words and before[-1:].isspace() else ""
        found[document_id].append((entity_id, key, start, word_before))
    return {
        document: mentions
        for document, mentions in found.items()
        if any(" " in k for _e, k, _s, _b in mentions)
        and any(" " not in k for _e, k, _s, _b in mentions)
    }


def _stories(
    conn: Database | sqlite3.Connection,
) -> tuple[dict[int, dict[int, dict[str, int]]], dict[int, frozenset[int]]]:
    """Per entity, per document, its mentions there by NER label; per document, the entities
    it names. (Plain dicts filled row by row: one row per entity, document and label.)"""
    stories: dict[int, dict[int, dict[str, int]]] = {}
    named: dict[int, set[int]] = defaultdict(set)
    rows = conn.execute(
        "SELECT entity_id, document_id, label, count(*) FROM mentions "
        "GROUP BY entity_id, document_id, label"
    )
    for entity_id, document_id, label, n in rows:
        documents = stories.get(entity_id)
        if documents is None:
            documents = stories[entity_id] = {}
        labels = documents.get(document_id)
        if labels is None:
            documents[document_id] = {label: n}
        else:
            labels[label] = n
        named[document_id].add(entity_id)
    return stories, {d: frozenset(entities) for d, entities in named.items()}


def _main_key(payload: dict) -> str | None:
    """The heaviest key of a decision's entity locator (the entity's main form)."""
    keys = (payload.get("entity") or {}).get("keys")
    if not isinstance(keys, dict) or not keys:
        return None
    return str(max(sorted(keys), key=lambda k: keys[k] if isinstance(keys[k], int) else 0))


def _labels(
    conn: Database | sqlite3.Connection, keys: Mapping[tuple[int, str], str]
) -> tuple[dict[int, Counter[str]], dict[int, Counter[str]], dict[tuple[int, str], Counter[str]]]:
    """Mentions by NER label per entity; the same for the mentions written with several words;
    and per PERSON entity and one-word alias key (``keys``: each alias's). Per entity, mentions
    in capitals (datelines, tables) count only for entities that have no other."""
    plain: dict[int, Counter[str]] = defaultdict(Counter)
    capitals: dict[int, Counter[str]] = defaultdict(Counter)
    several: dict[int, Counter[str]] = defaultdict(Counter)
    rows = conn.execute(
        "SELECT entity_id, label, long, sum(shouting), count(*) FROM (SELECT entity_id, label, "
        "text = upper(text) AND text != lower(text) AND length(text) > 4 AS shouting, "
        "instr(trim(text), ' ') > 0 AS long FROM mentions) GROUP BY entity_id, label, long"
    )
    for entity_id, label, long, shouting, n in rows:
        if n > shouting:
            plain[entity_id][label] += n - shouting
            if long:
                several[entity_id][label] += n - shouting
        if shouting:
            capitals[entity_id][label] += shouting
    per_entity = {i: plain[i] if plain.get(i) else capitals[i] for i in {*plain, *capitals}}
    by_alias: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    rows = conn.execute(
        "SELECT m.entity_id, m.text, m.label, count(*) FROM mentions m JOIN entities e "
        "ON e.id = m.entity_id WHERE e.type = 'PERSON' AND instr(trim(m.text), ' ') = 0 "
        "GROUP BY m.entity_id, m.text, m.label"
    )
    for entity_id, text, label, n in rows:
        key = keys.get((entity_id, text))
        by_alias[entity_id, key if key is not None else matching_key(text)][label] += n
    return per_entity, dict(several), dict(by_alias)


def _documents(
    conn: Database | sqlite3.Connection,
    keys: Mapping[tuple[int, str], str],
    persons_only: bool = True,
) -> tuple[dict[int, dict[int, set[str]]], dict[int, set[int]]]:
    """Per entity (person, unless ``persons_only`` is false) with a one-word alias, per document,
    the keys of its forms there, several-word forms written out though NER cut them included
    (:func:`_add_written_in_full`); and per entity, the documents only those name in full."""
    documents: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    rows = conn.execute(
        "SELECT m.entity_id, m.document_id, m.text FROM mentions m JOIN entities e "
        "ON e.id = m.entity_id WHERE (e.type = 'PERSON' OR NOT ?) AND e.id IN (SELECT entity_id "
        "FROM aliases WHERE instr(normalized, ' ') = 0) GROUP BY m.entity_id, m.document_id, m.text",
        [persons_only],
    )
    for entity_id, document_id, text in rows:
        key = keys.get((entity_id, text))
        documents[entity_id][document_id].add(key if key is not None else matching_key(text))
    cut = _add_written_in_full(conn, keys, documents, persons_only)
    return documents, cut


def _add_written_in_full(
    conn: Database | sqlite3.Connection,
    keys: Mapping[tuple[int, str], str],
    documents: dict[int, dict[int, set[str]]],
    persons_only: bool,
) -> dict[int, set[int]]:
    """For one-word mentions, the entity's several-word forms written in the same sentence
    though NER cut them ("a British Retail Consortium survey" read as "British" and "Retail
    Consortium"; "sacked Adrian Mutu" read as the group "Adrian" and the person "Mutu"): the
    document names the entity in full. Returns, per entity, the documents that only this
    names in full (no mention of a several-word form of it there)."""
    several: dict[int, dict[str, str]] = defaultdict(dict)
    for (entity_id, alias), key in keys.items():
        if " " in key:
            several[entity_id][alias] = key
    rows = conn.execute(
        "SELECT m.entity_id, m.document_id, s.text FROM mentions m JOIN entities e "
        "ON e.id = m.entity_id JOIN sentences s ON s.id = m.sentence_id "
        "WHERE (e.type = 'PERSON' OR NOT ?) AND instr(trim(m.text), ' ') = 0 "
        "GROUP BY m.entity_id, m.sentence_id",
        [persons_only],
    )
    cut: dict[int, set[int]] = defaultdict(set)
    for entity_id, document_id, sentence in rows:
        if entity_id not in documents:
            continue  # no one-word alias: nothing asks
        for alias, key in several.get(entity_id, {}).items():
            if _written_in(alias, sentence):
                in_document = documents[entity_id][document_id]
                if not any(" " in k for k in in_document) or document_id in cut[entity_id]:
                    cut[entity_id].add(document_id)
                in_document.add(key)
    return cut


def _written_in(alias: str, sentence: str) -> bool:
    """Whether ``alias`` is written in ``sentence`` as whole words ("Ed Ball" is not in "Ed
    Balls said")."""
    at = sentence.find(alias)
    while at >= 0:
        end = at + len(alias)
        before = sentence[at - 1] if at else " "
        after = sentence[end] if end < len(sentence) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        at = sentence.find(alias, at + 1)
    return False


# --------------------------------------------------------------------------- evidence


def item_evidence(
    conn: Database | sqlite3.Connection, item: ReviewItem, per_side: int = EVIDENCE_PER_SIDE
) -> list[EvidenceSide]:
    """A few sentences (different documents first) for each side of the item."""
    main = item.entities[0]
    if item.kind == STORY_SURNAME and item.alias is not None:
        return _story_surname_evidence(conn, item, per_side)
    if item.kind in (SURNAME, SPELLING, SHARED_WORD) and item.alias is not None:
        key = matching_key(item.alias)
        mine = _texts(conn, main, lambda k: k == key)
        name = _entity_name(conn, main)
        rest = _texts(conn, main, lambda k: k != key)
        sides = [
            EvidenceSide(f"“{item.alias}”", _sentences(conn, main, mine, None, per_side)),
            EvidenceSide(f"“{name}”", _sentences(conn, main, rest, None, per_side)),
        ]
        others = 2 if item.kind == SHARED_WORD else 1  # the word's own actor: the rival reading
        for other in item.entities[1:]:  # the others bearing the surname or the word
            sides.append(
                EvidenceSide(
                    f"also “{_entity_name(conn, other)}” #{other}",
                    _sentences(conn, other, None, None, others),
                )
            )
        return sides
    if item.kind == STORY_GROUPS:
        return [
            EvidenceSide(
                f"group {n}: {len(group.documents)} stories, {group.mentions} mentions; with "
                + (", ".join(group.co_actors) or "no other actor"),
                _sentences(conn, main, None, None, per_side, group.documents),
            )
            for n, group in enumerate(item.groups, 1)
        ]
    if item.kind == TYPE:
        return [
            EvidenceSide(f"labelled {label}", _sentences(conn, main, None, label, per_side))
            for label in item.labels
        ]
    if item.kind == SAME_NAME:
        return [
            EvidenceSide(
                f"#{entity_id} {_entity_name(conn, entity_id)}",
                _sentences(conn, entity_id, None, None, 2),
            )
            for entity_id in item.entities[:5]
        ]
    if item.kind == MANY_FORMS:
        forms = list(item.forms[: per_side * 2])
        return [
            EvidenceSide("forms met once", _sentences(conn, main, forms, None, per_side * 2)),
            EvidenceSide(
                f"“{_entity_name(conn, main)}”",
                _sentences(conn, main, _texts(conn, main, lambda k: k not in forms), None, 2),
            ),
        ]
    return []


def _story_surname_evidence(
    conn: Database | sqlite3.Connection, item: ReviewItem, per_side: int
) -> list[EvidenceSide]:
    """The bare surname's sentences in the item's stories, the full name it joined there, and
    each other bearer's full name there."""
    main, alias = item.entities[0], item.alias or ""
    key = matching_key(alias)
    stories = item.documents
    mine = _texts(conn, main, lambda k: k == key)
    full = _texts(conn, main, lambda k: " " in k)
    sides = [
        EvidenceSide(f"“{alias}”", _sentences(conn, main, mine, None, per_side, stories)),
        EvidenceSide(
            f"“{_entity_name(conn, main)}”", _sentences(conn, main, full, None, per_side, stories)
        ),
    ]
    for other in item.entities[1:]:
        sides.append(
            EvidenceSide(
                f"also “{_entity_name(conn, other)}” #{other}",
                _sentences(conn, other, None, None, per_side, stories),
            )
        )
    return sides


def _entity_name(conn: Database | sqlite3.Connection, entity_id: int) -> str:
    row = conn.execute("SELECT name FROM entities WHERE id = ?", [entity_id]).fetchone()
    return row[0] if row else f"#{entity_id}"


def _texts(conn: Database | sqlite3.Connection, entity_id: int, keep: object) -> list[str]:
    rows = conn.execute(
        "SELECT alias, normalized FROM aliases WHERE entity_id = ? ORDER BY count DESC",
        [entity_id],
    ).fetchall()
    return [alias for alias, key in rows if callable(keep) and keep(key)]


def _sentences(
    conn: Database | sqlite3.Connection,
    entity_id: int,
    texts: Sequence[str] | None,
    label: str | None,
    limit: int,
    documents: Sequence[int] | None = None,
) -> tuple[EvidenceSentence, ...]:
    """Up to ``limit`` mentions of the entity (written as one of ``texts``, labelled ``label``,
    in one of ``documents``, when given), one per document, in corpus order."""
    if texts is not None and not texts:
        return ()
    where, params = ["m.entity_id = ?"], [entity_id]
    if documents is not None:
        where.append("m.document_id IN (SELECT value FROM json_each(?))")
        params.append(_json_list(list(documents)))  # type: ignore[arg-type]
    if texts is not None:
        where.append("m.text IN (SELECT value FROM json_each(?))")
        params.append(_json_list(texts))  # type: ignore[arg-type]
    if label is not None:
        where.append("m.label = ?")
        params.append(label)  # type: ignore[arg-type]
    rows = conn.execute(
        f"""
        SELECT m.id, m.document_id, d.title, s.text, m.start - s.start, m."end" - s.start,
               m.text, m.label
        FROM mentions m JOIN sentences s ON s.id = m.sentence_id
        JOIN documents d ON d.id = m.document_id
        WHERE m.id IN (SELECT min(m.id) FROM mentions m WHERE {" AND ".join(where)}
                       GROUP BY m.document_id ORDER BY min(m.id) LIMIT ?)
        ORDER BY m.id
        """,
        [*params, limit],
    ).fetchall()
    return tuple(EvidenceSentence(*row) for row in rows)


def _json_list(values: Sequence[object]) -> str:
    import json

    return json.dumps(list(values), ensure_ascii=False)
