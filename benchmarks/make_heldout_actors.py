"""Build ``benchmarks/gold/search_actors_heldout.tsv``: actors never used to tune search.

    python benchmarks/make_heldout_actors.py [--seed 31]

Two parts, both from labels written before any search rule was tuned on them:

- every actor of ``heldout_types.tsv`` (the 32 articles written for other regions), with the
  other names its articles give it (acronyms, expansions; not short forms made of the name's own
  words, "National Assembly" for the National Assembly of Senegal, which depend on context), the
  surname people are called by (the lone surname the articles use, else the last word), and
  published alternative spellings written here by hand (:data:`ALTERNATIVE_SPELLINGS`:
  romanisations, exonyms and former names in current news use);
- a seeded sample of 80 BBC actors of ``bbc_actors.tsv`` (people, organisations, places with 3+
  labelled rows) that are not in ``search_actors.tsv``.

``make_search_queries.py --heldout-db DB --actors ... --out search_queries_heldout.tsv`` then
makes the queries the same way as for the tuning set.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import Counter, defaultdict
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold"
BBC_SAMPLE = 80
MIN_BBC_ROWS = 3

#: Published alternative spellings of held-out actors (``;``-separated).
ALTERNATIVE_SPELLINGS = {
    "Mumbai": "Bombay",
    "Ho Chi Minh City": "Saigon",
    "Chittagong": "Chattogram",
    "Mogadishu": "Muqdisho",
    "Guangzhou": "Canton;Kwangchow",
    "Shenzhen": "Shen-chen",
    "Timbuktu": "Tombouctou;Timbuctoo",
    "Addis Ababa": "Addis Abeba",
    "Khartoum": "Al-Khartum",
    "El Fasher": "Al-Fashir;El Fashir",
    "Port Sudan": "Bur Sudan",
    "Darfur": "Darfour",
    "Mohamed Hamdan Dagalo": "Mohammed Hamdan Daglo",
    "Abdel Fattah al-Burhan": "Abdelfattah Burhan;Abd al-Fattah al-Burhan",
    "Hassan Sheikh Mohamud": "Hasan Sheikh Mohamoud",
    "al-Shabaab": "al-Shabab;Harakat al-Shabaab",
    "Shehbaz Sharif": "Shahbaz Sharif",
    "Pakistan Tehreek-e-Insaf": "Pakistan Tehrik-i-Insaf",
    "Muhammad Yunus": "Mohammad Yunus",
    "Bharatiya Janata Party": "Bhartiya Janata Party",
    "Peshawar": "Pishawar",
    "Dhaka": "Dacca",
    "Kathmandu": "Katmandu",
    "Yoon Suk Yeol": "Yun Seok-yeol;Yoon Seok-youl",
    "Lee Jae-yong": "Lee Jae-young",
    "Haiphong": "Hai Phong",
    "Paetongtarn Shinawatra": "Phaethongthan Chinnawat",
    "Thaksin Shinawatra": "Taksin Chinawat",
    "Chiang Mai": "Chiengmai",
    "Muhyiddin Yassin": "Mahiaddin Yassin;Muhyiddin Yasin",
    "Terengganu": "Trengganu",
    "Anura Kumara Dissanayake": "Anura Kumara Dissanayaka",
    "Ranil Wickremesinghe": "Ranil Wickramasinghe",
    "K P Sharma Oli": "Khadga Prasad Oli;KP Oli",
    "Mesfin Tasew": "Mesfin Tassew",
    "Tigray": "Tigrai",
    "Cusco": "Cuzco",
    "Mexico City": "Ciudad de Mexico",
    "Tokyo": "Tokio",
    "Dar es Salaam": "Daressalam",
    "Rae Bareli": "Raebareli",
    "Wayanad": "Wynad",
    "Surabaya": "Soerabaja;Surabaja",
    "Mahamudu Bawumia": "Mahamadu Bawumia",
    "Emmerson Mnangagwa": "Emerson Mnangagwa",
    "Abiy Ahmed": "Abiy Ahmad",
    "Pheu Thai": "Phuea Thai",
    "Vietnam": "Viet Nam",
    "Hiran": "Hiraan",
    "Juba River": "Jubba River",
    "Andres Manuel Lopez Obrador": "Andres Manuel Lopes Obrador",
    "Gujarat": "Gujrat",
    "Kelantan": "Kalantan",
    "Joao Lourenco": "Joao Lourensso",
    "Seoul": "Soul",
    "Phuket": "Puket",
}
#: Read and judged: in the BBC corpus these short forms name another actor (the city, The Times).
NOT_THIS_ACTOR = {("Birmingham City FC", "Birmingham"), ("Los Angeles Times", "Times")}
COLUMNS = ["name", "accept", "surname", "not_namesakes", "romanisations", "source"]


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def is_variant(surface: str, name: str) -> bool:
    """Another name of the actor, not a short form made of the name's own words."""
    words = name.lower().split()
    surface_words = [w for w in surface.lower().split() if w not in ("mr", "ms")]
    short_form = len(surface_words) < len(words) and all(w in words for w in surface_words)
    return not surface.startswith("Past ") and not short_form


def actor_row(
    name: str, kind: str, surfaces: set[str], spellings: str = "", bbc: bool = False
) -> list[str]:
    """One actor. BBC labels list every surface of a document (first names too): the surname is
    the last word, and short forms are kept unless read and judged to name another actor."""
    others = sorted(surfaces - {name})
    surname = ""
    if kind == "PERSON" and " " in name:
        lone = [s for s in others if " " not in s]
        surname = lone[0] if lone and not bbc else name.split()[-1]
        others = [s for s in others if " " in s]
    accept = [s for s in others if (bbc or is_variant(s, name)) and (name, s) not in NOT_THIS_ACTOR]
    return [name, ";".join(accept), surname, "", spellings, "heldout"]


def heldout_rows() -> list[list[str]]:
    surfaces: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    for row in read_tsv(GOLD / "heldout_types.tsv"):
        if row["actor"] not in ("-", "?"):
            surfaces[row["actor"]].add(row["surface"])
            kinds[row["actor"]] = row["type"]
    out = []
    for actor, names in surfaces.items():
        name = actor.split(" (")[0]
        names = names - {actor}
        out.append(actor_row(name, kinds[actor], names, ALTERNATIVE_SPELLINGS.get(name, "")))
    return out


def bbc_rows(seed: int) -> list[list[str]]:
    used = set()
    for row in read_tsv(GOLD / "search_actors.tsv"):
        used |= {row["name"], *filter(None, row["accept"].split(";"))}
    counts: Counter[str] = Counter()
    surfaces: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    for row in read_tsv(GOLD / "bbc_actors.tsv"):
        actor = row["actor"]
        if actor in ("-", "?") or "[" in actor or "(" in actor:
            continue
        if row["type"] in ("PERSON", "ORG", "GPE"):
            counts[actor] += 1
            surfaces[actor].add(row["surface"])
            kinds[actor] = row["type"]
    pool = sorted(a for a, n in counts.items() if n >= MIN_BBC_ROWS and a not in used)
    chosen = sorted(random.Random(seed).sample(pool, BBC_SAMPLE))
    return [actor_row(a, kinds[a], surfaces[a], bbc=True) for a in chosen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--out", type=Path, default=GOLD / "search_actors_heldout.tsv")
    args = parser.parse_args()
    rows = heldout_rows() + bbc_rows(args.seed)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    print(f"{len(rows)} actors -> {args.out}")


if __name__ == "__main__":
    main()
