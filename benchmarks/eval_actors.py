"""Actor-resolution quality of a libya-explore database against hand-labelled gold actors.

    python benchmarks/eval_actors.py --db DB [--gold benchmarks/gold/bbc_actors.tsv] [--json]
    python benchmarks/eval_actors.py --db DB --compare DB2

The gold file (``benchmarks/gold/README.md``) lists, per document, surface forms of names with
the actor each one denotes. Every occurrence of a gold surface in ``documents.text`` (word
boundaries, longest surfaces first, an occurrence inside an already claimed longer one skipped)
is mapped to the system mention that overlaps it most; occurrences no mention overlaps are NER
misses. On the mapped occurrences the script reports mention-level B-cubed and pairwise merge
precision/recall, the wrong and missed merges, type accuracy beside spaCy's own labels, same-name
splits, a junk-name count over all entities, and which gold junk spans are still produced.

It reads the database through SQL on the documented schema only (README "Schema"), never through
``explorer`` internals, so it keeps working while the package is refactored.
"""

from __future__ import annotations

import argparse
import bisect
import html
import json
import re
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold" / "bbc_actors.tsv"
GOLD_COLUMNS = ("doc", "surface", "actor", "type")
NOT_AN_ACTOR = "-"
UNKNOWN_ACTOR = "?"
# The labels libya-explore keeps (README "NLP"); gold types outside them (PRODUCT, WORK_OF_ART,
# LAW) take part in the clustering scores but not in type accuracy.
KEPT_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT"})
TOP = 15


class GoldError(Exception):
    """A gold file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class GoldRow:
    doc: str
    surface: str
    actor: str
    type: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity_id: int
    label: str
    text: str


@dataclass(frozen=True)
class Item:
    """One gold occurrence mapped to the system mention that overlaps it most."""

    actor: str
    gold_type: str
    entity_id: int
    label: str


@dataclass
class Corpus:
    """What the scorer needs from one database."""

    documents: dict[str, tuple[int, str]]  # gold document key -> (id, text)
    mentions: dict[int, list[Mention]]  # document id -> mentions by start
    entity_name: dict[int, str]
    entity_type: dict[int, str]
    entity_mentions: dict[int, int]
    alias_names: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- reading


def load_gold(path: Path) -> tuple[list[GoldRow], list[GoldRow]]:
    """Return (actor rows, junk rows) of a gold TSV with a header line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"{path}: cannot read the gold file ({error})") from error
    if not lines or tuple(lines[0].split("\t")[:4]) != GOLD_COLUMNS:
        raise GoldError(f"{path}:1: expected the header doc, surface, actor, type[, note]")
    rows: list[GoldRow] = []
    junk: list[GoldRow] = []
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 4 or not all(fields[:4]):
            raise GoldError(f"{path}:{number}: expected doc, surface, actor, type[, note]")
        row = GoldRow(*fields[:4])
        if (row.doc, row.surface) in seen:
            raise GoldError(f"{path}:{number}: {row.doc} {row.surface!r} is listed twice")
        seen.add((row.doc, row.surface))
        (junk if row.actor == NOT_AN_ACTOR else rows).append(row)
    return rows, junk


def document_key(path: str) -> str:
    """The gold document key of a stored document path (the JSONL id after '#')."""
    return path.split("#", 1)[1] if "#" in path else path


