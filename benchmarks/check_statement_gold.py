"""Print every annotated statement's span, so the offsets can be checked by eye, and lint them.

    python benchmarks/check_statement_gold.py [--gold FILE] [--corpus BBC.jsonl[.gz]] [--quiet]

``--gold`` defaults to ``benchmarks/gold/bbc_statements.tsv`` (its texts come from the BBC
corpus: ``--corpus``, ``$BBC_CORPUS`` or the shared copy); a ``cases.jsonl`` file carries its own
texts. The spans are printed to the terminal only, never written anywhere. Exit status 1 when a
check fails: a text whose sha256 differs from the gold's, a span outside its text, a span with
surrounding spaces, or the same statement twice. Notes that do not fail (a direct quote not
preceded by a quote mark, an indirect span that keeps its "that") are printed as ``note:``.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from statement_gold import (  # noqa: E402
    BBC_GOLD,
    GoldError,
    GoldSet,
    GoldStatement,
    default_bbc_corpus,
    gold_texts,
    load_gold,
    text_sha256,
)

QUOTE_MARKS = "\"'`\u201c\u2018\u00ab"


def visible(text: str) -> str:
    """The text on one line with line breaks and control characters escaped."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def problems_of(statement: GoldStatement, text: str) -> tuple[list[str], list[str]]:
    """(failures, notes) about one statement's span in its text."""
    if statement.end > len(text):
        return [f"span ends at {statement.end}, after the text ({len(text)} characters)"], []
    span = text[statement.start : statement.end]
    failures, notes = [], []
    if span != span.strip():
        failures.append("span starts or ends with white space")
    before = text[: statement.start].rstrip(" ")
    if statement.kind == "direct" and not before.endswith(tuple(QUOTE_MARKS)):
        notes.append("direct quote not preceded by a quote mark")
    if statement.kind == "indirect" and span.lower().startswith("that "):
        notes.append('indirect span starts with "that"')
    return failures, notes


def check(gold: GoldSet, texts: dict[str, str], quiet: bool) -> int:
    """Print the spans and the problems found; return the number of failures."""
    failures = 0
    for doc in gold.doc_ids:
        expected = gold.sha256.get(doc)
        if expected and text_sha256(texts[doc]) != expected:
            print(f"FAIL {doc}: its text differs from the annotated one (sha256)")
            failures += 1
    seen = Counter((s.doc, s.start, s.end, s.speaker) for s in gold.statements)
    for key, count in seen.items():
        if count > 1:
            print(f"FAIL {key[0]} [{key[1]}:{key[2]}] {key[3]}: annotated {count} times")
            failures += 1
    for statement in gold.statements:
        text = texts[statement.doc]
        bad, notes = problems_of(statement, text)
        failures += len(bad)
        if not quiet or bad or notes:
            print(
                f"{statement.doc} [{statement.start}:{statement.end}] "
                f"{statement.speaker or '(unnamed)'}"
                f"{f' ({statement.speaker_surface})' if statement.speaker_surface else ''} "
                f"cue={statement.cue or '-'} {statement.kind}"
            )
            print(f"    \u00ab{visible(text[statement.start : statement.end])}\u00bb")
        for message in bad:
            print(f"    FAIL line {statement.line}: {message}")
        for message in notes:
            print(f"    note line {statement.line}: {message}")
    return failures


def summary(gold: GoldSet) -> str:
    named = sum(s.named for s in gold.statements)
    kinds = Counter(s.kind for s in gold.statements)
    return (
        f"{gold.path.name}: {len(gold.doc_ids)} documents, {len(gold.statements)} statements "
        f"({named} with a named or resolvable speaker, {len(gold.statements) - named} unnamed; "
        f"{kinds['direct']} direct, {kinds['indirect']} indirect)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=BBC_GOLD)
    parser.add_argument("--corpus", type=Path, default=None, help="BBC corpus (JSONL, .gz ok)")
    parser.add_argument("--quiet", action="store_true", help="print only problems and the summary")
    args = parser.parse_args(argv)
    try:
        gold = load_gold(args.gold)
        texts = gold_texts(gold, args.corpus or default_bbc_corpus())
    except GoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    failures = check(gold, texts, args.quiet)
    print(summary(gold))
    print("all spans check out" if not failures else f"{failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly
    sys.exit(main())
