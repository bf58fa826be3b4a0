"""gender-guesser's first-name dictionary (``nam_dict.txt``), read without the package's Detector.

The file has fixed columns: a gender code in columns 0-1 ("M", "1F", "?M", "?"), the name in
3-28, then from column :data:`FIRST_COUNTRY_COLUMN` one frequency character per country (1-9,
then A-D = 10-13). Lines starting "#" are comments; lines starting "=" pair two spellings of one
name ("Steve Stephen"). A "+" inside a name stands for a hyphen, a space or nothing
("Jun+Wei"): :func:`plus_readings`.

A foundation module: the mention cleaner (``explorer.spans``) and resolution's lexicon
(``explorer.resolution.lexicon``) both read the file through it, each keying the names its own
way (the cleaner by lower case with "+" read as a hyphen, the lexicon by folded keys of every
reading).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

#: The columns of a line's gender code and of its name.
GENDER_COLUMNS = slice(0, 2)
NAME_COLUMNS = slice(3, 29)
#: The column of a line's first country frequency: a line this long or shorter has none.
FIRST_COUNTRY_COLUMN = 30


def dictionary_path() -> Path:
    """Where gender-guesser keeps ``nam_dict.txt``."""
    import gender_guesser.detector

    return Path(gender_guesser.detector.__file__).parent / "data" / "nam_dict.txt"


def dictionary_lines() -> Iterator[str]:
    """The file's lines without its comments: name lines, and "=" lines pairing spellings."""
    with dictionary_path().open(encoding="utf-8") as handle:
        for line in handle:
            if line[:1] != "#":
                yield line


def has_countries(line: str) -> bool:
    """Whether a line gives its name's frequency in some country (longer lines hold columns
    past :data:`FIRST_COUNTRY_COLUMN`)."""
    return len(line) > FIRST_COUNTRY_COLUMN


def plus_readings(name: str) -> tuple[str, str, str]:
    """A name with "+" read as nothing, a space and a hyphen, as gender-guesser's Detector
    reads it ("Jun+Wei": "JunWei", "Jun Wei", "Jun-Wei")."""
    return name.replace("+", ""), name.replace("+", " "), name.replace("+", "-")
