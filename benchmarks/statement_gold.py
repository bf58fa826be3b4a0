"""Annotated reported statements (issue 15): loading, checking and turning into a corpus.

Two gold formats, one model (:class:`GoldSet`):

* ``benchmarks/gold/bbc_statements.tsv``: BBC articles annotated by hand. Offsets only (the
  corpus's text is never copied into the repository); ``# sha256 DOC HEX`` comment lines name
  every annotated article and the hash of its text, so a changed corpus is noticed.
  Columns: ``doc start end speaker speaker_surface cue kind`` (``-`` = none/unnamed).
* ``tests/data/statements/cases.jsonl``: short texts written for the tests, one JSON object per
  line, ``{"id", "pattern", "text", "statements": [{"speaker", "content", "cue", "kind"}]}``;
  ``content`` is an exact substring of ``text`` that occurs once (its offsets are derived).

In both, a document is found in a database by the path suffix ``#<doc>`` (how ``ingest`` names
the lines of a JSONL corpus that have an ``id``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC_GOLD = ROOT / "benchmarks" / "gold" / "bbc_statements.tsv"
CASES_GOLD = ROOT / "tests" / "data" / "statements" / "cases.jsonl"
BBC_CORPUS_CANDIDATES = (
    Path("/work/shared/corpora/bbc/bbc_news.jsonl.gz"),
    Path("/work/data/bbc.jsonl"),
)
KINDS = ("direct", "indirect")
TSV_COLUMNS = ("doc", "start", "end", "speaker", "speaker_surface", "cue", "kind")


class GoldError(Exception):
    """A gold file that cannot be used; the message is one line naming the file (and line)."""


@dataclass(frozen=True)
class GoldStatement:
    """One reported statement: ``doc`` text ``[start:end]`` is its reported content."""

    doc: str
    start: int
    end: int
    speaker: str | None  # canonical actor name; None for an unnamed source
    cue: str | None
    kind: str
    speaker_surface: str | None = None
    pattern: str = ""  # the test pattern of a written case ("" for the BBC set)
    line: int = 0  # line in the gold file, for messages

    @property
    def named(self) -> bool:
        return self.speaker is not None


@dataclass
class GoldSet:
    """The annotated documents (also those without any statement) and their statements."""

    path: Path
    kind: str  # "bbc" or "cases"
    doc_ids: list[str]
    statements: list[GoldStatement]
    sha256: dict[str, str] = field(default_factory=dict)  # doc -> sha256 of its text
    texts: dict[str, str] = field(default_factory=dict)  # doc -> text (cases only)
    patterns: dict[str, str] = field(default_factory=dict)  # doc -> pattern (cases only)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_gold(path: Path) -> GoldSet:
    """Read either gold format (by extension: ``.tsv`` or ``.jsonl``)."""
    if not path.is_file():
        raise GoldError(f"{path}: no such gold file")
    if path.suffix == ".tsv":
        return load_tsv(path)
    if path.suffix == ".jsonl":
        return load_cases(path)
    raise GoldError(f"{path}: expected a .tsv (BBC offsets) or .jsonl (written cases) gold file")


def _none_if_dash(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-") else value


def load_tsv(path: Path) -> GoldSet:
    gold = GoldSet(path=path, kind="bbc", doc_ids=[], statements=[])
    header_seen = False
    for number, raw in enumerate(_read_lines(path), 1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip():
            continue
        if line.startswith("#"):
            words = line[1:].split()
            if len(words) == 3 and words[0] == "sha256":
                gold.sha256[words[1]] = words[2]
                _add_doc(gold, words[1])
            continue
        fields = line.split("\t")
        if not header_seen and tuple(fields) == TSV_COLUMNS:
            header_seen = True
            continue
        gold.statements.append(_tsv_statement(path, number, fields))
        _add_doc(gold, fields[0])
    return gold


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"{path}: cannot read it ({error})") from None


def _add_doc(gold: GoldSet, doc: str) -> None:
    if doc not in gold.doc_ids:
        gold.doc_ids.append(doc)


def _tsv_statement(path: Path, number: int, fields: list[str]) -> GoldStatement:
    where = f"{path}:{number}"
    if len(fields) != len(TSV_COLUMNS):
        raise GoldError(
            f"{where}: expected {len(TSV_COLUMNS)} tab-separated fields, got {len(fields)}"
        )
    doc, start, end, speaker, surface, cue, kind = (value.strip() for value in fields)
    try:
        start_i, end_i = int(start), int(end)
    except ValueError:
        raise GoldError(f"{where}: start and end must be integers") from None
    if not doc or start_i < 0 or end_i <= start_i:
        raise GoldError(f"{where}: need a doc id and 0 <= start < end")
    if kind not in KINDS:
        raise GoldError(f"{where}: kind must be direct or indirect, not {kind!r}")
    if not speaker:
        raise GoldError(f"{where}: empty speaker (use - for an unnamed source)")
    return GoldStatement(
        doc=doc,
        start=start_i,
        end=end_i,
        speaker=_none_if_dash(speaker),
        speaker_surface=_none_if_dash(surface),
        cue=_none_if_dash(cue),
        kind=kind,
        line=number,
    )


def load_cases(path: Path) -> GoldSet:
    gold = GoldSet(path=path, kind="cases", doc_ids=[], statements=[])
    for number, line in enumerate(_read_lines(path), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            case = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(f"{where}: not JSON ({error.msg})") from None
        doc, text = _case_fields(where, case)
        if doc in gold.texts:
            raise GoldError(f"{where}: duplicate id {doc!r}")
        gold.doc_ids.append(doc)
        gold.texts[doc] = text
        gold.sha256[doc] = text_sha256(text)
        gold.patterns[doc] = str(case.get("pattern", ""))
        for item in case["statements"]:
            gold.statements.append(_case_statement(where, number, doc, text, item, case))
    return gold


def _case_fields(where: str, case: object) -> tuple[str, str]:
    if not isinstance(case, dict):
        raise GoldError(f"{where}: expected a JSON object")
    doc, text = case.get("id"), case.get("text")
    if not isinstance(doc, str) or not doc or not isinstance(text, str) or not text:
        raise GoldError(f'{where}: need a string "id" and a string "text"')
    if not isinstance(case.get("statements"), list):
        raise GoldError(f'{where}: "statements" must be a list')
    return doc, text


def _case_statement(
    where: str, number: int, doc: str, text: str, item: object, case: dict
) -> GoldStatement:
    if not isinstance(item, dict):
        raise GoldError(f"{where}: each statement must be an object")
    content, speaker = item.get("content"), item.get("speaker")
    if not isinstance(content, str) or not content:
        raise GoldError(f'{where}: a statement without a string "content"')
    if speaker is not None and (not isinstance(speaker, str) or not speaker.strip()):
        raise GoldError(f'{where}: "speaker" must be a name or null')
    if item.get("kind") not in KINDS:
        raise GoldError(f'{where}: "kind" must be direct or indirect')
    occurrences = text.count(content)
    if occurrences != 1:
        raise GoldError(
            f"{where}: content {content[:40]!r} occurs {occurrences} times in the text "
            "(it must occur exactly once)"
        )
    start = text.index(content)
    cue = item.get("cue")
    return GoldStatement(
        doc=doc,
        start=start,
        end=start + len(content),
        speaker=speaker,
        cue=cue if isinstance(cue, str) and cue.strip() else None,
        kind=item["kind"],
        pattern=str(case.get("pattern", "")),
        line=number,
    )


# --------------------------------------------------------------------------- corpora


def default_bbc_corpus() -> Path | None:
    """``$BBC_CORPUS``, else the shared copy of the BBC corpus, else None."""
    env = os.environ.get("BBC_CORPUS")
    if env:
        return Path(env)
    return next((path for path in BBC_CORPUS_CANDIDATES if path.is_file()), None)


def iter_jsonl(path: Path) -> Iterator[dict]:
    """Objects of a JSONL file, gzipped or not (lines that are not objects are passed over)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                obj = json.loads(line)
                if isinstance(obj, dict):
                    yield obj