def open_database(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise GoldError(f"{path}: no such database")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.execute("SELECT id, path, text FROM documents LIMIT 1").fetchall()
        connection.execute(
            'SELECT id, entity_id, document_id, start, "end", text, label FROM mentions LIMIT 1'
        ).fetchall()
    except sqlite3.DatabaseError as error:
        raise GoldError(f"{path}: not a libya-explore database ({error})") from error
    return connection


def load_corpus(path: Path) -> Corpus:
    connection = open_database(path)
    documents = {
        document_key(doc_path): (doc_id, text)
        for doc_id, doc_path, text in connection.execute("SELECT id, path, text FROM documents")
    }
    mentions: dict[int, list[Mention]] = defaultdict(list)
    query = 'SELECT document_id, start, "end", entity_id, label, text FROM mentions'
    for doc_id, start, end, entity_id, label, text in connection.execute(query):
        mentions[doc_id].append(Mention(start, end, entity_id, label, text))
    for doc_mentions in mentions.values():
        doc_mentions.sort(key=lambda m: (m.start, m.end))
    names, types, counts = {}, {}, {}
    query = "SELECT id, name, type, mention_count FROM entities"
    for entity_id, name, type_, count in connection.execute(query):
        names[entity_id], types[entity_id], counts[entity_id] = name, type_, count
    aliases = {alias for (alias,) in connection.execute("SELECT alias FROM aliases")}
    connection.close()
    return Corpus(documents, dict(mentions), names, types, counts, aliases)


# ---------------------------------------------------------------- mapping


def occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    pattern = r"(?<!\w)" + re.escape(surface) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def best_mention(doc_mentions: list[Mention], starts: list[int], start: int, end: int):
    """The mention overlapping [start, end) most (ties: the earliest), or None."""
    best, best_overlap = None, 0
    # mentions are short: any overlapping one starts within a few hundred characters before
    index = bisect.bisect_left(starts, start - 300)
    for mention in doc_mentions[index:]:
        if mention.start >= end:
            break
        overlap = min(end, mention.end) - max(start, mention.start)
        if overlap > best_overlap:
            best, best_overlap = mention, overlap
    return best


def matched_gold(
    rows: list[GoldRow], corpus: Corpus, counts: Counter
) -> Iterator[tuple[GoldRow, int, Mention]]:
    """Each gold occurrence of a known actor with its document id and the system mention it
    maps to (longest surfaces first, an occurrence inside a longer one skipped); what cannot be
    mapped is tallied in ``counts``."""
    by_doc: dict[str, list[GoldRow]] = defaultdict(list)
    for row in rows:
        by_doc[row.doc].append(row)
    for doc, doc_rows in by_doc.items():
        if doc not in corpus.documents:
            counts["documents_missing"] += 1
            counts["rows_in_missing_documents"] += len(doc_rows)
            continue
        doc_id, text = corpus.documents[doc]
        doc_mentions = corpus.mentions.get(doc_id, [])
        starts = [m.start for m in doc_mentions]
        claimed: list[tuple[int, int]] = []
        for row in sorted(doc_rows, key=lambda r: (-len(r.surface), r.surface)):
            spans = occurrences(text, row.surface)
            if not spans:
                counts["surfaces_not_in_text"] += 1
            for start, end in spans:
                if overlaps(claimed, start, end):
                    continue
                claimed.append((start, end))
                if row.actor == UNKNOWN_ACTOR:
                    counts["unknown_actor_occurrences"] += 1
                    continue
                mention = best_mention(doc_mentions, starts, start, end)
                if mention is None:
                    counts["ner_misses"] += 1
                    continue
                yield row, doc_id, mention


def map_gold(rows: list[GoldRow], corpus: Corpus) -> tuple[list[Item], dict[str, int]]:
    """Gold occurrences mapped to system mentions, and counts of what could not be mapped."""
    counts: Counter = Counter()
    items = [
        Item(row.actor, row.type, mention.entity_id, mention.label)
        for row, _doc_id, mention in matched_gold(rows, corpus, counts)
    ]
    return items, dict(counts)


# ---------------------------------------------------------------- scores


def b_cubed(items: list[Item]) -> tuple[float, float]:
    """Mention-level B-cubed precision and recall (each item weighs the same)."""
    if not items:
        return 1.0, 1.0
    cell = Counter((i.actor, i.entity_id) for i in items)
    gold = Counter(i.actor for i in items)
    system = Counter(i.entity_id for i in items)
    precision = sum(n * n / system[s] for (_, s), n in cell.items()) / len(items)
    recall = sum(n * n / gold[g] for (g, _), n in cell.items()) / len(items)
    return precision, recall


def pairs(counts: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def pairwise(items: list[Item]) -> tuple[float, float]:
    """Precision and recall of the merges, counted over pairs of gold occurrences."""
    together = pairs(Counter((i.actor, i.entity_id) for i in items))
    system = pairs(Counter(i.entity_id for i in items))
    gold = pairs(Counter(i.actor for i in items))
    return (together / system if system else 1.0), (together / gold if gold else 1.0)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def wrong_merges(items: list[Item], corpus: Corpus) -> list[dict]:
    """System entities holding two or more gold actors, most misplaced occurrences first."""
    by_entity: dict[int, Counter] = defaultdict(Counter)
    for item in items:
        by_entity[item.entity_id][item.actor] += 1
    merges = []
    for entity_id, actors in by_entity.items():
        if len(actors) < 2:
            continue
        total = sum(actors.values())
        merges.append(
            {
                "entity_id": entity_id,
                "entity": corpus.entity_name[entity_id],
                "type": corpus.entity_type[entity_id],
                "occurrences": total,
                "misplaced": total - actors.most_common(1)[0][1],
                "actors": actors.most_common(),
            }
        )
    return sorted(merges, key=lambda m: (-m["misplaced"], -m["occurrences"], m["entity"]))


def missed_merges(items: list[Item], corpus: Corpus) -> list[dict]:
    """Gold actors spread over two or more system entities, most scattered occurrences first."""
    by_actor: dict[str, Counter] = defaultdict(Counter)
    for item in items:
        by_actor[item.actor][item.entity_id] += 1
    misses = []
    for actor, entities in by_actor.items():
        if len(entities) < 2:
            continue
        total = sum(entities.values())
        misses.append(
            {
                "actor": actor,
                "occurrences": total,
                "outside_largest": total - entities.most_common(1)[0][1],
                "entities": [
                    (corpus.entity_name[e], e, corpus.entity_type[e], n)
                    for e, n in entities.most_common()
                ],
            }
        )
    return sorted(misses, key=lambda m: (-m["outside_largest"], -m["occurrences"], m["actor"]))


def type_accuracy(items: list[Item], corpus: Corpus) -> dict:
    """Resolved types against gold types, beside spaCy's per-mention labels."""
    typed = [i for i in items if i.gold_type in KEPT_TYPES]
    if not typed:
        return {"occurrences": 0}
    gold_type: dict[str, Counter] = defaultdict(Counter)
    holder: dict[str, Counter] = defaultdict(Counter)
    for item in typed:
        gold_type[item.actor][item.gold_type] += 1
        holder[item.actor][item.entity_id] += 1
    actors_right = weighted_right = 0
    for actor, entities in holder.items():
        main_entity = entities.most_common(1)[0][0]
        right = corpus.entity_type[main_entity] == gold_type[actor].most_common(1)[0][0]
        actors_right += right
        weighted_right += right * sum(entities.values())
    entity_types = sum(corpus.entity_type[i.entity_id] == i.gold_type for i in typed)
    spacy_labels = sum(i.label == i.gold_type for i in typed)
    return {
        "actors": len(holder),
        "occurrences": len(typed),
        "excluded_occurrences": len(items) - len(typed),
        "entity_level": actors_right / len(holder),
        "entity_level_weighted": weighted_right / len(typed),
        "mention_level": entity_types / len(typed),
        "spacy_mention_level": spacy_labels / len(typed),
    }


def same_name_splits(corpus: Corpus) -> dict:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for entity_id, name in corpus.entity_name.items():
        groups[(name, corpus.entity_type[entity_id])].append(entity_id)
    split = {key: ids for key, ids in groups.items() if len(ids) > 1}
    examples = sorted(split.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return {
        "names": len(split),
        "entities": sum(len(ids) for ids in split.values()),
        "examples": [f"{name} ({type_}) x{len(ids)}" for (name, type_), ids in examples[:TOP]],
    }


# ---------------------------------------------------------------- junk names


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NAME_PARTICLES = _words(
    "al el bin ibn bint abu abd van von de da di du der den des la le ter ten dos das del della "
    "ul ud st"
)
HONORIFICS = _words("Mr Mr. Mrs Mrs. Ms Ms. Miss Mx Dr Dr. Prof Prof. Professor")
JOB_TITLES = _words(
    """actor actress author boss captain chairman chancellor chief coach columnist comedian
    commissioner composer correspondent defender designer director editor goalkeeper governor
    guitarist judge keeper lawyer leader magistrate manager midfielder minister model musician
    novelist physio player president presenter producer rapper referee reporter secretary
    senator singer skipper spokesman spokeswoman sprinter star striker winger writer DJ"""
)
PUNCT_EDGE = "-–—:;,./\\|(["
SCORE = re.compile(r"(?<![\w-])\d{1,3}-\d{1,3}(?![\w-])")
HTML_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
#: "/" only between two words of three or more letters ("Brown/Blair"; not "Blue Gene/L")
COORDINATORS = re.compile(r"\s+(?:and|v|vs|or|to)\s+|(?<=\w{3})\s*/\s*(?=\w{3})|,\s*")
# a full stop that ends an abbreviation is part of the name ("Warner Bros.", "Hank Williams Jr.")
ABBREVIATION_END = re.compile(r"(?:^|[\s.])(?:Inc|Corp|Co|Ltd|Bros|Jr|Sr|Jnr|St|Plc|Mt|[A-Z])\.$")


def is_emoji(character: str) -> bool:
    code = ord(character)
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x1F1E6 <= code <= 0x1F1FF


def lowercase_lead(name: str) -> bool:
    """A lead word in lower case that is not a name particle ('rang Lucy', 'post-World Cup')."""
    first = name.split()[0] if name.split() else ""
    if not first or not first[0].islower():
        return False
    head = first.split("-")[0].rstrip(".'’")
    if head.lower() in NAME_PARTICLES or re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", first):
        return False  # a particle, or a web address such as amazon.co.uk
    # brand casing (iPod, eBay) is a name, not a lowercase lead word
    return "-" in first or not any(c.isupper() for c in first[1:])


#: Job titles that also lead names of things ("Star Trek", "Model Railway Club", "Captain
#: America", "Judge Business School"): a lead only before what reads as a person's name.
NAME_WORD_TITLES = _words("star model captain judge chief leader player")


def title_lead(name: str, given_names: frozenset[str] = frozenset()) -> bool:
    """An honorific or job title in front of a name ("Mr Brown", "Rapper Eminem"); a title
    that also leads names of things counts only when a given name follows ("Star Christina
    Applegate", not "Star Trek"): ``given_names`` holds the first words of the corpus' people
    of two or more words."""
    words = name.split()
    if len(words) < 2 or not words[1][:1].isupper():
        return False
    if words[0] in HONORIFICS:
        return True
    lead = words[0].lower()
    if lead not in JOB_TITLES and words[0] not in JOB_TITLES:
        return False
    return lead not in NAME_WORD_TITLES or words[1] in given_names


def coordination(name: str, known: set[str]) -> bool:
    """'Everton and Arsenal', 'Brown/Blair', 'Blur, Oasis,': parts that are names themselves."""
    if name.rstrip().endswith(","):
        return True
    parts = [p.strip(" ,") for p in COORDINATORS.split(name) if p.strip(" ,")]
    return len(parts) >= 2 and sum(p in known for p in parts) >= 2


def junk_reasons(
    name: str, known: set[str], given_names: frozenset[str] = frozenset()
) -> list[str]:
    reasons = []
    stripped = name.strip()
    if "\n" in name or "\r" in name:
        reasons.append("line break")
    trailing = stripped[-1:] in PUNCT_EDGE and not ABBREVIATION_END.search(stripped)
    leading = stripped[:1] in PUNCT_EDGE and bool(stripped)
    if leading or trailing or stripped.count("(") != stripped.count(")"):
        reasons.append("edge punctuation or dangling hyphen")
    if stripped and lowercase_lead(stripped):
        reasons.append("lowercase lead word")
    if title_lead(stripped, given_names):
        reasons.append("title or honorific lead")
    if SCORE.search(stripped):
        reasons.append("score")
    if coordination(stripped, known):
        reasons.append("coordination")
    if HTML_ENTITY.search(name):
        reasons.append("HTML entity")
    if any(is_emoji(c) for c in name) or any(unicodedata.category(c) == "So" for c in name):
        reasons.append("emoji or symbol")
    if re.search(r"(?<!\w)@\w", name):
        reasons.append("@handle")
    return reasons


def junk_names(corpus: Corpus) -> dict:
    # parts of a coordination are never the whole name, so the name itself may stay in `known`
    known = set(corpus.entity_name.values()) | corpus.alias_names
    given_names = frozenset(
        words[0]
        for entity_id, name in corpus.entity_name.items()
        if corpus.entity_type[entity_id] == "PERSON" and len(words := name.split()) > 1
    )
    flagged: dict[str, list[str]] = defaultdict(list)
    junk_entities = 0
    for name in sorted(corpus.entity_name.values()):
        reasons = junk_reasons(name, known, given_names)
        junk_entities += bool(reasons)
        for reason in reasons:
            flagged[reason].append(name)
    total = len(corpus.entity_name)
    return {
        "entities": junk_entities,
        "share": junk_entities / total if total else 0.0,
        "by_reason": {
            reason: {"count": len(names), "examples": names[:6]}
            for reason, names in sorted(flagged.items(), key=lambda kv: -len(kv[1]))
        },
    }


def gold_junk_status(junk: list[GoldRow], corpus: Corpus) -> dict:
    """How many spans the gold calls junk are still mentions, or still entities' names."""
    entity_names = set(corpus.entity_name.values())
    still_spans = still_named = 0
    examples = []
    for row in junk:
        if row.doc not in corpus.documents:
            continue
        doc_id, _ = corpus.documents[row.doc]
        spans = {" ".join(m.text.split()) for m in corpus.mentions.get(doc_id, [])}
        produced = row.surface in spans
        still_spans += produced
        named = row.surface in entity_names or html.unescape(row.surface) in entity_names
        still_named += named
        if produced and len(examples) < 8:
            examples.append(row.surface)
    return {
        "gold_junk_spans": len(junk),
        "still_mention_spans": still_spans,
        "still_entity_names": still_named,
        "examples": examples,
    }


# ---------------------------------------------------------------- report


def evaluate(db: Path, gold: Path) -> dict:
    rows, junk = load_gold(gold)
    corpus = load_corpus(db)
    items, counts = map_gold(rows, corpus)
    b3_p, b3_r = b_cubed(items)
    pair_p, pair_r = pairwise(items)
    wrong = wrong_merges(items, corpus)
    missed = missed_merges(items, corpus)
    return {
        "db": str(db),
        "gold": str(gold),
        "gold_rows": len(rows),
        "gold_actors": len({r.actor for r in rows if r.actor != UNKNOWN_ACTOR}),
        "entities": len(corpus.entity_name),
        "occurrences_scored": len(items),
        **counts,
        "b3": {"precision": b3_p, "recall": b3_r, "f1": f1(b3_p, b3_r)},
        "pairwise": {"precision": pair_p, "recall": pair_r, "f1": f1(pair_p, pair_r)},
        "wrong_merges": {"count": len(wrong), "top": wrong[:TOP]},
        "missed_merges": {"count": len(missed), "top": missed[:TOP]},
        "types": type_accuracy(items, corpus),
        "same_name_splits": same_name_splits(corpus),
        "junk_names": junk_names(corpus),
        "gold_junk": gold_junk_status(junk, corpus),
    }


def format_actors(actors: list[tuple[str, int]]) -> str:
    return ", ".join(f"{name} {n}" for name, n in actors[:5]) + (" …" if len(actors) > 5 else "")


def report(result: dict) -> str:
    b3, pw, types = result["b3"], result["pairwise"], result["types"]
    lines = [
        f"gold: {result['gold_rows']} rows, {result['gold_actors']} actors; "
        f"database: {result['entities']} entities",
        f"occurrences scored {result['occurrences_scored']}, not found by NER "
        f"{result.get('ner_misses', 0)}, unknown-actor occurrences skipped "
        f"{result.get('unknown_actor_occurrences', 0)}, gold documents missing "
        f"{result.get('documents_missing', 0)}, gold surfaces not in their text "
        f"{result.get('surfaces_not_in_text', 0)}",
        f"B3        precision {b3['precision']:.4f}  recall {b3['recall']:.4f}  F1 {b3['f1']:.4f}",
        f"pairwise  precision {pw['precision']:.4f}  recall {pw['recall']:.4f}  F1 {pw['f1']:.4f}",
    ]
    if types.get("occurrences"):
        lines.append(
            f"types ({types['actors']} actors, {types['occurrences']} occurrences of kept types; "
            f"{types['excluded_occurrences']} PRODUCT/WORK_OF_ART/LAW excluded): entity level "
            f"{types['entity_level']:.3f} (weighted {types['entity_level_weighted']:.3f}), "
            f"mention level {types['mention_level']:.3f}; spaCy's labels "
            f"{types['spacy_mention_level']:.3f}"
        )
    splits = result["same_name_splits"]
    lines.append(
        f"same-name splits: {splits['names']} names over {splits['entities']} entities: "
        + "; ".join(splits["examples"][:8])
    )
    junk = result["junk_names"]
    lines.append(f"junk names: {junk['entities']} entities ({junk['share']:.2%})")
    for reason, info in junk["by_reason"].items():
        shown = "; ".join(repr(n) for n in info["examples"][:4])
        lines.append(f"  {reason}: {info['count']} ({shown})")
    gj = result["gold_junk"]
    lines.append(
        f"gold junk spans: {gj['gold_junk_spans']}; still produced as mentions "
        f"{gj['still_mention_spans']}; still an entity's name {gj['still_entity_names']}"
    )
    wrong = result["wrong_merges"]
    lines.append(f"wrong merges: {wrong['count']} entities hold two or more gold actors; largest:")
    for m in wrong["top"]:
        lines.append(
            f"  {m['entity']!r} ({m['type']}, id {m['entity_id']}): {m['misplaced']} of "
            f"{m['occurrences']} misplaced: {format_actors(m['actors'])}"
        )
    missed = result["missed_merges"]
    lines.append(
        f"missed merges: {missed['count']} gold actors spread over two or more entities; largest:"
    )
    for m in missed["top"]:
        parts = ", ".join(f"{n!r} {t} {c}" for n, _, t, c in m["entities"][:5])
        lines.append(
            f"  {m['actor']}: {m['outside_largest']} of {m['occurrences']} outside its "
            f"largest entity: {parts}"
        )
    return "\n".join(lines)


COMPARED = (
    ("B3 precision", lambda r: r["b3"]["precision"], ".4f"),
    ("B3 recall", lambda r: r["b3"]["recall"], ".4f"),
    ("B3 F1", lambda r: r["b3"]["f1"], ".4f"),
    ("pairwise precision", lambda r: r["pairwise"]["precision"], ".4f"),
    ("pairwise recall", lambda r: r["pairwise"]["recall"], ".4f"),
    ("wrong merges", lambda r: r["wrong_merges"]["count"], "d"),
    ("missed merges", lambda r: r["missed_merges"]["count"], "d"),
    ("type accuracy, entity level", lambda r: r["types"].get("entity_level", 0.0), ".3f"),
    ("  weighted", lambda r: r["types"].get("entity_level_weighted", 0.0), ".3f"),
    ("type accuracy, mention level", lambda r: r["types"].get("mention_level", 0.0), ".3f"),
    ("spaCy labels, mention level", lambda r: r["types"].get("spacy_mention_level", 0.0), ".3f"),
    ("same-name split names", lambda r: r["same_name_splits"]["names"], "d"),
    ("junk names", lambda r: r["junk_names"]["entities"], "d"),
    ("junk share", lambda r: r["junk_names"]["share"], ".2%"),
    ("gold junk spans still mentions", lambda r: r["gold_junk"]["still_mention_spans"], "d"),
    ("not found by NER", lambda r: r.get("ner_misses", 0), "d"),
    ("entities", lambda r: r["entities"], "d"),
)


def comparison(first: dict, second: dict) -> str:
    width = max(len(label) for label, _, _ in COMPARED)
    lines = [f"{'':{width}}  {Path(first['db']).name:>14}  {Path(second['db']).name:>14}"]
    for label, value, fmt in COMPARED:
        lines.append(
            f"{label:{width}}  {format(value(first), fmt):>14}  {format(value(second), fmt):>14}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="libya-explore database")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold actors TSV")
    parser.add_argument("--compare", type=Path, help="a second database, scored side by side")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.db, args.gold)
        other = evaluate(args.compare, args.gold) if args.compare else None
    except GoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        payload = {"result": result, "compare": other} if other else result
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    elif other:
        print(comparison(result, other))
    else:
        print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
