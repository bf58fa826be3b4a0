"""Precision and recall of the spelling-variant matcher on tests/data/name_pairs.tsv.

    python benchmarks/resolution_eval.py [PAIRS.tsv]

Prints, for several candidate thresholds, how many labelled pairs the matcher calls the same
and its precision and recall; the chosen thresholds are those in :mod:`explorer.resolution.resolve`.
Also prints the baseline (matching keys alone) and the errors at the chosen thresholds.
"""

from __future__ import annotations

import sys
from pathlib import Path

from explorer.normalize import matching_key, name_tokens
from explorer.resolution.resolve import (
    SHORT_VARIANT_MIN_SCORE,
    VARIANT_MIN_SCORE,
    spelling_variants,
    surname_variants,
)

DEFAULT_PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "name_pairs.tsv"


def load_pairs(path: Path) -> list[tuple[str, str, bool, str]]:
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3 or fields[2] not in ("same", "diff"):
            raise SystemExit(f"{path}:{number}: expected name_a, name_b, same|diff")
        pairs.append(
            (fields[0], fields[1], fields[2] == "same", fields[3] if len(fields) > 3 else "")
        )
    return pairs


def scores(predicted: list[bool], truth: list[bool]) -> tuple[float, float, int, int]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, fp, fn


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PAIRS
    pairs = load_pairs(path)
    truth = [same for _, _, same, _ in pairs]
    n_same = sum(truth)
    print(f"{path.name}: {len(pairs)} pairs ({n_same} same, {len(pairs) - n_same} different)")
    baseline = [
        name_tokens(matching_key(a)) == name_tokens(matching_key(b)) for a, b, _, _ in pairs
    ]
    p, r, fp, fn = scores(baseline, truth)
    print(f"{'keys only':>22}: precision {p:.3f} recall {r:.3f} (fp {fp}, fn {fn})")
    grid = sorted(
        {(long_t, short_t) for long_t in (50, 55, 60, 65, 70, 75, 80) for short_t in (65, 75, 85)}
        | {(VARIANT_MIN_SCORE, SHORT_VARIANT_MIN_SCORE)}
    )
    for long_t, short_t in grid:
        predicted = [
            spelling_variants(a, b, long_t if len(name_tokens(matching_key(a))) > 1 else short_t)
            for a, b, _, _ in pairs
        ]
        p, r, fp, fn = scores(predicted, truth)
        mark = (
            " <- chosen"
            if (long_t, short_t) == (VARIANT_MIN_SCORE, SHORT_VARIANT_MIN_SCORE)
            else ""
        )
        print(
            f"  full>={long_t:>3.0f} one>={short_t:>3.0f}: precision {p:.3f} recall {r:.3f} "
            f"(fp {fp}, fn {fn}){mark}"
        )
    one_word = [(a, b, same) for a, b, same, _ in pairs if len(name_tokens(matching_key(a))) == 1]
    p, r, fp, fn = scores(
        [surname_variants(matching_key(a), matching_key(b)) for a, b, _ in one_word],
        [same for _, _, same in one_word],
    )
    print(
        f"  one-word pairs as people's names (surname_variants, "
        f"{len(one_word)} pairs): precision {p:.3f} recall {r:.3f} (fp {fp}, fn {fn})"
    )
    print("errors at the chosen thresholds (one-word pairs under both rules):")
    for a, b, same, note in pairs:
        one_word = len(name_tokens(matching_key(a))) == 1
        verdicts = [("", spelling_variants(a, b))]
        if one_word:
            verdicts = [
                (" as places/organisations", spelling_variants(a, b)),
                (" as people", surname_variants(matching_key(a), matching_key(b))),
            ]
        for rule, verdict in verdicts:
            if verdict != same:
                kind = "missed" if same else "wrongly joined"
                print(f"  {kind}{rule}: {a!r} / {b!r} ({note})")


if __name__ == "__main__":
    main()