def gold_texts(gold: GoldSet, corpus: Path | None) -> dict[str, str]:
    """The annotated documents' texts: from a cases file itself, or from the BBC corpus."""
    if gold.kind == "cases":
        return dict(gold.texts)
    if corpus is None or not corpus.is_file():
        raise GoldError(
            f"{gold.path}: the BBC corpus is needed for its texts "
            "(--corpus PATH or $BBC_CORPUS; not found in the usual places)"
        )
    wanted = set(gold.doc_ids)
    texts: dict[str, str] = {}
    for obj in iter_jsonl(corpus):
        doc = obj.get("id")
        if doc in wanted and doc not in texts and isinstance(obj.get("text"), str):
            texts[doc] = obj["text"]
    missing = [doc for doc in gold.doc_ids if doc not in texts]
    if missing:
        raise GoldError(f"{corpus}: no article with id {', '.join(missing)}")
    return texts


def write_corpus(gold: GoldSet, texts: dict[str, str], folder: Path) -> Path:
    """Write the annotated documents as one JSONL corpus (``id`` + ``text``) for ``ingest``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ("statement_cases.jsonl" if gold.kind == "cases" else "bbc_statements.jsonl")
    with target.open("w", encoding="utf-8") as handle:
        for doc in gold.doc_ids:
            handle.write(json.dumps({"id": doc, "text": texts[doc]}, ensure_ascii=False) + "\n")
    return target
