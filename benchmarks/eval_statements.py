"""Score the speaker attribution of reported statements against a gold set (issue 15).

    python benchmarks/eval_statements.py --db DB --gold FILE [--ingest] [--corpus BBC.jsonl.gz]
                                         [--write-corpus DIR] [--verbose] [--json]

Reads the contract table ``statements(id, entity_id -> entities, NULL for an unnamed source,
document_id -> documents, sentence_id -> sentences, start, end, cue, kind)`` (``start``/``end``
index ``documents.text``) of the gold's documents, found by the path suffix ``#<doc id>``:

* ``benchmarks/gold/bbc_statements.tsv``: 12 BBC articles annotated by hand (their text comes
  from the BBC corpus; ingest the whole corpus, or ``--ingest`` ingests just these articles);
* ``tests/data/statements/cases.jsonl``: texts written for the tests, one per pattern.

``--ingest`` first writes the gold's documents as a JSONL corpus (``id``, ``text``) in a
temporary folder and runs ``libya-explore ingest`` on it into ``--db``; ``--write-corpus DIR``
only writes that corpus. ``--verbose`` lists every error.

Matching: each system statement goes to the gold statement of its document that its content
span overlaps most (ties: the larger share of the two spans' union, then the right speaker);
each gold statement is matched by the one of those that overlaps it most. A quote the system
splits in two thus still matches once, and a long span covering a nested statement does not
also count for the nested one. Then, over statements with a named or resolvable speaker:

* precision = system statements credited to an actor whose matched gold statement has that
  speaker / all system statements credited to an actor in these documents;
* recall = gold statements whose match is credited to the gold speaker / all such statements;

where an actor "is" the gold speaker when the matching key (``explorer.normalize``) of its name
or one of its aliases equals the speaker's. Also: unnamed sources' statements credited to an
actor (target 0), how many gold statements were found at all, kind and cue agreement.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from statement_gold import (  # noqa: E402
    GoldError,
    GoldSet,
    GoldStatement,
    default_bbc_corpus,
    gold_texts,
    load_gold,
    text_sha256,
    write_corpus,
)

from explorer.normalize import matching_key  # noqa: E402

TARGET_PRECISION = 0.90
TARGET_RECALL = 0.80
STATEMENT_COLUMNS = ("id", "entity_id", "document_id", "sentence_id", "start", "end", "cue", "kind")


class EvalError(Exception):
    """A database or option that cannot be used; the message is one line."""


@dataclass(frozen=True)
class SystemStatement:
    id: int
    entity_id: int | None
    document_id: int
    sentence_id: int | None
    start: int
    end: int
    cue: str | None
    kind: str | None


@dataclass
class Document:
    id: int
    path: str
    text: str


@dataclass
class Matching:
    """Which gold statement (by index) each system statement went to, and each gold's match."""

    gold_of: dict[int, int]  # system statement id -> index of its gold statement
    system_of: dict[int, SystemStatement]  # index of a gold statement -> its match


@dataclass
class Report:
    gold_file: str
    database: str
    documents: int
    documents_found: int
    documents_skipped: list[str]
    gold_statements: int
    gold_named: int
    gold_unnamed: int
    system_statements: int
    system_credited: int
    correct_credited: int
    correct_named: int
    precision: float | None
    recall: float | None
    unnamed_credited: int
    found: int
    kind_agree: int
    kind_compared: int
    cue_agree: int
    cue_compared: int
    misses: dict[str, int]
    precision_errors: dict[str, int]
    speakers_not_in_document: int | None
    contract_problems: dict[str, int]
    errors: list[str] = field(default_factory=list)
    patterns: dict[str, dict[str, int]] = field(default_factory=dict)


# --------------------------------------------------------------------------- database


def open_database(path: Path) -> sqlite3.Connection:
    """Open the database read-only and check that it has the tables the contract names."""
    if not path.is_file():
        raise EvalError(f"{path}: no such database")
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise EvalError(f"{path}: not a usable SQLite database ({error})") from None
    for table in ("documents", "entities", "statements"):
        if table not in tables:
            hint = (
                " (the statements feature has not filled it yet)" if table == "statements" else ""
            )
            raise EvalError(f"{path}: no {table} table{hint}")
    columns = {row[1] for row in conn.execute("PRAGMA table_info(statements)")}
    missing = [name for name in STATEMENT_COLUMNS if name not in columns]
    if missing:
        raise EvalError(f"{path}: the statements table lacks {', '.join(missing)}")
    return conn


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?"
    return conn.execute(query, (name,)).fetchone() is not None


