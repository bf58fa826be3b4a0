"""Do published spelling variants of one name end up in one entity, and distractors stay apart?

    python benchmarks/eval_families.py [--families benchmarks/gold/spelling_families.tsv]
                                       [--exe PATH] [--docs-per-name 3] [--keep DIR] [--json]
    python benchmarks/eval_families.py --rescore DIR [--families ...]  # after resolve --full

Writes a small synthetic corpus (each name of ``spelling_families.tsv`` in a few documents of
neutral template sentences written for this benchmark), ingests it with ``libya-explore ingest``
into a temporary database, and reports per family: the share of its variants (found by the NER)
that sit in the family's largest entity (target >= 95%), the distractors absorbed into an entity
holding the family's variants (target 0), and NER misses separately. The database is read through
SQL on the documented schema only.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FAMILIES = Path(__file__).resolve().parent / "gold" / "spelling_families.tsv"
COLUMNS = ("family", "name", "type", "role")
TARGET_SHARE = 0.95

# Neutral sentences written for this benchmark; {n} is the name. Several per type so that the
# NER sees each name in more than one context.
TEMPLATES = {
    "PERSON": [
        "{n} met reporters in the capital on Tuesday.",
        "Officials said {n} would attend the regional summit next week.",
        "In a televised address, {n} called for calm.",
        "A spokesman for {n} declined to comment on the report.",
        "Supporters of {n} gathered outside the parliament building.",
        "{n} has rejected the proposal, according to state media.",
    ],
    "ORG": [
        "{n} said in a statement that its members had withdrawn.",
        "A spokesman for {n} denied the claims on Monday.",
        "Analysts say {n} has expanded its influence in the region.",
        "Leaders of {n} met in secret, officials said.",
        "{n} has been accused of recruiting fighters abroad.",
        "Talks with {n} broke down late on Friday.",
    ],
    "GPE": [
        "Fighting was reported near {n} on Sunday.",
        "Residents of {n} said the power had been cut.",
        "The delegation travelled to {n} for talks.",
        "Aid convoys reached {n} after a week of delays.",
        "The airport in {n} reopened on Thursday.",
        "Prices in {n} have doubled since the spring.",
    ],
}


class FamilyError(Exception):
    """Bad input or a failed ingest; the message names the file (and line)."""


@dataclass(frozen=True)
class Name:
    family: str
    name: str
    type: str
    role: str  # "variant" or "distractor"


def load_families(path: Path) -> list[Name]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise FamilyError(f"{path}: cannot read the families file ({error})") from error
    if not lines or tuple(lines[0].split("\t")[:4]) != COLUMNS:
        raise FamilyError(f"{path}:1: expected the header family, name, type, role[, note]")
    names = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 4 or fields[3] not in ("variant", "distractor"):
            raise FamilyError(f"{path}:{number}: expected family, name, type, variant|distractor")
        if fields[2] not in TEMPLATES:
            raise FamilyError(f"{path}:{number}: type must be one of {', '.join(TEMPLATES)}")
        names.append(Name(*fields[:4]))
    return names


def document_text(name: Name, index: int) -> str:
    """A headline line without names, then three template sentences naming ``name``."""
    templates = TEMPLATES[name.type]
    sentences = [templates[(index * 3 + k) % len(templates)].format(n=name.name) for k in range(3)]
    return f"Regional briefing number {index + 1}\n\n" + " ".join(sentences) + "\n"


def _planned_documents(
    names: list[Name], docs_per_name: int
) -> Iterator[tuple[str, tuple[str, str], int]]:
    """(file name, the (name, type) it is about, its index among that name's documents); a
    name listed in two families (a variant of one, a distractor of another) is written once,
    so its documents are not duplicates."""
    distinct = list(dict.fromkeys((n.name, n.type) for n in names))
    for number, about in enumerate(distinct):
        for index in range(docs_per_name):
            yield f"n{number:04d}_{index}.txt", about, index


def corpus_plan(names: list[Name], docs_per_name: int) -> dict[str, tuple[str, str]]:
    """File name -> the (name, type) it is about (:func:`_planned_documents`)."""
    return {file_name: about for file_name, about, _ in _planned_documents(names, docs_per_name)}


def write_corpus(names: list[Name], folder: Path, docs_per_name: int) -> dict[str, tuple[str, str]]:
    """Write the documents; return file name -> the (name, type) it is about."""
    folder.mkdir(parents=True, exist_ok=True)
    about = {}
    for file_name, (name, label), index in _planned_documents(names, docs_per_name):
        text = document_text(Name("", name, label, "variant"), index)
        (folder / file_name).write_text(text, encoding="utf-8")
        about[file_name] = (name, label)
    return about


def ingest(exe: str, folder: Path, db: Path) -> None:
    command = [exe, "ingest", str(folder), "--db", str(db)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise FamilyError(f"{exe}: cannot run the ingest ({error})") from error
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise FamilyError(f"{exe} ingest failed (exit {done.returncode}): {last}")


def name_entities(db: Path, about: dict[str, tuple[str, str]]) -> dict[tuple[str, str], Counter]:
    """For every (name, type), the entities its occurrences were mapped to (None: no mention)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    mentions: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    query = 'SELECT document_id, start, "end", entity_id FROM mentions'
    for doc_id, start, end, entity_id in connection.execute(query):
        mentions[doc_id].append((start, end, entity_id))
    found: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for doc_id, path, text in connection.execute("SELECT id, path, text FROM documents"):
        name = about.get(Path(path).name)
        if name is None:
            continue
        for match in re.finditer(r"(?<!\w)" + re.escape(name[0]) + r"(?!\w)", text):
            found[name][best_entity(mentions[doc_id], match.start(), match.end())] += 1
    connection.close()
    return found


def best_entity(doc_mentions: list[tuple[int, int, int]], start: int, end: int) -> int | None:
    best, best_overlap = None, 0
    for m_start, m_end, entity_id in doc_mentions:
        overlap = min(end, m_end) - max(start, m_start)
        if overlap > best_overlap:
            best, best_overlap = entity_id, overlap
    return best


def entity_info(db: Path) -> dict[int, tuple[str, str]]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    info = {i: (n, t) for i, n, t in connection.execute("SELECT id, name, type FROM entities")}
    connection.close()
    return info


def majority(counter: Counter) -> int | None:
    """The entity most of a name's found occurrences went to (None if none was found)."""
    found = Counter({k: v for k, v in counter.items() if k is not None})
    return found.most_common(1)[0][0] if found else None


def score_families(
    names: list[Name], found: dict[tuple[str, str], Counter], info: dict
) -> list[dict]:
    by_family: dict[str, list[Name]] = defaultdict(list)
    for name in names:
        by_family[name.family].append(name)
    results = []
    for family, members in by_family.items():
        variants = [n for n in members if n.role == "variant"]
        entity_of = {n: majority(found.get((n.name, n.type), Counter())) for n in members}
        found_variants = [n for n in variants if entity_of[n] is not None]
        holders = Counter(entity_of[n] for n in found_variants)
        largest, in_largest = holders.most_common(1)[0] if holders else (None, 0)
        absorbed = [
            n.name
            for n in members
            if n.role == "distractor" and entity_of[n] is not None and entity_of[n] in holders
        ]
        results.append(
            {
                "family": family,
                "type": variants[0].type if variants else "",
                "variants": len(variants),
                "ner_misses": [n.name for n in variants if entity_of[n] is None],
                "share_in_largest": in_largest / len(found_variants) if found_variants else 0.0,
                "largest_entity": info[largest][0] if largest is not None else None,
                "largest_entity_type": info[largest][1] if largest is not None else None,
                "entities": len(holders),
                "outside_largest": [n.name for n in found_variants if entity_of[n] != largest],
                "distractors": sum(n.role == "distractor" for n in members),
                "distractor_ner_misses": [
                    n.name for n in members if n.role == "distractor" and entity_of[n] is None
                ],
                "distractors_absorbed": absorbed,
            }
        )
    return results


def report(results: list[dict]) -> str:
    lines = [
        f"{'family':24} {'type':6} {'variants':>8} {'NER miss':>8} {'in largest':>10} "
        f"{'entities':>8} {'distr.':>6} {'absorbed':>8}  largest entity"
    ]
    for r in results:
        lines.append(
            f"{r['family']:24} {r['type']:6} {r['variants']:8d} {len(r['ner_misses']):8d} "
            f"{r['share_in_largest']:10.0%} {r['entities']:8d} {r['distractors']:6d} "
            f"{len(r['distractors_absorbed']):8d}  {r['largest_entity']} "
            f"({r['largest_entity_type']})"
        )
    met = sum(r["share_in_largest"] >= TARGET_SHARE for r in results)
    absorbed = sum(len(r["distractors_absorbed"]) for r in results)
    variants = sum(r["variants"] for r in results)
    misses = sum(len(r["ner_misses"]) for r in results)
    lines.append(
        f"families with >= {TARGET_SHARE:.0%} of found variants in one entity: {met} of "
        f"{len(results)}; distractors absorbed: {absorbed} of "
        f"{sum(r['distractors'] for r in results)}; NER misses: {misses} of {variants} variants"
    )
    for r in results:
        if r["outside_largest"] or r["distractors_absorbed"] or r["ner_misses"]:
            details = []
            if r["outside_largest"]:
                details.append("apart: " + ", ".join(r["outside_largest"][:8]))
            if r["distractors_absorbed"]:
                details.append("absorbed: " + ", ".join(r["distractors_absorbed"]))
            if r["ner_misses"]:
                details.append("not found: " + ", ".join(r["ner_misses"][:6]))
            lines.append(f"  {r['family']}: " + "; ".join(details))
    return "\n".join(lines)


def rescore(families: Path, work: Path, docs_per_name: int) -> list[dict]:
    """Score the database a ``--keep`` run left in ``work`` again, as it is now (after a
    ``libya-explore resolve --full`` with changed rules), without parsing anything again."""
    names = load_families(families)
    db = work / "families.db"
    if not db.is_file():
        raise FamilyError(f"{db}: no database of a --keep run here")
    about = corpus_plan(names, docs_per_name)
    return score_families(names, name_entities(db, about), entity_info(db))


def run(families: Path, exe: str, docs_per_name: int, keep: Path | None) -> list[dict]:
    names = load_families(families)
    work = keep or Path(tempfile.mkdtemp(prefix="eval_families_"))
    try:
        corpus = work / "corpus"
        db = work / "families.db"
        if db.exists():
            db.unlink()
        about = write_corpus(names, corpus, docs_per_name)
        ingest(exe, corpus, db)
        return score_families(names, name_entities(db, about), entity_info(db))
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=Path, default=DEFAULT_FAMILIES)
    parser.add_argument(
        "--exe",
        default=shutil.which("libya-explore") or "libya-explore",
        help="the libya-explore executable (default: the one on PATH)",
    )
    parser.add_argument("--docs-per-name", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write corpus and database here and keep them")
    parser.add_argument(
        "--rescore",
        type=Path,
        metavar="DIR",
        help="score the database a --keep DIR run left (after libya-explore resolve --full "
        "--db DIR/families.db) without ingesting again",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.docs_per_name < 1:
        print("error: --docs-per-name must be at least 1", file=sys.stderr)
        return 2
    try:
        if args.rescore is not None:
            results = rescore(args.families, args.rescore, args.docs_per_name)
        else:
            results = run(args.families, args.exe, args.docs_per_name, args.keep)
    except FamilyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(results, ensure_ascii=False, indent=1) if args.json else report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
