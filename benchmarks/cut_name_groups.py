"""Surface groups whose mentions continue into a longer name of the corpus, majority or not.

Resolution's "name cut short" rule (``continued_name``) follows the longer name when most of a
group's mentions continue into it ("BBC" written "BBC One"); a group where only some do
("Scottish" once before "Executive", once as the nationality) stays whole. This counts both
kinds from the stored continuations (``resolution_groups.evidence``) against the names the
corpus's mentions write, to size a per-mention rule. Nothing is written.

Usage: ``python benchmarks/cut_name_groups.py --db DB [--list]``
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from explorer.normalize import matching_key

#: ``resolution_groups.evidence``: counters, then ``|`` and the continuations, entries joined by
#: ``\x1f``, each word from its count by ``\x1e`` (explorer/store/resolution_state.py).
_ENTRY, _COUNT = "\x1f", "\x1e"


def continued_groups(db: Path) -> list[tuple[bool, int, str, str, int, str, int]]:
    """(majority, document, text, label, group count, longer name, mentions continuing)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    names: dict[str, str] = {}
    for (text,) in conn.execute("SELECT DISTINCT text FROM mentions"):
        names.setdefault(matching_key(text), text)
    found = []
    rows = conn.execute(
        "SELECT document_id, text, label, count, evidence FROM resolution_groups "
        "WHERE evidence LIKE '%|_%'"
    )
    for document, text, label, count, evidence in rows:
        for entry in evidence.split("|", 1)[1].split(_ENTRY):
            words, n = entry.split(_COUNT)
            longer = _longest_known(text, words.split(), names)
            if longer is not None:
                found.append((int(n) * 2 > count, document, text, label, count, longer, int(n)))
    return found


def _longest_known(text: str, words: list[str], names: dict[str, str]) -> str | None:
    """The longest name of the corpus the text makes with the first words after it."""
    for n in range(len(words), 0, -1):
        key = matching_key(f"{text} {' '.join(words[:n])}")
        if key in names and " " in key:
            return names[key]
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--list", action="store_true", help="print the minority groups")
    args = parser.parse_args(argv)
    found = continued_groups(args.db)
    minority = [f for f in found if not f[0]]
    if args.list:
        for _, document, text, label, count, longer, n in minority:
            print(f"{document}\t{text!r} {label} x{count}\t{n} before -> {longer}")
    print(
        f"groups most of whose mentions continue into a longer name: {len(found) - len(minority)}"
    )
    print(
        f"groups only some of whose mentions do: {len(minority)} "
        f"({sum(f[6] for f in minority)} mentions)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