def find_documents(
    conn: sqlite3.Connection, gold: GoldSet
) -> tuple[dict[str, Document], list[str]]:
    """The database document of each gold document (path ending ``#doc``, same text)."""
    found: dict[str, Document] = {}
    skipped: list[str] = []
    for doc in gold.doc_ids:
        suffix = f"#{doc}"
        rows = conn.execute(
            "SELECT id, path, text FROM documents WHERE substr(path, -?) = ? ORDER BY id",
            (len(suffix), suffix),
        ).fetchall()
        candidates = [Document(*row) for row in rows]
        expected = gold.sha256.get(doc)
        same_text = [d for d in candidates if expected is None or text_sha256(d.text) == expected]
        if same_text:
            found[doc] = same_text[0]
        elif candidates:
            skipped.append(f"{doc}: its text in the database differs from the annotated one")
        else:
            skipped.append(f"{doc}: no document whose path ends with {suffix!r}")
    return found, skipped


def load_statements(conn: sqlite3.Connection, document_ids: list[int]) -> list[SystemStatement]:
    if not document_ids:
        return []
    marks = ",".join("?" * len(document_ids))
    rows = conn.execute(
        f'SELECT id, entity_id, document_id, sentence_id, start, "end", cue, kind '
        f"FROM statements WHERE document_id IN ({marks}) ORDER BY document_id, start, id",
        document_ids,
    ).fetchall()
    return [SystemStatement(*row) for row in rows]


def entity_keys(conn: sqlite3.Connection, entity_ids: set[int]) -> dict[int, set[str]]:
    """Matching keys of each entity's name and aliases."""
    keys: dict[int, set[str]] = {entity_id: set() for entity_id in entity_ids}
    if not entity_ids:
        return keys
    ids = sorted(entity_ids)
    marks = ",".join("?" * len(ids))
    names = conn.execute(f"SELECT id, name FROM entities WHERE id IN ({marks})", ids).fetchall()
    aliases = (
        conn.execute(
            f"SELECT entity_id, alias FROM aliases WHERE entity_id IN ({marks})", ids
        ).fetchall()
        if has_table(conn, "aliases")
        else []
    )
    for entity_id, name in [*names, *aliases]:
        keys[entity_id].add(matching_key(name))
    return keys


def entity_names(conn: sqlite3.Connection, entity_ids: set[int]) -> dict[int, str]:
    ids = sorted(entity_ids)
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT id, name FROM entities WHERE id IN ({marks})", ids).fetchall()
    return dict(rows)


def document_actor_keys(conn: sqlite3.Connection, document_id: int) -> set[str] | None:
    """Keys of every actor mentioned in a document (None without a mentions table)."""
    if not has_table(conn, "mentions"):
        return None
    ids = {
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT entity_id FROM mentions WHERE document_id = ?", (document_id,)
        )
    }
    return set().union(*entity_keys(conn, ids).values()) if ids else set()


def contract_problems(
    conn: sqlite3.Connection, statements: list[SystemStatement], documents: dict[int, Document]
) -> dict[str, int]:
    """Rows of the statements table that break the contract (counted, not scored)."""
    problems: Counter[str] = Counter()
    spans = {}
    if has_table(conn, "sentences"):
        ids = sorted({s.sentence_id for s in statements if s.sentence_id is not None})
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            marks = ",".join("?" * len(chunk))
            query = f'SELECT id, document_id, start, "end" FROM sentences WHERE id IN ({marks})'
            spans.update({row[0]: row[1:] for row in conn.execute(query, chunk)})
    for s in statements:
        text_length = len(documents[s.document_id].text)
        if not 0 <= s.start < s.end <= text_length:
            problems["span not inside its document"] += 1
        if s.kind not in ("direct", "indirect"):
            problems["kind neither direct nor indirect"] += 1
        sentence = spans.get(s.sentence_id)
        if spans and sentence is None:
            problems["unknown sentence_id"] += 1
        elif sentence and sentence[0] != s.document_id:
            problems["sentence of another document"] += 1
    return dict(problems)


# --------------------------------------------------------------------------- matching


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def closeness(gold: GoldStatement, system: SystemStatement) -> tuple[int, float]:
    """How well two spans agree: characters shared, then the share of their union."""
    shared = overlap((gold.start, gold.end), (system.start, system.end))
    union = max(gold.end, system.end) - min(gold.start, system.start)
    return shared, shared / union if union else 0.0


class SpeakerJudge:
    """Whether a system statement's actor is a gold statement's speaker."""

    def __init__(self, keys: dict[int, set[str]]):
        self.keys = keys

    def agrees(self, gold: GoldStatement, system: SystemStatement) -> bool:
        if gold.speaker is None or system.entity_id is None:
            return gold.speaker is None and system.entity_id is None
        return matching_key(gold.speaker) in self.keys.get(system.entity_id, set())


