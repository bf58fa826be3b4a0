"""A candidate name split where it holds two: "A and B", "the" between two names, a score, an inner
possessive (rule 2 of :mod:`explorer.spans`); and the parts of "A and B" for the corpus rule."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from explorer.spans.characters import NUMBER, POSSESSIVE, fold, has_name_letter
from explorer.spans.groups import country_name
from explorer.spans.pieces import Segment, Word
from explorer.spans.trimming import only_function_word, strip_punctuation
from explorer.spans.words import is_given_name, vocabulary


def split_segment(
    text: str,
    segment: Segment,
    evidence: Collection[str],
    persons: Collection[str] = (),
    label: str = "",
) -> list[Segment]:
    """Split at "and" when the parts name actors of their own (:func:`_coordination`), at a
    lower-case "the" between two names the document gives alone outside a person's name ("the
    Independent the Tories' plans"; not "Ivar the Bold"), at a number after a name it names
    alone ("Chelsea 3 Arsenal 1"), or after an inner possessive (:func:`_possessive_cut`:
    "Haftar's Libyan National Army", "Henry's Arsenal"; not "Guy's Hospital"; a person's name
    (:func:`_reads_as_person`) never goes on past a possessive, and what follows it is dropped
    unless the document names it: "Ada Venn's Star"; not "St James' Park" tagged PERSON).

    The steps run in this order and the first that answers decides (an "and" decides even when
    it does not split: the other steps never see a coordination)."""
    for step in _SPLIT_STEPS:
        parts = step(text, segment, evidence, persons, label)
        if parts is not None:
            return parts
    return [segment]


def _split_at_and(
    text: str, segment: Segment, evidence: Collection[str], persons: Collection[str], label: str
) -> list[Segment] | None:
    """The parts of "A and B" when they name actors of their own (:func:`_coordination`), the
    segment whole when they do not; None when no "and" stands inside it."""
    words = segment.words
    cut = [i for i, w in enumerate(words[1:-1], 1) if text[w.start : w.end] == "and"]
    if not cut:
        return None
    parts = _parts(words, cut)
    if all(parts) and _coordination(text, parts, evidence, persons):
        return [Segment(p, segment.lead_titles if i == 0 else []) for i, p in enumerate(parts)]
    return [segment]


def _split_at_the(
    text: str, segment: Segment, evidence: Collection[str], persons: Collection[str], label: str
) -> list[Segment] | None:
    """The two names around a lower-case "the" when the document gives each alone, outside a
    person's name and not after a word of :data:`_OF_WORDS` ("Bank of the West"); None
    otherwise."""
    words = segment.words
    cut = [i for i, w in enumerate(words[1:-1], 1) if text[w.start : w.end] == "the"]
    if (
        not cut
        or label == "PERSON"  # "Ivar the Bold"
        or fold(text[words[cut[0] - 1].start : words[cut[0] - 1].end]) in _OF_WORDS
    ):
        return None
    parts = _parts(words, cut[:1])
    if all(_core(text, p) in evidence for p in parts):
        return [Segment(parts[0], segment.lead_titles), Segment(parts[1], [])]
    return None


def _split_at_score(
    text: str, segment: Segment, evidence: Collection[str], persons: Collection[str], label: str
) -> list[Segment] | None:
    """ "Chelsea 3 Arsenal 1": a number after a name the document gives alone is a score; the
    name before it, then what follows split in turn. None when there is no such number."""
    words = segment.words
    for i, w in enumerate(words[1:-1], 1):
        if (
            NUMBER.fullmatch(text[w.start : w.end])
            and text[words[0].start : words[i - 1].end] in evidence
        ):
            rest = split_segment(text, Segment(words[i + 1 :], []), evidence, persons, label)
            return [Segment(words[:i], segment.lead_titles), *rest]
    return None


def _split_at_possessive(
    text: str, segment: Segment, evidence: Collection[str], persons: Collection[str], label: str
) -> list[Segment] | None:
    """The owner and what it owns at the first inner possessive that separates two names
    (:func:`_possessive_cut`, or a person's name that ends there); None when none does."""
    words = segment.words
    for i, w in enumerate(words[:-1]):
        word = text[w.start : w.end]
        match = POSSESSIVE.search(word)
        if match is None:
            continue
        left = text[words[0].start : w.start + match.start()]
        right = text[words[i + 1].start : words[-1].end]
        right = POSSESSIVE.sub("", right)
        if left and (
            (label == "PERSON" and _reads_as_person(left, persons))
            or _possessive_cut(left, right, evidence, persons)
        ):
            person = label != "PERSON" and _one_of_the_people(left, persons)
            owner = Segment(words[: i + 1], segment.lead_titles, "PERSON" if person else "")
            if label == "PERSON" and right not in evidence:
                return [owner]  # "Ada Venn's Star": a person's name ends at the possessive
            return [owner, Segment(words[i + 1 :], [])]
    return None


#: A step of :func:`split_segment`: ``(text, segment, evidence, persons, label)`` to the parts,
#: or None when its rule does not apply.
_SplitStep = Callable[[str, Segment, Collection[str], Collection[str], str], list[Segment] | None]

#: The steps of :func:`split_segment`, in order.
_SPLIT_STEPS: tuple[_SplitStep, ...] = (
    _split_at_and,
    _split_at_the,
    _split_at_score,
    _split_at_possessive,
)


def _core(text: str, words: list[Word]) -> str:
    """The name in ``words`` as the document would name it alone (:func:`_core_span`)."""
    start, end = _core_span(text, words)
    return text[start:end]


def _core_span(text: str, words: list[Word]) -> tuple[int, int]:
    """Where the name in ``words`` is, as the document would name it alone: without lower-case
    function words at its edges ("the Duchy of Velm"), edge punctuation or a possessive
    ("Tories'"); ``(0, 0)`` when nothing is left."""
    vocab = vocabulary()
    kept = list(words)
    while kept and only_function_word(text[kept[0].start : kept[0].end], vocab):
        kept = kept[1:]
    while kept and only_function_word(text[kept[-1].start : kept[-1].end], vocab):
        kept = kept[:-1]
    kept = strip_punctuation(text, kept)
    return (kept[0].start, kept[-1].end) if kept else (0, 0)


#: Words after which "the" stands inside a name ("Bank of the West", "Party for the Animals").
_OF_WORDS = frozenset({"of", "for", "in", "upon", "to"})


def _parts(words: list[Word], cut: list[int]) -> list[list[Word]]:
    """``words`` cut at the indices ``cut`` (the words there dropped)."""
    bounds = zip([0, *[c + 1 for c in cut]], [*cut, len(words)], strict=True)
    return [words[a:b] for a, b in bounds]


def _possessive_cut(
    left: str, right: str, evidence: Collection[str], persons: Collection[str]
) -> bool:
    """Whether "<left>'s <right>" is two names: the document names the right part alone, or
    the left part is one of its people (``persons``, or the given name that opens one of
    them: "Paula's Olympics" beside "Paula Radcliffe") and no title word ("Queen's Speech")."""
    if right in evidence:
        return True
    return fold(left) not in vocabulary().title_words and _one_of_the_people(left, persons)


def _reads_as_person(name: str, persons: Collection[str]) -> bool:
    """One of the document's people, or two or three words led by a given name ("Ada Venn"; not
    "St James" of "St James' Park" or "Ulster Schools" tagged PERSON)."""
    words = name.split()
    return _one_of_the_people(name, persons) or (
        2 <= len(words) <= 3 and is_given_name(words[0]) and words[-1][:1].isupper()
    )


def _one_of_the_people(name: str, persons: Collection[str]) -> bool:
    """``name`` is one of the document's people, or the given name that opens one of them."""
    if name in persons:
        return True
    return is_given_name(name) and any(p.startswith(name + " ") for p in persons)


def _coordination(
    text: str, parts: list[list[Word]], evidence: Collection[str], persons: Collection[str] = ()
) -> bool:
    """Whether "A and B" names two actors: the document names each part on its own (as an
    entity, or as words outside this phrase: "Everton beat Arsenal"), or each is a name of two
    or more capitalised words ("Hayden Tanner and Willie Davies"), or it names one part alone
    and the phrase ends a list ("Chelsea, Everton and Arsenal") or a part is one of its people
    ("Yapp and Dragons" beside "John Yapp"). Not "Securities and Exchange Commission" or
    "Department of Trade and Industry"; never "Bosnia and Herzegovina" (a country's name stays
    whole, also where the document names "Bosnia" alone)."""
    cores = [_core_span(text, p) for p in parts]
    texts = [text[a:b] for a, b in cores]
    phrase = text[cores[0][0] : cores[-1][1]] if cores[0][1] and cores[-1][1] else ""
    if phrase and country_name(phrase):
        return False
    named = [
        bool(t)
        and (
            t in evidence
            or t in persons
            or _named_elsewhere(text, t, phrase, [o for o in texts if o != t])
        )
        for t in texts
    ]
    if all(named):
        return True
    if any(named):
        if _ends_a_list(text, parts[0][0].start):
            return True
        if any(t in persons for t in texts):
            return True
    vocab = vocabulary()
    for part in parts:
        words = [text[w.start : w.end] for w in part]
        if len(words) < 2 or any(fold(w) in vocab.connectors for w in words):
            return False
        if not all(w[:1].isupper() for w in words):
            return False
    return True


#: A list's earlier item right before a span: a capitalised word and a comma.
_LIST_ITEM_BEFORE = re.compile(r"(?<![\w'’])[A-Z][\w'’.&-]*,[ \t]+$")


def _ends_a_list(text: str, start: int) -> bool:
    """Whether a capitalised word and a comma stand right before ``start`` ("Chelsea, ")."""
    return _LIST_ITEM_BEFORE.search(text, max(0, start - 40), start) is not None


def _named_elsewhere(text: str, name: str, phrase: str, others: Collection[str] = ()) -> bool:
    """Whether ``name`` stands in ``text`` as whole words outside every copy of ``phrase``, and
    not right beside another part of it (``others``): "Economic" of "the Economic Social Research
    Council" is the same name written without its "and", no name of its own ("Citizens" of
    "Citizens Bank" is)."""
    inside = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
    for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
        if any(a <= match.start() and match.end() <= b for a, b in inside):
            continue
        after = text[match.end() : match.end() + 60]
        before = text[max(0, match.start() - 60) : match.start()]
        if any(
            after.startswith(" " + other.split()[0]) or before.endswith(other.split()[-1] + " ")
            for other in others
            if other.split()
        ):
            continue
        return True
    return False


_AND = re.compile(r" and (?=\S)")


def coordination_parts(surface: str) -> list[tuple[int, int]]:
    """Offsets of the parts of a mention "A and B" (each starting with a name letter), or
    ``[]`` when it is no such mention."""
    cuts = list(_AND.finditer(surface))
    if not cuts:
        return []
    starts = [0, *[c.end() for c in cuts]]
    parts = list(zip(starts, [*[c.start() for c in cuts], len(surface)], strict=True))
    if any(b <= a or not has_name_letter(surface[a]) for a, b in parts):
        return []
    return parts
