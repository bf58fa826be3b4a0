"""Evidence about people's names that strings alone do not give: first names and gender.

- **Different first names** are two people ("Diane Kruger" is not "Danny Kruger") unless
  they are one name in the curated tables: nicknames (``nicknames``: "Steve"/"Steven",
  "Bill"/"William") or spellings gender-guesser pairs ("Danny"/"Daniel"). Transliterations of
  one first name ("Fayez"/"Faiz", "Alexei"/"Aleksei") stay joinable: the spelling rules decide
  them, and these rules only veto a join when the two names are of different genders.
- **A first name cut short** ("Rafa" of "Rafael", "Saul" of "Saulius") is the longer name
  when both are given names, the short one has :data:`CLIPPED_NAME_MIN_LETTERS` letters at
  least and the two are of no different genders (:func:`clipped_given_name`): the nicknames
  table is English, and other languages clip names the same way.
- **Gender** of a person comes from the honorifics span cleaning kept (``mentions.title``:
  "Mrs", "Ms", "Sir") or from the first name (gender-guesser's dictionary). "Mrs Howard" never
  joins a man's name, nor "Mr Howard" a woman's.

Pure (no SQL); the tables are read on first use (:mod:`explorer.resolution.lexicon`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from explorer.resolution.lexicon import given_name_gender, is_given_name, same_given_name

MALE, FEMALE = "male", "female"

#: Honorifics and styles of one gender, as ``mentions.title`` stores them (lower case).
FEMALE_TITLES = frozenset(
    {
        "mrs",
        "ms",
        "miss",
        "madam",
        "madame",
        "mme",
        "mlle",
        "lady",
        "dame",
        "baroness",
        "duchess",
        "countess",
        "princess",
        "queen",
        "sister",
    }
)
MALE_TITLES = frozenset(
    {"mr", "mister", "sir", "lord", "baron", "duke", "count", "prince", "king", "brother"}
)


def title_gender(titles: Iterable[str]) -> str | None:
    """The gender the honorifics in front of a name agree on, or ``None``."""
    genders = set()
    for title in titles:
        words = title.casefold().replace(".", "").split()
        if not words:
            continue
        if words[0] in FEMALE_TITLES:
            genders.add(FEMALE)
        elif words[0] in MALE_TITLES:
            genders.add(MALE)
    return genders.pop() if len(genders) == 1 else None


@lru_cache(maxsize=4096)  # a corpus has a few hundred distinct titles; storage asks per mention
def mention_gender(title: str | None) -> str:
    """The gender of the honorific trimmed from one mention ("mrs": ``FEMALE``), ``""`` when
    it had none or one of no gender ("president"): part of its surface group's key
    (:attr:`explorer.resolution.clusters.SurfaceGroup.gender`)."""
    return title_gender([title]) or "" if title else ""


def first_name_gender(first: str) -> str | None:
    """The gender of a first name when the dictionary gives it one gender only."""
    return given_name_gender(first)


def genders_clash(a: str | None, b: str | None) -> bool:
    """Both known and different."""
    return a is not None and b is not None and a != b


#: Letters a first name cut short keeps at least ("Rafa"; "Ron" of "Ronan" is a name of its own).
CLIPPED_NAME_MIN_LETTERS = 4


def clipped_given_name(a: str, b: str) -> bool:
    """Whether one first name is the other cut short ("rafa", "rafael"; see the module
    docstring). Both lower case, as form keys write them."""
    short, long = sorted((a, b), key=len)
    return (
        short != long
        and len(short) >= CLIPPED_NAME_MIN_LETTERS
        and long.startswith(short)
        and is_given_name(short)
        and is_given_name(long)
        and not genders_clash(first_name_gender(short), first_name_gender(long))
    )


def first_names_clash(a: str, b: str) -> bool:
    """Whether two different first words of full names say "two people": both given names of
    different genders ("Diane"/"Danny"), and not one name in the curated tables."""
    if a == b or same_given_name(a, b):
        return False
    return genders_clash(first_name_gender(a), first_name_gender(b))


def is_first_name(word: str) -> bool:
    """A common given name in gender-guesser's dictionary."""
    return is_given_name(word)