def match(
    gold: list[GoldStatement],
    document_of: dict[str, int],
    system: list[SystemStatement],
    judge: SpeakerJudge,
) -> Matching:
    """Assign each system statement to its closest gold statement, then pick each gold's match."""
    by_document: dict[int, list[int]] = {}
    for index, statement in enumerate(gold):
        by_document.setdefault(document_of[statement.doc], []).append(index)

    def rank(index: int, s: SystemStatement) -> tuple[int, float, bool]:
        return (*closeness(gold[index], s), judge.agrees(gold[index], s))

    gold_of: dict[int, int] = {}
    claims: dict[int, list[SystemStatement]] = {}
    for s in system:
        candidates = [i for i in by_document.get(s.document_id, []) if rank(i, s)[0] > 0]
        if candidates:
            # among equals (a joint statement's speakers), the gold statement claimed least
            best = max(candidates, key=lambda i, s=s: (*rank(i, s), -len(claims.get(i, []))))
            gold_of[s.id] = best
            claims.setdefault(best, []).append(s)
    system_of = {
        index: max(options, key=lambda s, index=index: rank(index, s))
        for index, options in claims.items()
    }
    return Matching(gold_of=gold_of, system_of=system_of)


# --------------------------------------------------------------------------- scoring


def cue_words(cue: str | None) -> tuple[str, ...]:
    return tuple("".join(c if c.isalnum() else " " for c in (cue or "").casefold()).split())


def cues_agree(gold_cue: str, system_cue: str | None) -> bool:
    """Same words, or one cue's words inside the other's ("said" / "in a statement said")."""
    gold_words, system_words = cue_words(gold_cue), cue_words(system_cue)
    if not gold_words or not system_words:
        return False
    return set(gold_words) <= set(system_words) or set(system_words) <= set(gold_words)


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Evaluation:
    """Everything the figures are computed from."""

    gold: GoldSet
    documents: dict[str, Document]  # gold doc id -> database document
    statements: list[GoldStatement]  # gold statements of the documents found
    system: list[SystemStatement]
    matching: Matching
    judge: SpeakerJudge
    names: dict[int, str]  # entity id -> name, for messages

    def match_of(self, index: int) -> SystemStatement | None:
        return self.matching.system_of.get(index)

    def right(self, index: int) -> bool:
        """Whether gold statement ``index`` is matched by a statement with its speaker."""
        s = self.match_of(index)
        return s is not None and self.judge.agrees(self.statements[index], s)


def evaluate(conn: sqlite3.Connection, gold: GoldSet) -> tuple[Evaluation, list[str]]:
    """Match the database's statements to the gold; also return the documents skipped."""
    documents, skipped = find_documents(conn, gold)
    document_of = {doc: document.id for doc, document in documents.items()}
    statements = [g for g in gold.statements if g.doc in document_of]
    system = load_statements(conn, sorted(document_of.values()))
    credited_ids = {s.entity_id for s in system if s.entity_id is not None}
    judge = SpeakerJudge(entity_keys(conn, credited_ids))
    matching = match(statements, document_of, system, judge)
    names = entity_names(conn, credited_ids) if credited_ids else {}
    return Evaluation(gold, documents, statements, system, matching, judge, names), skipped


def score(conn: sqlite3.Connection, gold: GoldSet, database: Path) -> Report:
    evaluation, skipped = evaluate(conn, gold)
    e = evaluation
    named = [i for i, g in enumerate(e.statements) if g.named]
    unnamed = [i for i, g in enumerate(e.statements) if not g.named]
    credited = [s for s in e.system if s.entity_id is not None]
    matched = [(e.statements[i], s) for i, s in e.matching.system_of.items()]
    cue_pairs = [(g, s) for g, s in matched if g.cue]
    correct_credited = sum(1 for s in credited if _credited_right(e, s))
    correct_named = sum(1 for i in named if e.right(i))
    return Report(
        gold_file=str(gold.path),
        database=str(database),
        documents=len(gold.doc_ids),
        documents_found=len(e.documents),
        documents_skipped=skipped,
        gold_statements=len(e.statements),
        gold_named=len(named),
        gold_unnamed=len(unnamed),
        system_statements=len(e.system),
        system_credited=len(credited),
        correct_credited=correct_credited,
        correct_named=correct_named,
        precision=ratio(correct_credited, len(credited)),
        recall=ratio(correct_named, len(named)),
        unnamed_credited=sum(
            1 for i in unnamed if (s := e.match_of(i)) is not None and s.entity_id is not None
        ),
        found=len(matched),
        kind_agree=sum(1 for g, s in matched if s.kind == g.kind),
        kind_compared=len(matched),
        cue_agree=sum(1 for g, s in cue_pairs if cues_agree(g.cue or "", s.cue)),
        cue_compared=len(cue_pairs),
        misses=_misses(e, named),
        precision_errors=_precision_errors(e, credited),
        speakers_not_in_document=_speakers_not_in_document(conn, e),
        contract_problems=contract_problems(
            conn, e.system, {d.id: d for d in e.documents.values()}
        ),
        errors=_error_lines(e),
        patterns=_by_pattern(e) if gold.kind == "cases" else {},
    )


