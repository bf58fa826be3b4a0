"""Synthetic actor databases for the benchmarks: realistic names of many origins, at any size.

``python benchmarks/synth.py --aliases 100000 --out benchmarks/data/names_100k.db``

Entities are people (first names and surnames of Arabic — in several romanisations —, English,
French, Spanish, Russian, Turkish, Chinese, Indian, African and German origin, plus surnames
generated from each origin's syllables for a long tail), organisations and places. Each has one
to six aliases: the full name, the surname, other romanisations, titles. Mention counts follow a
Zipf law. With ``--huge-actor N`` one actor gets N mentions in real documents and sentences (the
"mentions of a huge actor" benchmark). Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer.normalize import matching_key  # noqa: E402
from explorer.store.connect import open_for_writing, write_transaction
from explorer.store.fuzzy_index import flush_fuzzy_pending
from explorer.store.schema import now_iso

# Arabic names as families of romanisations, the same name spelled the ways the press does.
ARABIC_FIRST = [
    ["Mohammed", "Muhammad", "Mohamed", "Mohamad", "Mohammad", "Muhammed"],
    ["Ahmed", "Ahmad", "Ahmet"],
    ["Abdullah", "Abdallah", "Abdalla"],
    ["Abdul Rahman", "Abdulrahman", "Abderrahmane", "Abdel Rahman"],
    ["Khalifa", "Khalifah", "Halifa"],
    ["Mustafa", "Moustafa", "Mostafa", "Mustapha"],
    ["Omar", "Umar", "Omer"],
    ["Youssef", "Yousef", "Yusuf", "Youssouf", "Yousif"],
    ["Hussein", "Husayn", "Hussain", "Hocine"],
    ["Ali", "Aly"],
    ["Fayez", "Fayiz", "Faiez"],
    ["Aguila", "Agila", "Aqila"],
    ["Saif", "Seif", "Sayf"],
    ["Khaled", "Khalid", "Halid"],
    ["Abdel Fattah", "Abdelfattah", "Abd al-Fattah"],
    ["Fathi", "Fathy", "Fethi"],
    ["Ibrahim", "Ebrahim", "Brahim"],
    ["Salah", "Saleh", "Salih"],
    ["Nouri", "Nuri", "Noury"],
    ["Tariq", "Tarek", "Tarik"],
    ["Walid", "Waleed", "Oualid"],
    ["Hamza", "Hamzah"],
    ["Karim", "Kareem", "Krim"],
    ["Osama", "Usama", "Oussama"],
    ["Jamal", "Gamal", "Djamel"],
    ["Fatima", "Fatma", "Fatemeh"],
    ["Aisha", "Aicha", "Ayesha"],
    ["Najla", "Najlaa", "Nagla"],
    ["Rashid", "Rachid", "Rasheed"],
    ["Mahmoud", "Mahmud", "Mahmood"],
]
ARABIC_SURNAMES = [
    ["Haftar", "Hifter", "Hafter", "Khalifa Haftar"],
    ["Gaddafi", "Qaddafi", "Kadhafi", "Gadhafi", "Qadhafi", "Kaddafi"],
    ["al-Sarraj", "Sarraj", "el-Sarraj", "Serraj", "al-Serraj"],
    ["Dbeibah", "Dbeiba", "Dbaiba", "Dbeibeh"],
    ["Bashagha", "Bashaga", "Bash Agha"],
    ["Saleh", "Salah", "Salih"],
    ["al-Mishri", "Mishri", "al-Meshri", "Meshri"],
    ["Menfi", "al-Menfi", "Manfi"],
    ["Mangoush", "al-Mangoush", "Mangush"],
    ["el-Sisi", "al-Sisi", "Sisi"],
    ["al-Assad", "Assad", "el-Assad"],
    ["Erdogan"],
    ["Nasser", "Naser", "Nasir"],
    ["al-Husseini", "Husseini", "el-Husseiny"],
    ["Khouri", "Khoury", "al-Khuri"],
    ["Mansour", "Mansur", "Mansoor"],
    ["Othman", "Osman", "Uthman"],
    ["Abdel Jalil", "Abdul Jalil", "Abdeljalil"],
    ["Jibril", "Jibreel", "Gibril"],
    ["Zeidan", "Zaidan", "Zidan"],
    ["al-Thinni", "Thinni", "al-Thani"],
    ["Ghwell", "Ghweil", "al-Ghwell"],
    ["Belhaj", "Belhadj", "Bel Hadj"],
    ["Swehli", "Sewehli", "al-Swehli"],
    ["Maiteeq", "Maitig", "Mitig"],
    ["Bouchnak", "Bushnaq", "Boushnak"],
    ["Ben Ali", "Bin Ali"],
    ["al-Qahtani", "Qahtani", "al-Kahtani"],
    ["Shalgham", "Shalqam", "Chalgham"],
    ["Bin Zayed", "bin Zayed", "Ben Zayed"],
]
OTHER_FIRST = {
    "english": [
        "James",
        "John",
        "Robert",
        "Michael",
        "William",
        "David",
        "Richard",
        "Joseph",
        "Thomas",
        "Charles",
        "Mary",
        "Patricia",
        "Jennifer",
        "Linda",
        "Elizabeth",
        "Susan",
        "Jessica",
        "Sarah",
        "Karen",
        "Nancy",
        "Boris",
        "Tony",
        "Gordon",
        "Theresa",
        "Keir",
        "Rishi",
        "Liz",
        "Nigel",
        "Ed",
        "Nick",
        "George",
        "Emily",
        "Olivia",
        "Harry",
        "Jack",
        "Oliver",
    ],
    "french": [
        "Emmanuel",
        "Jean",
        "Pierre",
        "Francois",
        "Nicolas",
        "Marine",
        "Jacques",
        "Laurent",
        "Sophie",
        "Camille",
        "Antoine",
        "Claire",
        "Thierry",
        "Olivier",
        "Benoit",
        "Helene",
        "Yves",
        "Mathieu",
        "Julien",
        "Celine",
    ],
    "spanish": [
        "Jose",
        "Juan",
        "Carlos",
        "Luis",
        "Javier",
        "Miguel",
        "Pedro",
        "Alejandro",
        "Maria",
        "Carmen",
        "Lucia",
        "Pablo",
        "Diego",
        "Fernando",
        "Rafael",
        "Sergio",
        "Isabel",
        "Elena",
        "Andres",
        "Ricardo",
    ],
    "russian": [
        "Vladimir",
        "Sergei",
        "Dmitry",
        "Alexei",
        "Mikhail",
        "Yevgeny",
        "Nikolai",
        "Olga",
        "Tatiana",
        "Natalia",
        "Igor",
        "Andrei",
        "Viktor",
        "Yuri",
        "Maria",
        "Anatoly",
        "Svetlana",
        "Oleg",
        "Pavel",
        "Konstantin",
    ],
    "turkish": [
        "Recep",
        "Mevlut",
        "Hulusi",
        "Ahmet",
        "Mehmet",
        "Kemal",
        "Ayse",
        "Emine",
        "Hakan",
        "Selahattin",
        "Binali",
        "Ibrahim",
        "Fatih",
        "Murat",
        "Zeynep",
        "Cem",
        "Burak",
        "Elif",
        "Omer",
        "Tayyip",
    ],
    "chinese": [
        "Xi",
        "Li",
        "Wang",
        "Zhang",
        "Liu",
        "Chen",
        "Yang",
        "Huang",
        "Zhao",
        "Wu",
        "Zhou",
        "Jinping",
        "Keqiang",
        "Wei",
        "Ming",
        "Hua",
        "Jun",
        "Lei",
        "Yan",
        "Qiang",
    ],
    "indian": [
        "Narendra",
        "Rahul",
        "Sonia",
        "Amit",
        "Priya",
        "Arjun",
        "Vikram",
        "Sunita",
        "Rajesh",
        "Anil",
        "Deepak",
        "Sanjay",
        "Pooja",
        "Kavita",
        "Manmohan",
        "Nirmala",
        "Subrahmanyam",
        "Arvind",
        "Lakshmi",
        "Ravi",
    ],
    "african": [
        "Cyril",
        "Jacob",
        "Nelson",
        "Thabo",
        "Uhuru",
        "William",
        "Muhammadu",
        "Goodluck",
        "Paul",
        "Yoweri",
        "Abiy",
        "Ellen",
        "Kwame",
        "Chinua",
        "Wole",
        "Ngozi",
        "Amina",
        "Chidi",
        "Oluwaseun",
        "Kofi",
    ],
    "german": [
        "Angela",
        "Olaf",
        "Frank-Walter",
        "Annalena",
        "Heiko",
        "Ursula",
        "Wolfgang",
        "Gerhard",
        "Helmut",
        "Friedrich",
        "Markus",
        "Horst",
        "Sigmar",
        "Armin",
        "Christian",
        "Jens",
        "Klaus",
        "Petra",
        "Sabine",
        "Jurgen",
    ],
}
OTHER_SURNAMES = {
    "english": [
        "Smith",
        "Johnson",
        "Williams",
        "Brown",
        "Jones",
        "Miller",
        "Davis",
        "Wilson",
        "Taylor",
        "Clarke",
        "Johnson",
        "Blair",
        "Brown",
        "Cameron",
        "May",
        "Starmer",
        "Sunak",
        "Truss",
        "Farage",
        "Miliband",
        "Clegg",
        "Osborne",
        "Hague",
    ],
    "french": [
        "Macron",
        "Martin",
        "Bernard",
        "Dubois",
        "Durand",
        "Leroy",
        "Moreau",
        "Lefebvre",
        "Le",
        "Pen",
        "Chirac",
        "Sarkozy",
        "Hollande",
        "Fabius",
        "Le",
        "Drian",
        "Barnier",
        "Villepin",
        "Juppe",
        "Fillon",
        "Melenchon",
        "Bayrou",
    ],
    "spanish": [
        "Garcia",
        "Rodriguez",
        "Martinez",
        "Lopez",
        "Gonzalez",
        "Perez",
        "Sanchez",
        "Ramirez",
        "Torres",
        "Flores",
        "Rajoy",
        "Zapatero",
        "Aznar",
        "Borrell",
        "Moratinos",
        "Rivera",
        "Iglesias",
        "Casado",
        "Abascal",
    ],
    "russian": [
        "Putin",
        "Lavrov",
        "Medvedev",
        "Shoigu",
        "Navalny",
        "Peskov",
        "Prigozhin",
        "Gorbachev",
        "Yeltsin",
        "Ivanov",
        "Smirnov",
        "Kuznetsov",
        "Popov",
        "Sokolov",
        "Lebedev",
        "Kozlov",
        "Novikov",
        "Morozov",
        "Volkov",
        "Zakharova",
    ],
    "turkish": [
        "Erdogan",
        "Cavusoglu",
        "Akar",
        "Fidan",
        "Davutoglu",
        "Gul",
        "Yildirim",
        "Kilicdaroglu",
        "Imamoglu",
        "Demir",
        "Yilmaz",
        "Kaya",
        "Sahin",
        "Celik",
        "Ozturk",
        "Aydin",
        "Ozdemir",
        "Arslan",
        "Dogan",
        "Kilic",
    ],
    "chinese": [
        "Xi",
        "Li",
        "Wang",
        "Zhang",
        "Liu",
        "Chen",
        "Yang",
        "Huang",
        "Zhao",
        "Wu",
        "Zhou",
        "Xu",
        "Sun",
        "Ma",
        "Zhu",
        "Hu",
        "Guo",
        "He",
        "Lin",
        "Gao",
    ],
    "indian": [
        "Modi",
        "Gandhi",
        "Shah",
        "Singh",
        "Sharma",
        "Patel",
        "Kumar",
        "Gupta",
        "Reddy",
        "Nair",
        "Iyer",
        "Menon",
        "Jaishankar",
        "Sitharaman",
        "Kejriwal",
        "Banerjee",
        "Chopra",
        "Desai",
        "Joshi",
        "Mehta",
    ],
    "african": [
        "Ramaphosa",
        "Zuma",
        "Mandela",
        "Mbeki",
        "Kenyatta",
        "Ruto",
        "Buhari",
        "Jonathan",
        "Kagame",
        "Museveni",
        "Ahmed",
        "Sirleaf",
        "Nkrumah",
        "Achebe",
        "Soyinka",
        "Okonjo-Iweala",
        "Mohammed",
        "Okafor",
        "Adeyemi",
        "Annan",
    ],
    "german": [
        "Merkel",
        "Scholz",
        "Steinmeier",
        "Baerbock",
        "Maas",
        "von",
        "der",
        "Leyen",
        "Schauble",
        "Schroder",
        "Kohl",
        "Merz",
        "Soder",
        "Seehofer",
        "Gabriel",
        "Laschet",
        "Lindner",
        "Spahn",
        "Muller",
        "Schmidt",
        "Schneider",
        "Fischer",
    ],
}
# Syllables per origin: generated surnames give the long tail real name lists have.
SYLLABLES = {
    "arabic": [
        "ab",
        "ad",
        "al",
        "am",
        "an",
        "ba",
        "bu",
        "da",
        "di",
        "fa",
        "fi",
        "ha",
        "hi",
        "ja",
        "ji",
        "ka",
        "ki",
        "kha",
        "la",
        "li",
        "ma",
        "mi",
        "na",
        "ni",
        "qa",
        "ra",
        "ri",
        "sa",
        "si",
        "sha",
        "ta",
        "ti",
        "wa",
        "za",
        "zi",
        "dar",
        "far",
        "gar",
        "har",
        "jar",
        "mar",
        "nas",
        "ran",
        "sar",
        "tar",
        "bah",
        "rah",
        "mah",
    ],
    "english": [
        "ash",
        "bur",
        "ton",
        "ham",
        "ley",
        "wood",
        "ford",
        "field",
        "well",
        "by",
        "son",
        "ing",
        "ston",
        "dale",
        "wick",
        "more",
        "land",
        "ward",
        "wright",
        "man",
        "ley",
        "shaw",
    ],
    "russian": [
        "ko",
        "vo",
        "no",
        "so",
        "ro",
        "lo",
        "mi",
        "ni",
        "ka",
        "za",
        "vin",
        "kov",
        "ov",
        "ev",
        "in",
        "sky",
        "ich",
        "enko",
        "ski",
    ],
    "african": [
        "ba",
        "nu",
        "mo",
        "ko",
        "la",
        "ye",
        "si",
        "de",
        "wa",
        "gu",
        "ta",
        "zi",
        "ke",
        "mbe",
        "nda",
        "ngo",
        "olu",
        "ade",
        "chi",
        "eme",
    ],
    "chinese": [
        "zh",
        "an",
        "eng",
        "ong",
        "ao",
        "uo",
        "ian",
        "iu",
        "ui",
        "wen",
        "xin",
        "jun",
        "hao",
        "yu",
        "lin",
        "bo",
    ],
}
ORG_PATTERNS = [
    "Ministry of {x}",
    "{x} National Army",
    "Government of National {x}",
    "{x} Petroleum Company",
    "{x} Brigade",
    "{x} Holdings",
    "Bank of {x}",
    "{x} University",
    "{x} Council",
    "{x} Liberation Front",
]
ORG_WORDS = [
    "Accord",
    "Unity",
    "Defence",
    "Interior",
    "Foreign",
    "Affairs",
    "Health",
    "Oil",
    "Justice",
    "Finance",
    "Libyan",
    "Arab",
    "National",
    "Tripoli",
    "Benghazi",
    "Misrata",
    "Sirte",
    "Tobruk",
    "Zintan",
    "Derna",
    "Sabha",
    "Kufra",
    "Central",
    "Islamic",
    "Union",
    "Popular",
    "Democratic",
    "Revolutionary",
    "Security",
    "Energy",
    "Trade",
    "Maritime",
]
PLACES = [
    "Tripoli",
    "Benghazi",
    "Misrata",
    "Sirte",
    "Tobruk",
    "Zintan",
    "Derna",
    "Sabha",
    "Kufra",
    "Ajdabiya",
    "Bayda",
    "Zawiya",
    "Gharyan",
    "Tarhuna",
    "Brega",
    "Ras",
    "Lanuf",
    "Ubari",
    "Ghat",
    "Cairo",
    "Alexandria",
    "Tunis",
    "Algiers",
    "Rabat",
    "Khartoum",
    "Ankara",
    "Istanbul",
    "Moscow",
    "Paris",
    "London",
    "Berlin",
    "Rome",
    "Geneva",
    "Brussels",
    "Washington",
    "Doha",
    "Abu",
    "Dhabi",
    "Riyadh",
    "Amman",
    "Beirut",
    "Damascus",
    "Baghdad",
    "Tehran",
]
TITLES = ["President", "Prime Minister", "General", "Field Marshal", "Minister", "Dr", "Sheikh"]


class NameGenerator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._cum: dict[int, list[float]] = {}

    def zipf_pick(self, items: list, s: float = 1.0):  # type: ignore[no-untyped-def]
        """An item, the first ones far more often (names are Zipf-distributed)."""
        cum = self._cum.get(id(items))
        if cum is None:
            total, cum = 0.0, []
            for i in range(len(items)):
                total += 1 / (i + 1) ** s
                cum.append(total)
            self._cum[id(items)] = cum
        return self.rng.choices(items, cum_weights=cum)[0]

    def generated_surname(self, origin: str) -> str:
        sylls = SYLLABLES.get(origin, SYLLABLES["english"])
        word = "".join(self.rng.choice(sylls) for _ in range(self.rng.randint(2, 3)))
        word = word.capitalize()
        if origin == "arabic" and self.rng.random() < 0.4:
            return self.rng.choice(["al-", "el-", "Al ", "Bin ", "Abu "]) + word
        return word

    def person(self) -> tuple[str, list[str]]:
        """A display name and its aliases."""
        rng = self.rng
        if rng.random() < 0.45:
            first = rng.choice(self.zipf_pick(ARABIC_FIRST))
            fam = self.zipf_pick(ARABIC_SURNAMES) if rng.random() < 0.35 else None
            last_forms = list(fam) if fam else [self.generated_surname("arabic")]
            middle = rng.choice(rng.choice(ARABIC_FIRST)) if rng.random() < 0.3 else ""
            last = last_forms[0]
            full = " ".join(p for p in (first, middle, last) if p)
            aliases = [full, f"{first} {last}", last.replace("al-", "").replace("el-", "")]
            for variant in rng.sample(last_forms, min(len(last_forms), rng.randint(1, 3))):
                aliases.append(f"{first} {variant}")
            if rng.random() < 0.3:
                aliases.append(f"{rng.choice(TITLES)} {last}")
            return full, _dedupe(aliases)
        origin = rng.choice(list(OTHER_FIRST))
        first = self.zipf_pick(OTHER_FIRST[origin])
        if rng.random() < 0.5:
            last = self.zipf_pick(OTHER_SURNAMES[origin])
        else:
            last = self.generated_surname(
                origin if origin in SYLLABLES else rng.choice(list(SYLLABLES))
            )
        full = f"{first} {last}"
        aliases = [full, last]
        if rng.random() < 0.3:
            aliases.append(f"{rng.choice(TITLES)} {last}")
        if rng.random() < 0.2:
            aliases.append(f"{first[0]}. {last}")
        return full, _dedupe(aliases)

    def organisation(self) -> tuple[str, list[str]]:
        rng = self.rng
        x = rng.choice(ORG_WORDS)
        if rng.random() < 0.5:
            x = f"{x} {self.generated_surname(rng.choice(list(SYLLABLES)))}"
        name = rng.choice(ORG_PATTERNS).format(x=x)
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())
        return name, _dedupe([name, acronym] if len(acronym) > 1 else [name])

    def place(self) -> tuple[str, list[str]]:
        rng = self.rng
        base = rng.choice(PLACES)
        if rng.random() < 0.7:
            base = f"{self.generated_surname(rng.choice(list(SYLLABLES)))} {rng.choice(['', 'City', 'Oasis', 'Province'])}".strip()
        return base, [base]

    def entity(self) -> tuple[str, str, list[str]]:
        roll = self.rng.random()
        if roll < 0.7:
            return ("PERSON", *self.person())
        if roll < 0.88:
            return ("ORG", *self.organisation())
        return ("GPE", *self.place())


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in items if i.strip()))


def build(out: Path, n_aliases: int, seed: int = 6, huge_actor: int = 0) -> dict:
    """Write a database with about ``n_aliases`` aliases (and optionally one huge actor)."""
    if out.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(out) + suffix).unlink(missing_ok=True)
    gen = NameGenerator(seed)
    db = open_for_writing(out)
    started = time.perf_counter()
    entities, aliases = [], []
    seen: set[tuple[str, str]] = set()
    entity_id = 0
    while len(aliases) < n_aliases:
        etype, name, names = gen.entity()
        if (etype, name) in seen:
            continue
        seen.add((etype, name))
        entity_id += 1
        mentions = max(1, int(2000 / (entity_id**0.8)) + gen.rng.randint(0, 3))
        entities.append((entity_id, name, etype, mentions, max(1, mentions // 3)))
        for alias in names:
            aliases.append((entity_id, alias, matching_key(alias), max(1, mentions // len(names))))
    aliases = aliases[:n_aliases]
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO entities (id, name, type, mention_count, document_count) "
            "VALUES (?, ?, ?, ?, ?)",
            entities,
        )
        db.conn.executemany(
            "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, ?)",
            aliases,
        )
    with write_transaction(db):
        flush_fuzzy_pending(db)
    huge_id = _add_huge_actor(db, huge_actor, entity_id + 1) if huge_actor else None
    db.conn.execute("ANALYZE")
    db.close()
    return {
        "entities": len(entities),
        "aliases": len(aliases),
        "seconds": time.perf_counter() - started,
        "huge_actor": huge_id,
    }


def _add_huge_actor(db, n_mentions: int, entity_id: int) -> int:  # type: ignore[no-untyped-def]
    """One actor named ``n_mentions`` times across 1,000 documents of 100 sentences each."""
    name = "Khalifa Belqasim Haftar-Synthetic"
    sentence = f"Forces loyal to {name} advanced on the city. "
    per_doc = max(1, n_mentions // 1000)
    with write_transaction(db):
        db.conn.execute(
            "INSERT INTO entities (id, name, type, mention_count, document_count) "
            "VALUES (?, ?, 'PERSON', ?, ?)",
            [entity_id, name, n_mentions, 1000],
        )
        db.conn.execute(
            "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, ?)",
            [entity_id, name, matching_key(name), n_mentions],
        )
        sentence_id = 0
        for doc in range(1000):
            text = sentence * per_doc
            cur = db.conn.execute(
                "INSERT INTO documents (path, file, title, sha256, text, n_sentences, n_words, "
                "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    f"synthetic/{doc}.txt",
                    "synthetic",
                    f"Dispatch {doc}",
                    f"sha{doc}",
                    text,
                    per_doc,
                    len(text.split()),
                    now_iso(),
                ],
            )
            doc_id = cur.lastrowid
            sents, ments = [], []
            for i in range(per_doc):
                sentence_id += 1
                start = i * len(sentence)
                sents.append(
                    (sentence_id, doc_id, i, start, start + len(sentence) - 1, sentence[:-1])
                )
                m_start = start + len("Forces loyal to ")
                ments.append(
                    (entity_id, doc_id, sentence_id, m_start, m_start + len(name), name, "PERSON")
                )
            db.conn.executemany(
                'INSERT INTO sentences (id, document_id, idx, start, "end", text) VALUES (?,?,?,?,?,?)',
                sents,
            )
            db.conn.executemany(
                'INSERT INTO mentions (entity_id, document_id, sentence_id, start, "end", text, '
                "label) VALUES (?,?,?,?,?,?,?)",
                ments,
            )
        flush_fuzzy_pending(db)
    return entity_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--huge-actor", type=int, default=0, help="mentions of one huge actor")
    args = parser.parse_args()
    info = build(args.out, args.aliases, args.seed, args.huge_actor)
    print(f"{args.out}: {info}")


if __name__ == "__main__":
    main()
