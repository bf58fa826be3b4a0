"""Build ``benchmarks/gold/search_queries.tsv`` from the curated actors, reproducibly.

    python benchmarks/make_search_queries.py --bbc-db BBC_DB --libya-db LIBYA_DB [--seed 13]

``benchmarks/gold/search_actors.tsv`` lists real actors, judged by reading their mentions: the
BBC corpus' people, organisations and places (source ``bbc``) and the Libya gazetteer's and the
seed article's actors (source ``libya``), each with its canonical full name, other full names of
the same actor (``accept``), a surname to search by (and the other names ending with it that were
read and found not to be namesakes), and published alternative spellings. From it,
with a seeded random generator, every actor gets:

- ``full``: its canonical name;
- ``surname``: the bare surname, only when no other actor in that database has it (checked here:
  no other entity has a several-word name or alias ending with it); such a surname also joins the
  ``accept`` names, since an entity holding only the lone surname can only be this actor (the
  script lists those entities: they were read, and a surname that is also, say, a company's
  name in the corpus, "Gerrard", has no ``surname`` entry);
- ``drop`` / ``swap`` / ``typo``: one letter dropped, two adjacent letters swapped, one letter
  replaced by a QWERTY neighbour, in the full name or (people) the surname; never the first letter,
  in a word of 5+ letters, and never giving a string that is already some entity's name or alias;
- ``prefix``: the first 4-6 letters as typed, ending inside a word, only when the actor is the
  most-mentioned one with a name starting so (otherwise the prefix does not say whom it means);
- ``romanisation``: its published alternative spellings (up to two).

Then the hand-written traps of issue 13 (``TRAPS``). Queries are lower case, as people type them.
An actor missing from its database is left out with a warning: only queries whose actor really is
in the database being searched count.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_search import (  # noqa: E402
    COLUMNS,
    SOURCES,
    Catalogue,
    DatabaseUnusable,
    matching_key,
    read_catalogue,
)

GOLD = Path(__file__).resolve().parent / "gold"
TYPO_KINDS = ("drop", "swap", "typo")
MIN_EDITED_WORD = 5
MAX_ROMANISATIONS = 2
PREFIX_SHARE = 0.35
#: Share of people with a surname query who get a second misspelt query.
SECOND_MISSPELLING = 0.4

#: Issue 13's traps, as users typed them: (query, expected actor, kind, source).
TRAPS = [
    ("hifter", "Khalifa Haftar", "romanisation", "libya"),
    ("blair", "Tony Blair", "surname", "bbc"),
    ("bin laden", "Osama Bin Laden", "surname", "bbc"),
    ("putin", "Vladimir Putin", "surname", "bbc"),
    ("chelsea", "Chelsea", "full", "bbc"),
    ("netanyahu", "Binyamin Netanyahu", "surname", "bbc"),
    ("netanyhu", "Binyamin Netanyahu", "drop", "bbc"),
    ("lybia", "Libya", "typo", "bbc"),
    ("lybia", "Libya", "typo", "libya"),
    ("al qaida", "al-Qaeda", "romanisation", "bbc"),
    ("tony blare", "Tony Blair", "typo", "bbc"),
]

QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def keyboard_neighbours() -> dict[str, str]:
    """Letters touching each letter on a QWERTY keyboard: left and right on its row, and the two
    keys below (the row below is shifted right: under ``w`` are ``a`` and ``s``) and above."""
    where = {ch: (r, c) for r, row in enumerate(QWERTY_ROWS) for c, ch in enumerate(row)}
    touching = {(0, -1), (0, 1), (1, -1), (1, 0), (-1, 0), (-1, 1)}
    return {
        ch: "".join(o for o, (r2, c2) in where.items() if (r2 - r, c2 - c) in touching)
        for ch, (r, c) in where.items()
    }


NEIGHBOURS = keyboard_neighbours()


@dataclass(frozen=True)
class Actor:
    name: str
    accept: tuple[str, ...]
    surname: str
    not_namesakes: tuple[str, ...]
    romanisations: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Query:
    query: str
    expected: str
    accept: tuple[str, ...]
    kind: str
    source: str

    def row(self) -> list[str]:
        return [self.query, self.expected, ";".join(self.accept), self.kind, self.source]


def split_names(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


class ActorsFileError(Exception):
    """The curated actors file is missing or lacks a column."""


ACTOR_COLUMNS = ("name", "accept", "surname", "not_namesakes", "romanisations", "source")


def read_actors(path: Path) -> list[Actor]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as exc:
        raise ActorsFileError(f"{path}: cannot read ({exc.strerror})") from exc
    for line_no, row in enumerate(rows, start=2):
        if any(row.get(column) is None for column in ACTOR_COLUMNS) or row["source"] not in SOURCES:
            raise ActorsFileError(f"{path}:{line_no}: needs the columns {', '.join(ACTOR_COLUMNS)}")
    return [
        Actor(
            r["name"],
            split_names(r["accept"]),
            r["surname"].strip(),
            split_names(r["not_namesakes"]),
            split_names(r["romanisations"]),
            r["source"],
        )
        for r in rows
    ]


# --------------------------------------------------------------------------- checks on the database


def entities_of(actor: Actor, catalogue: Catalogue) -> set[int]:
    return catalogue.entities_named((actor.name, *actor.accept))


def others_with_surname(actor: Actor, actor_ids: set[int], catalogue: Catalogue) -> list[str]:
    """Names of other entities with a several-word name or alias ending with the surname, except
    those read and judged not to be another actor of that name (``not_namesakes``: an album
    title, a list of names the NER took for one, the same person with an initial)."""
    key = matching_key(actor.surname)
    judged = {matching_key(text) for text in actor.not_namesakes}
    found = []
    for eid, text in catalogue.strings:
        text_key = matching_key(text)
        if eid not in actor_ids and text_key.endswith(" " + key) and text_key not in judged:
            found.append(text)
    return found


def is_known_string(text: str, catalogue: Catalogue) -> bool:
    return matching_key(text) in catalogue.by_key


def dominates(prefix: str, actor_ids: set[int], catalogue: Catalogue) -> bool:
    """Is the actor the most-mentioned entity with a name or alias starting with ``prefix``, and
    is the prefix no other entity's whole word (``rafa`` is Rafa Benitez's first name, so it does
    not point at Rafael Nadal)?"""
    key = matching_key(prefix)
    mine = max(catalogue.mentions[eid] for eid in actor_ids)
    for eid, text in catalogue.strings:
        text_key = matching_key(text)
        if eid in actor_ids or not text_key.startswith(key):
            continue
        if catalogue.mentions[eid] >= mine or text_key == key or text_key.startswith(key + " "):
            return False
    return True


# --------------------------------------------------------------------------- variants


def letter_positions(word: str, kind: str) -> list[int]:
    """Where an edit may go: never the first letter; a swap needs two different letters."""
    if kind == "swap":
        return [
            i
            for i in range(1, len(word) - 1)
            if word[i].isalpha() and word[i + 1].isalpha() and word[i] != word[i + 1]
        ]
    return [i for i in range(1, len(word)) if word[i].isalpha()]


def edit_word(rng: random.Random, word: str, kind: str) -> str | None:
    positions = letter_positions(word, kind)
    if not positions:
        return None
    i = rng.choice(positions)
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    choices = NEIGHBOURS.get(word[i], "")
    return word[:i] + rng.choice(choices) + word[i + 1 :] if choices else None


def misspell(rng: random.Random, text: str, kind: str, catalogue: Catalogue) -> str | None:
    """``text`` with one edit of ``kind`` in one of its words of 5+ letters; never a known name."""
    words = text.split(" ")
    long_words = [
        i for i, w in enumerate(words) if sum(ch.isalpha() for ch in w) >= MIN_EDITED_WORD
    ]
    for _attempt in range(12):
        if not long_words:
            return None
        i = rng.choice(long_words)
        edited = edit_word(rng, words[i], kind)
        if edited is None or edited == words[i]:
            continue
        candidate = " ".join([*words[:i], edited, *words[i + 1 :]])
        if not is_known_string(candidate, catalogue):
            return candidate
    return None


def typed_prefix(
    rng: random.Random, name: str, actor_ids: set[int], catalogue: Catalogue
) -> str | None:
    """The first 4-6 letters of ``name`` as typed, stopping inside a word (``jack s``, not
    ``jack``: a whole word is a query of its own), when the prefix points at this actor."""
    counts = [4, 5, 6]
    rng.shuffle(counts)
    for letters in counts:
        end = letter_end(name, letters)
        if end is None or end >= len(name) or not name[end].isalpha():
            continue
        prefix = name[:end]
        if dominates(prefix, actor_ids, catalogue):
            return prefix
    return None


def letter_end(text: str, letters: int) -> int | None:
    """The index just after the ``letters``-th letter of ``text``."""
    seen = 0
    for i, ch in enumerate(text):
        seen += ch.isalpha()
        if seen == letters:
            return i + 1
    return None


# --------------------------------------------------------------------------- per actor


def queries_for(
    actor: Actor, rng: random.Random, catalogue: Catalogue, warn: list[str]
) -> list[Query]:
    ids = entities_of(actor, catalogue)
    if not ids:
        warn.append(f"{actor.source}: {actor.name!r} is not in the database: left out")
        return []

    surname = actor.surname.lower()
    if surname:
        clash = others_with_surname(actor, ids, catalogue)
        if clash:
            warn.append(
                f"{actor.source}: surname {surname!r} of {actor.name!r} also names {clash[:4]}"
            )
            surname = ""
    # A surname no one else has denotes the actor: an entity the database keeps for the lone
    # surname ("Sharapova", labelled GPE, so not joined to Maria Sharapova) is a right answer.
    accept = (*actor.accept, actor.surname) if surname else actor.accept
    lone = catalogue.entities_named(accept) - ids
    if lone:
        names = sorted(catalogue.names[eid] for eid in lone)
        warn.append(
            f"{actor.source}: {actor.name!r} also counts lone-surname entities {names} (read them)"
        )
    ids |= lone

    def make(text: str, kind: str) -> Query:
        return Query(text.lower(), actor.name, accept, kind, actor.source)

    name = actor.name.lower()
    out = [make(name, "full")]
    if surname:
        out.append(make(surname, "surname"))
    kinds = rng.sample(TYPO_KINDS, 2 if surname and rng.random() < SECOND_MISSPELLING else 1)
    for kind in kinds:
        target = surname if surname and rng.random() < 0.5 else name
        variant = misspell(rng, target, kind, catalogue) or misspell(rng, name, kind, catalogue)
        if variant:
            out.append(make(variant, kind))
    if rng.random() < PREFIX_SHARE:
        prefix = typed_prefix(rng, name, ids, catalogue)
        if prefix:
            out.append(make(prefix, "prefix"))
    spellings = [r for r in actor.romanisations if matching_key(r) != matching_key(actor.name)]
    for spelling in rng.sample(spellings, min(MAX_ROMANISATIONS, len(spellings))):
        out.append(make(spelling, "romanisation"))
    return out


def trap_queries(
    generated: list[Query], catalogues: dict[str, Catalogue], warn: list[str]
) -> list[Query]:
    """Issue 13's traps, with the accepted names of their actor's generated queries."""
    accepted = {(q.expected, q.source): q.accept for q in generated}
    out = []
    for query, expected, kind, source in TRAPS:
        if source not in catalogues:
            continue
        accept = accepted.get((expected, source), ())
        if not catalogues[source].entities_named((expected, *accept)):
            warn.append(f"{source}: trap {query!r}: {expected!r} is not in the database: left out")
            continue
        out.append(Query(query, expected, accept, kind, source))
    return out


def build(
    actors: list[Actor], catalogues: dict[str, Catalogue], seed: int
) -> tuple[list[Query], list[str]]:
    rng = random.Random(seed)
    warn: list[str] = []
    out: list[Query] = []
    for actor in actors:
        out.extend(queries_for(actor, rng, catalogues[actor.source], warn))
    out.extend(trap_queries(out, catalogues, warn))
    seen: set[tuple[str, str]] = set()
    unique = []
    for q in out:
        if (q.query, q.source) not in seen:
            seen.add((q.query, q.source))
            unique.append(q)
    return unique, warn


def write(queries: list[Query], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        writer.writerow(COLUMNS)
        for q in queries:
            writer.writerow(q.row())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc-db", type=Path, help="database of the BBC corpus")
    parser.add_argument("--libya-db", type=Path, help="database of seeds/ + BBC")
    parser.add_argument(
        "--heldout-db", type=Path, help="database of BBC + heldout_types.jsonl (held-out set)"
    )
    parser.add_argument("--actors", type=Path, default=GOLD / "search_actors.tsv")
    parser.add_argument("--out", type=Path, default=GOLD / "search_queries.tsv")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    dbs = {"bbc": args.bbc_db, "libya": args.libya_db, "heldout": args.heldout_db}
    dbs = {source: db for source, db in dbs.items() if db}
    if not dbs:
        print("error: give at least one of --bbc-db, --libya-db, --heldout-db", file=sys.stderr)
        return 2
    for db in dbs.values():
        if not db.is_file():
            print(f"error: {db}: no such database file", file=sys.stderr)
            return 2
    try:
        catalogues = {source: read_catalogue(db) for source, db in dbs.items()}
        actors = [a for a in read_actors(args.actors) if a.source in catalogues]
    except (DatabaseUnusable, ActorsFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    queries, warnings = build(actors, catalogues, args.seed)
    for line in warnings:
        print(f"note: {line}", file=sys.stderr)
    write(queries, args.out)
    counts: dict[str, int] = {}
    for q in queries:
        counts[f"{q.source}/{q.kind}"] = counts.get(f"{q.source}/{q.kind}", 0) + 1
    print(f"{len(queries)} queries -> {args.out}")
    print("  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