def _credited_right(e: Evaluation, s: SystemStatement) -> bool:
    index = e.matching.gold_of.get(s.id)
    return (
        index is not None and e.statements[index].named and e.judge.agrees(e.statements[index], s)
    )


def _misses(e: Evaluation, named: list[int]) -> dict[str, int]:
    misses: Counter[str] = Counter()
    for i in named:
        s = e.match_of(i)
        if s is None:
            misses["not found"] += 1
        elif s.entity_id is None:
            misses["found, credited to no actor"] += 1
        elif not e.right(i):
            misses["found, credited to another actor"] += 1
    return dict(misses)


def _precision_errors(e: Evaluation, credited: list[SystemStatement]) -> dict[str, int]:
    errors: Counter[str] = Counter()
    for s in credited:
        index = e.matching.gold_of.get(s.id)
        if index is None:
            errors["no gold statement there"] += 1
        elif not e.statements[index].named:
            errors["an unnamed source's statement"] += 1
        elif not e.judge.agrees(e.statements[index], s):
            errors["another actor"] += 1
    return dict(errors)


def _by_pattern(e: Evaluation) -> dict[str, dict[str, int]]:
    """Per test pattern: its statements, how many were attributed right, and the statements
    credited to an actor there wrongly (the only figure of a negative case)."""
    patterns: dict[str, dict[str, int]] = {}
    pattern_of_document = {}
    for doc, document in e.documents.items():
        pattern = e.gold.patterns.get(doc, doc)
        pattern_of_document[document.id] = pattern
        patterns.setdefault(pattern, {"statements": 0, "right": 0, "wrongly credited": 0})
    for i, g in enumerate(e.statements):
        entry = patterns[e.gold.patterns.get(g.doc, g.doc)]
        entry["statements"] += 1
        entry["right"] += e.right(i)
    for s in e.system:
        if s.entity_id is not None and not _credited_right(e, s):
            patterns[pattern_of_document[s.document_id]]["wrongly credited"] += 1
    return patterns


def _speakers_not_in_document(conn: sqlite3.Connection, e: Evaluation) -> int | None:
    """Named gold speakers that no actor mentioned in their document matches (NER/resolution)."""
    count = 0
    cache: dict[str, set[str] | None] = {}
    for g in e.statements:
        if not g.named:
            continue
        if g.doc not in cache:
            cache[g.doc] = document_actor_keys(conn, e.documents[g.doc].id)
        keys = cache[g.doc]
        if keys is None:
            return None
        count += matching_key(g.speaker or "") not in keys
    return count


def _error_lines(e: Evaluation) -> list[str]:
    """One line per attribution error (shown with --verbose)."""
    lines = []
    for i, g in enumerate(e.statements):
        if e.right(i):
            continue
        s = e.match_of(i)
        if s is None:
            got = "not found"
        else:
            got = "no actor" if s.entity_id is None else e.names.get(s.entity_id, "?")
        snippet = e.documents[g.doc].text[g.start : g.end]
        where = f"{g.doc} [{g.start}:{g.end}]"
        lines.append(f"{where}: gold {g.speaker or 'unnamed'}, system {got}: {_short(snippet)}")
    texts = {d.id: d.text for d in e.documents.values()}
    for s in e.system:
        if s.entity_id is not None and s.id not in e.matching.gold_of:
            snippet = texts[s.document_id][s.start : s.end]
            lines.append(
                f"statement {s.id} credited to {e.names.get(s.entity_id, s.entity_id)} where no "
                f"statement is annotated: {_short(snippet)}"
            )
    return lines


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return repr(text if len(text) <= width else text[: width - 1] + "\u2026")


# --------------------------------------------------------------------------- output


def _fraction(part: int, whole: int) -> str:
    value = ratio(part, whole)
    return f"{value:.3f} ({part}/{whole})" if value is not None else f"n/a ({part}/{whole})"


