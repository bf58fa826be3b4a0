"""Contextual evidence for an actor's type: what is written right around each mention.

The one interface between storage and the type rules: storage hands over, for every mention, a
:class:`MentionContext` (a few words before and after it in its document, and the title that
span cleaning trimmed off it when the database stores one, ``mentions.title``); this module
turns them into counts per surface group (:class:`GroupEvidence`). Pure: no SQL.

What counts (cue words in ``explorer/data/type_cues.toml``):

- **titled**: a title or job noun right before the name ("Mr Blair", "striker Thierry Henry",
  "Defence Secretary Geoff Hoon"), or stored in ``mentions.title``;
- **place cues**: a locative preposition before a name that ends its phrase ("fighting in X,",
  "near X and"); stronger, **place nouns**: "the town of X", "residents of X", "north of X",
  an apposition after it ("X, a town ...") or the country it lies in ("X, Morocco");
- **organisation cues**: a kind of organisation right before the name ("oil giant X", "rock band
  X") or an organisation's noun right after it ("X shares", "X boss");
- **articles**: "a", "an" or "the" right before the name ("won an Oscar", "the Tories"): people's
  names rarely take them;
- **office words**: a one-word name that is part of a job title ("Trade" of "Trade Minister",
  "State" of "Secretary of State"): never an actor to join to a longer name;
- **work cues**: a kind of work right before the name ("the biopic X", "the album X"): a
  one-word title so written is a work's, never joined to a person;
- **sport cues**: a score ("2-1") or a word of a sports report ("striker", "league") within the
  text read around the mention: counted over a story's mentions, they tell a match report,
  where a place's bare name stands for its club;
- **continuations**: the capitalised words right after a mention ("BBC" followed by "One",
  "Scottish" by "Executive"): the model cut a longer name short, and resolution gives the
  mention to that longer name when the corpus has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from explorer.normalize import matching_key
from explorer.resolution.clusters import GroupKey as GroupKey  # SurfaceGroup.key
from explorer.resolution.lexicon import TypeCues, country_code, type_cues

#: How many characters of text storage reads on each side of a mention.
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class MentionContext:
    """The text right around one mention (same document), and its stored title if any."""

    before: str
    after: str
    title: str | None = None


@dataclass(slots=True)
class GroupEvidence:
    """Counts of mentions of one surface group with each kind of cue."""

    titled: int = 0
    place_cues: int = 0  # every place cue, the nouns included
    place_nouns: int = 0
    org_cues: int = 0
    articles: int = 0
    office_words: int = 0
    work_cues: int = 0  # a kind of work right before the name: "the biopic X"
    sport_cues: int = 0  # a score or a sports report's word around the name: "X 2-1", "striker"
    #: the one or two capitalised words right after the mention → mentions ("One", "Radio 4")
    continuations: dict[str, int] = field(default_factory=dict)

    def add(self, other: GroupEvidence) -> None:
        self.titled += other.titled
        self.place_cues += other.place_cues
        self.place_nouns += other.place_nouns
        self.org_cues += other.org_cues
        self.articles += other.articles
        self.office_words += other.office_words
        self.work_cues += other.work_cues
        self.sport_cues += other.sport_cues
        for words, n in other.continuations.items():
            self.continuations[words] = self.continuations.get(words, 0) + n

    def any(self) -> bool:
        return bool(
            self.titled
            or self.place_cues
            or self.org_cues
            or self.articles
            or self.office_words
            or self.work_cues
            or self.sport_cues
            or self.continuations
        )


_SPACES = frozenset(" \t\u00a0")
_PUNCTUATION = ".,;:!?'’\"“”()[]"
#: After a place name that ends its phrase: punctuation, or one of these small words.
_PHRASE_END = re.compile(
    r"(?:\s*(?:$|[,.;:!?)\]\"”])|\s+(?:and|or|on|in|at|to|from|for|since|until|during|after|"
    r"before|over|last|this|where|which|while|with|when|as|but)\b)"
)
_COUNTRY_AFTER = re.compile(r",\s+([A-Z][\w-]+(?: [A-Z][\w-]+)?)\s*(?:$|[,.;:)])")
_ARTICLES = frozenset({"a", "an", "the"})
_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+([\w'’-]+)(?:\s+([\w-]+))?(?:\s+([\w-]+))?(?:\s+([\w-]+))?"
)
#: After "X's", these are anybody's ("Blair's chief of staff"), unless "chief executive".
_NOT_AFTER_POSSESSIVE = frozenset({"chief", "boss", "bosses", "board"})
#: "fighting in X and Y", "from X to Y": the second name is a place as much as the first.
_PLACE_PAIR = re.compile(
    r"\b(?:in|near|from|between|around)\s+(?:[A-Z][\w'’.-]*\s+){1,3}(?:and|or|to)\s+$"
)


def gather_evidence(
    contexts: Iterable[tuple[GroupKey, str, MentionContext]],
) -> dict[GroupKey, GroupEvidence]:
    """Evidence per surface group from ``(group key, mention text, context)`` triples."""
    cues = type_cues()
    evidence: dict[GroupKey, GroupEvidence] = {}
    for key, text, context in contexts:
        found = mention_evidence(text, context, cues)
        if found is None:
            continue
        total = evidence.get(key)
        if total is None:
            evidence[key] = found
        else:
            total.add(found)
    return evidence


def mention_evidence(
    text: str, context: MentionContext, cues: TypeCues | None = None
) -> GroupEvidence | None:
    """The cues around one mention (``None`` when there are none)."""
    cues = cues or type_cues()
    before = context.before[context.before.rfind("\n") + 1 :]
    after = context.after.split("\n", 1)[0]
    second = last = next_word = ""
    if before[-1:] in _SPACES:  # "Mr Blair", not "Mr-Blair" or "(Blair"
        words = before.rsplit(None, 2)
        last = _word(words[-1]) if words else ""
        second = _word(words[-2]) if len(words) > 1 else ""
    possessive = after[:2] in ("'s", "’s")
    if after[:1] in _SPACES or possessive:
        words = after[2 if possessive else 0 :].split(None, 2)
        next_word = _word(words[0]) if words else ""
        if possessive and next_word in _NOT_AFTER_POSSESSIVE:
            # "X's chief executive" is a company's; "X's chief of staff" anyone's
            next_word = "" if len(words) < 2 or _word(words[1]) != "executive" else next_word
    one_word = " " not in text.strip()
    found = GroupEvidence()
    if context.title or last in cues.titles or (not one_word and _starts_with_title(text, cues)):
        found.titled = 1
    place_noun_of = last == "of" and (second in cues.place_nouns or second in cues.place_of_nouns)
    if place_noun_of or _place_apposition(after, cues):
        found.place_cues = found.place_nouns = 1
    elif (last in cues.place_prepositions and _PHRASE_END.match(after)) or (
        last in ("and", "or", "to") and _PLACE_PAIR.search(before[-CONTEXT_CHARS:])
    ):
        found.place_cues = 1
    if last in cues.org_before or next_word in cues.org_after or _org_apposition(after, cues):
        found.org_cues = 1
    if last in _ARTICLES:
        found.articles = 1
    if last in cues.work_before and before.rstrip()[-1:].isalpha():
        found.work_cues = 1  # "the biopic Ray", not "a new film. Swank said"
    if one_word and (next_word in cues.titles or (last == "of" and second in cues.titles)):
        found.office_words = 1
    if _sport_around(before, after, cues):
        found.sport_cues = 1
    continuation = _CONTINUATION.match(after)
    if continuation:
        found.continuations[" ".join(w for w in continuation.groups() if w)] = 1
    return found if found.any() else None


#: One or two capitalised words (or numbers) right after a name: "BBC One", "BBC Radio 4".
_CONTINUATION = re.compile(r" ([A-Z0-9][\w&-]*)(?: ([A-Z0-9][\w&-]*))?(?![\w&-])")


#: A score: two small numbers joined by a hyphen or dash, not part of a date, a range of years
#: or a longer number ("2-1", "3–0"; not "2004-05", "1-2-3" or "9.5-10").
_SCORE = re.compile(r"(?<![\w.,:/–-])\d{1,2}[-–]\d{1,2}(?![\w.,:/–-])")


def _sport_around(before: str, after: str, cues: TypeCues) -> bool:
    """Whether the text read around a mention (its line) holds a score or a sports report's word
    (``[sport]`` of ``type_cues.toml``) written in lower case: a capitalised one is part of a
    name ("the Arab League", "Davis Cup")."""
    around = f"{before} {after}"
    if _SCORE.search(around):
        return True
    return any((word := _word(w)) in cues.sport_words and word in w for w in around.split())


def _org_apposition(after: str, cues: TypeCues) -> bool:
    """ "X, the state oil company", "X, a fast-food chain": a kind of organisation after."""
    if after[:1] != ",":
        return False
    apposition = _APPOSITION.match(after)
    if apposition is None:
        return False
    return any(_word(w) in cues.org_before for w in apposition.groups() if w)


def _place_apposition(after: str, cues: TypeCues) -> bool:
    """ "X, a town ...", "X, the capital", "X, Morocco": a kind of place or a country after."""
    if after[:1] != ",":
        return False
    apposition = _APPOSITION.match(after)
    if apposition:
        return any(_word(w) in cues.place_nouns for w in apposition.groups() if w)
    country = _COUNTRY_AFTER.match(after)
    return country is not None and country_code(matching_key(country.group(1))) is not None


def _word(word: str | None) -> str:
    return word.lower().strip(_PUNCTUATION) if word else ""


def _starts_with_title(text: str, cues: TypeCues) -> bool:
    """ "President Bush" as one mention; not "General Motors", whose matching key keeps the
    word (:func:`explorer.normalize.matching_key` knows which titles start a name)."""
    first = _word(text.split(None, 1)[0])
    return first in cues.titles and not matching_key(text).startswith(first)