def _verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def format_report(report: Report, verbose: bool) -> str:
    r = report
    lines = [
        f"statement attribution: {Path(r.gold_file).name} against {r.database}",
        f"  documents: {r.documents} annotated, {r.documents_found} found in the database",
        f"  gold: {r.gold_statements} statements, {r.gold_named} with a named or resolvable "
        f"speaker, {r.gold_unnamed} by unnamed sources",
        f"  system: {r.system_statements} statements in these documents, {r.system_credited} "
        f"credited to an actor",
        f"  precision {_fraction(r.correct_credited, r.system_credited)}"
        f"  target >= {TARGET_PRECISION:.2f}: "
        f"{_verdict(r.precision is not None and r.precision >= TARGET_PRECISION)}",
        f"  recall    {_fraction(r.correct_named, r.gold_named)}"
        f"  target >= {TARGET_RECALL:.2f}: "
        f"{_verdict(r.recall is not None and r.recall >= TARGET_RECALL)}",
        f"  unnamed sources' statements credited to an actor: {r.unnamed_credited} of "
        f"{r.gold_unnamed}  target 0: {_verdict(r.unnamed_credited == 0)}",
        f"  statements found (any speaker): {_fraction(r.found, r.gold_statements)}",
        f"  kind agreement {_fraction(r.kind_agree, r.kind_compared)}, "
        f"cue agreement {_fraction(r.cue_agree, r.cue_compared)}",
    ]
    if r.misses:
        lines.append("  recall misses: " + _counts(r.misses))
    if r.precision_errors:
        lines.append("  precision errors: " + _counts(r.precision_errors))
    if r.speakers_not_in_document:
        lines.append(
            f"  gold speakers no actor of their document matches (NER or resolution): "
            f"{r.speakers_not_in_document}"
        )
    if r.contract_problems:
        lines.append("  CONTRACT: statements rows with " + _counts(r.contract_problems))
    lines += [f"  skipped {line}" for line in r.documents_skipped]
    if verbose and r.patterns:
        lines.append("  by pattern (attributed right / statements):")
        lines += [
            f"    {entry['right']}/{entry['statements']}  {pattern}"
            + (
                f"  (+{entry['wrongly credited']} wrongly credited)"
                if entry["wrongly credited"]
                else ""
            )
            for pattern, entry in r.patterns.items()
        ]
    if verbose and r.errors:
        lines.append("  errors:")
        lines += [f"    {line}" for line in r.errors]
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {what}" for what, n in sorted(counts.items(), key=lambda kv: -kv[1]))


# --------------------------------------------------------------------------- command line


def run_ingest(corpus_file: Path, database: Path) -> None:
    """``libya-explore ingest`` of the written corpus into the database (exit 2 on failure)."""
    command = [sys.executable, "-m", "explorer", "ingest", str(corpus_file), "--db", str(database)]
    result = subprocess.run(command, stdout=subprocess.DEVNULL)
    if result.returncode != 0:
        raise EvalError(
            f"ingest of {corpus_file} into {database} failed (exit {result.returncode})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database with a statements table")
    parser.add_argument(
        "--gold", type=Path, required=True, help="bbc_statements.tsv or cases.jsonl"
    )
    parser.add_argument("--corpus", type=Path, help="BBC corpus for --ingest/--write-corpus")
    parser.add_argument("--ingest", action="store_true", help="ingest the gold's documents first")
    parser.add_argument("--write-corpus", type=Path, metavar="DIR", help="only write the corpus")
    parser.add_argument("--verbose", action="store_true", help="list every error")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        gold = load_gold(args.gold)
        if args.write_corpus:
            texts = gold_texts(gold, args.corpus or default_bbc_corpus())
            target = write_corpus(gold, texts, args.write_corpus)
            print(f"wrote {len(texts)} documents to {target}; then: libya-explore ingest {target}")
            return 0
        if args.db is None:
            parser.error("--db is required (unless --write-corpus)")
        if args.ingest:
            texts = gold_texts(gold, args.corpus or default_bbc_corpus())
            with tempfile.TemporaryDirectory(prefix="statements-corpus-") as folder:
                run_ingest(write_corpus(gold, texts, Path(folder)), args.db)
        with contextlib.closing(open_database(args.db)) as conn:
            report = score(conn, gold, args.db)
    except (GoldError, EvalError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as error:
        print(f"error: {args.db}: cannot read its statements ({error})", file=sys.stderr)
        return 2
    print(
        json.dumps(asdict(report), indent=2) if args.json else format_report(report, args.verbose)
    )
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly
    sys.exit(main())
