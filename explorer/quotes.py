"""Reported speech: who said what, found on the dependency parse of the sentences with a cue.

:func:`is_cue_sentence` is the cheap prefilter (a regular expression of the speech verbs of
``explorer/data/speech.toml`` and "according to"): only those sentences are parsed (see
:mod:`explorer.nlp`). :func:`find_statements` reads the parses and yields
:class:`explorer.parsed.Statement`: the reported content's span, the cue, direct or indirect,
and the speaker as the span of one of the text's entities, or none for an unnamed source.

Rules, in the order they apply to a cue verb of a parsed sentence:

* the verb must be a verb (``Port Said`` is a name) with content: a clausal complement (``X
  said (that) ...``, fronted ``..., X said``), a quotation next to its clause (``"...," X said``,
  ``X said: "..."``), or the object and its ``as`` of ``describe``; ``That said, ...`` has none;
* the content is direct when it lies inside a quotation (the whole quotation, across sentences
  and paragraphs when it goes on), otherwise the clause without ``that`` and without a second
  report joined to it (``X said A, while Y said B``);
* the speaker is the verb's subject (the subject of the verb it is joined to, of ``quoted`` in
  ``was quoted as saying``, the antecedent of ``who``): the entity it names; the principal of a
  spokesman or statement (``X's spokesman``, ``a spokesman for X``, ``an X statement``); an
  actor named earlier for a pronoun (``he``, ``she``, ``it``) or a definite description (``the
  minister``: the person with that title, else the last person who spoke; ``the statement``:
  the last actor that spoke or the last organisation named); every conjunct of a coordinated
  subject; anything else (``a military source``, ``officials``) is an unnamed source;
* ``according to X``: X speaks the rest of its clause;
* a sentence that opens with a quotation and has no cue continues the previous sentence's
  quotation: same speaker, no cue.

Pure: it reads spaCy tokens by their attributes and never imports spaCy.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.parsed import Span, Statement
from explorer.spans import vocabulary

SPEECH_FILE = Path(__file__).parent / "data" / "speech.toml"

DIRECT, INDIRECT = "direct", "indirect"
ACCORDING_TO = "according to"

_OPENING = "“«„"
_CLOSING = "”»"
_ASCII = '"'
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
#: Trimmed from both ends of a content span; quotation marks only when unbalanced.
_EDGE = " \t\n\r,;:-–—"
_QUOTE_MARKS = frozenset(_OPENING + _CLOSING + _ASCII)
_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class SpeechWords:
    forms: dict[str, str]  # a cue verb's form -> its lemma
    speaks_for: frozenset[str]
    documents: frozenset[str]
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    roles: frozenset[str]  # person titles ("minister", "spokesman"): nameparser and ours
    cue_pattern: re.Pattern[str] = field(repr=False, default=re.compile(r"$^"))


@functools.lru_cache(maxsize=1)
def speech_words() -> SpeechWords:
    """``explorer/data/speech.toml`` with the title words of :mod:`explorer.spans`."""
    with SPEECH_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    forms = {form: lemma for lemma, words in data["cues"].items() for form in words}
    speakers = data["speakers"]
    alternatives = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    return SpeechWords(
        forms=forms,
        speaks_for=frozenset(speakers["speaks_for"]),
        documents=frozenset(speakers["documents"]),
        person_pronouns=frozenset(speakers["person_pronouns"]),
        thing_pronouns=frozenset(speakers["thing_pronouns"]),
        relative_pronouns=frozenset(speakers["relative_pronouns"]),
        roles=vocabulary().heads,
        cue_pattern=re.compile(rf"\b(?:{alternatives}|according\s+to)\b", re.IGNORECASE),
    )


def is_cue_sentence(text: str) -> bool:
    """Whether a sentence holds a speech cue and so is worth parsing."""
    return speech_words().cue_pattern.search(text) is not None


# --------------------------------------------------------------------------- quotations


def quotations(text: str) -> list[tuple[int, int]]:
    """The inner spans of the text's quotations, in order.

    Curly and guillemet marks say which way they face; a straight ``"`` opens after a space, a
    line break, a bracket or a dash, and closes otherwise. A quotation still open at the end of
    a paragraph goes on when the next paragraph opens with a quotation mark (the news style of a
    quote carried over paragraphs); otherwise it ends with its paragraph.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    paragraph_ends = [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]
    next_break = 0
    for i, ch in enumerate(text):
        if ch not in _QUOTE_MARKS:
            continue
        while paragraph_ends[next_break] < i:
            if open_at is not None and not _reopens(text, paragraph_ends[next_break]):
                spans.append((open_at, paragraph_ends[next_break]))
                open_at = None
            next_break += 1
        opening = ch in _OPENING or (ch == _ASCII and _opens(text, i))
        if opening:
            if open_at is None:
                open_at = i + 1
            elif not _PARAGRAPH.search(text, open_at, i):
                open_at = i + 1  # two openings in a paragraph: the first was a stray mark
        elif open_at is not None:
            spans.append((open_at, i))
            open_at = None
    if open_at is not None:
        spans.append((open_at, paragraph_ends[next_break]))
    return [(start, end) for start, end in spans if end > start]


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{-–—/":
        return not after.isspace()
    return False


def _reopens(text: str, paragraph_end: int) -> bool:
    """Whether the paragraph after the break at ``paragraph_end`` opens with a quotation mark."""
    match = _PARAGRAPH.match(text, paragraph_end)
    if match is None:
        return False
    following = text[match.end() : match.end() + 1]
    return bool(following) and (following in _OPENING or following == _ASCII)


def _quotation_at(quotes: Sequence[tuple[int, int]], position: int) -> tuple[int, int] | None:
    for start, end in quotes:
        if start <= position < end:
            return start, end
        if start > position:
            return None
    return None


# --------------------------------------------------------------------------- the document


@dataclass
class _Context:
    """One text: its entities, quotations, and the speakers found so far (for pronouns)."""

    text: str
    entities: Sequence[Span]
    quotes: list[tuple[int, int]]
    words: SpeechWords
    found: list[Statement] = field(default_factory=list)

    def entity_at(self, start: int, end: int) -> Span | None:
        """The entity that overlaps ``[start, end)`` (the first when several do)."""
        for entity in self.entities:
            if entity.start < end and start < entity.end:
                return entity
            if entity.start >= end:
                return None
        return None

    def entities_in(self, start: int, end: int) -> list[Span]:
        return [e for e in self.entities if start <= e.start and e.end <= end]

    def in_quotation(self, position: int) -> bool:
        return _quotation_at(self.quotes, position) is not None

    def person_called(self, word: str, before: int) -> Span | None:
        """The last person named before ``before`` whose name ends with ``word`` (a surname)."""
        return _last_named(
            self, before, lambda e: e.label == "PERSON" and _last_word(self.text, e) == word
        )

    def person_named(self, entity: Span) -> Span | None:
        """For a one-word entity NER did not call a person, the person named so before."""
        if entity.label == "PERSON" or " " in self.text[entity.start : entity.end]:
            return None
        return self.person_called(self.text[entity.start : entity.end], entity.start)

    def is_person(self, entity: Span) -> bool:
        return entity.label == "PERSON" or self.person_named(entity) is not None


def _last_word(text: str, entity: Span) -> str:
    return text[entity.start : entity.end].rsplit(None, 1)[-1]


def find_statements(
    text: str,
    sentences: Sequence[Span],
    entities: Sequence[Span],
    parses: Iterable[tuple[int, Any]],
) -> tuple[Statement, ...]:
    """The statements of a text, from the parses of its cue sentences.

    ``parses`` gives, for each parsed sentence in order, the character offset where its parsed
    spaCy ``Doc`` starts (its token offsets count from there) and the ``Doc``. ``entities`` are
    the text's entity spans, sorted.
    """
    context = _Context(text, entities, quotations(text), speech_words())
    pending = list(parses)
    k = 0
    for sentence in sentences:
        while k < len(pending) and pending[k][0] + len(pending[k][1].text) <= sentence.start:
            k += 1
        found: list[Statement] = []
        if k < len(pending) and pending[k][0] <= sentence.start:
            found = _sentence_statements(context, pending[k][1], pending[k][0])
        if not found:
            found = _continued_quotation(context, sentence)
        context.found += found
    return tuple(sorted(context.found, key=lambda s: (s.start, s.end, s.speaker_start)))


def _continued_quotation(context: _Context, sentence: Span) -> list[Statement]:
    """A sentence opening with a quotation after a direct statement goes on with its speaker."""
    if not context.found:
        return []
    previous = context.found[-1]
    if previous.kind != DIRECT or previous.end >= sentence.start:
        return []
    quote = _quotation_at(context.quotes, sentence.start + 1)
    if quote is None or quote[0] != sentence.start + 1:
        return []
    between = context.text[previous.end : sentence.start]
    if len(between) > 200:
        return []
    start, end = _trimmed(context.text, *quote)
    if end <= start:
        return []
    return [
        Statement(start, end, "", DIRECT, s.speaker_start, s.speaker_end)
        for s in context.found
        if s.start == previous.start and s.end == previous.end
    ]


# --------------------------------------------------------------------------- one sentence


def _sentence_statements(context: _Context, doc: Any, offset: int) -> list[Statement]:
    found: list[Statement] = []
    for token in doc:
        lower = token.lower_
        if lower == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            found += _according_to(context, doc, token, offset)
            continue
        lemma = context.words.forms.get(lower)
        if lemma is None or not token.tag_.startswith("VB"):
            continue
        position = offset + token.idx
        if context.entity_at(position, position + len(token)) is not None:
            continue  # "Port Said"
        if context.in_quotation(position):
            continue  # a report inside a quotation is part of it
        found += _cue_statements(context, doc, token, offset, lemma)
    return found


def _cue_statements(
    context: _Context, doc: Any, verb: Any, offset: int, lemma: str
) -> list[Statement]:
    content = _content(context, doc, verb, offset, lemma)
    if content is None:
        return []
    start, end, kind = content
    cue = _cue_text(verb)
    subject, passive = _subject(verb)
    if subject is None:
        if passive:  # "it is reported", "is said to": nobody named
            return [Statement(start, end, cue, kind)]
        return []
    speakers = _speakers(context, doc, subject, offset, start)
    if not speakers:
        return [Statement(start, end, cue, kind)]
    return [Statement(start, end, cue, kind, s.start, s.end) for s in speakers]


def _cue_text(verb: Any) -> str:
    if verb.lower_ == "saying" and verb.head.lower_ == "as" and verb.head.head.lower_ == "quoted":
        return "quoted as saying"
    return verb.text


def _content(
    context: _Context, doc: Any, verb: Any, offset: int, lemma: str
) -> tuple[int, int, str] | None:
    """The span of what ``verb`` reports, and whether it is direct."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None and lemma in ("pledge", "promise", "threaten", "vow", "deny", "admit"):
        clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if clause is None:
        clause = _misparsed_that_clause(verb)
    if clause is not None:
        quote = _quotation_at(context.quotes, offset + clause.idx)
        if quote is not None and _mostly_inside(doc, clause, offset, quote):
            return (*_trimmed(context.text, *quote), DIRECT)
        start, end = _clause_span(context, doc, clause, verb, offset)
        return (start, end, INDIRECT) if end > start else None
    quote = _adjacent_quotation(context, doc, verb, offset)
    if quote is not None:
        return (*_trimmed(context.text, *quote), DIRECT)
    if lemma == "describe":
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        as_phrase = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if obj is not None and as_phrase is not None:
            start = offset + obj.left_edge.idx
            last = as_phrase.right_edge
            return (*_trimmed(context.text, start, offset + last.idx + len(last)), INDIRECT)
    return None


def _misparsed_that_clause(verb: Any) -> Any | None:
    """``told journalists that Kyiv expected ...`` parsed as a relative clause of the object."""
    for obj in verb.children:
        if obj.dep_ not in ("dobj", "dative"):
            continue
        for clause in obj.children:
            if (
                clause.dep_ == "relcl"
                and clause.left_edge.lower_ == "that"
                and any(c.dep_ == "nsubj" and c.lower_ != "that" for c in clause.children)
            ):
                return clause
    return None


def _mostly_inside(doc: Any, clause: Any, offset: int, quote: tuple[int, int]) -> bool:
    tokens = [t for t in clause.subtree if not t.is_punct]
    inside = sum(1 for t in tokens if quote[0] <= offset + t.idx < quote[1])
    return inside * 2 > len(tokens)


def _clause_span(
    context: _Context, doc: Any, clause: Any, verb: Any, offset: int
) -> tuple[int, int]:
    """The reported clause, without its ``that`` and without another report joined to it."""
    cut = {
        t.i
        for child in clause.subtree
        if child.i != clause.i
        and child.dep_ in ("advcl", "conj", "parataxis")
        and _subject(child)[0] is not None
        and (
            context.words.forms.get(child.lower_) is not None
            or (
                any(m.lower_ in ("while", "whereas") for m in child.children)
                and child.left_edge.i > 0
                and doc[child.left_edge.i - 1].text == ","
            )
        )
        for t in child.subtree
    }
    kept = [t for t in clause.subtree if t.i not in cut]
    first = clause.left_edge.i
    while first < clause.i and doc[first].lower_ == "that":
        first += 1
    last = first
    for t in kept:
        if t.i < first:
            continue
        if t.i > last + 1 and any(i in cut for i in range(last + 1, t.i)):
            break
        last = t.i
    while last > first and doc[last].dep_ in ("cc", "mark") and doc[last].i not in cut:
        last -= 1
    end_token = doc[last]
    start, end = _trimmed(
        context.text, offset + doc[first].idx, offset + end_token.idx + len(end_token)
    )
    while end > start and context.text[end - 1] == ".":  # an indirect report's full stop
        end -= 1
    return start, end


def _adjacent_quotation(
    context: _Context, doc: Any, verb: Any, offset: int
) -> tuple[int, int] | None:
    """A quotation right before the cue's clause (``"...," X said``) or right after its verb
    (``X said: "..."``, ``X told reporters: "..."``)."""
    clause_start = offset + min(t.idx for t in (verb, *_subject_tokens(verb)))
    before = [q for q in context.quotes if q[1] <= clause_start]
    if before:
        quote = before[-1]
        gap = context.text[quote[1] : clause_start]
        if len(gap) <= 4 and all(ch in " ,\"”'’\n" for ch in gap):
            return quote
    after_verb = offset + verb.idx + len(verb)
    for t in verb.rights:
        if t.dep_ in ("dobj", "dative", "npadvmod", "prep"):
            after_verb = max(after_verb, offset + t.right_edge.idx + len(t.right_edge))
    for quote in context.quotes:
        if quote[0] > after_verb:
            gap = context.text[after_verb : quote[0]]
            if len(gap) <= 4 and all(ch in ' ,:"“«' for ch in gap):
                return quote
            return None
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the punctuation and spaces at its edges (a final ``.``/``?``/``!`` of a
    quotation stays: ``_trimmed`` only drops commas, colons and dashes), and without
    quotation marks that do not pair up inside it."""
    while True:
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        changed = False
        if start < end and text[start] in _QUOTE_MARKS and _unbalanced(text[start:end]):
            start += 1
            changed = True
        if end > start and text[end - 1] in _QUOTE_MARKS and _unbalanced(text[start:end]):
            end -= 1
            changed = True
        if not changed:
            return start, end


def _unbalanced(span: str) -> bool:
    return sum(1 for ch in span if ch in _QUOTE_MARKS) % 2 == 1


# --------------------------------------------------------------------------- speakers


def _subject(verb: Any) -> tuple[Any | None, bool]:
    """The subject of a speech verb (looking through ``quoted as saying``, conjoined verbs,
    participles and relative clauses), and whether the verb is passive without one."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            if child.dep_ == "nsubjpass" and verb.lower_ != "quoted":
                return None, True
            if (
                child.lower_ in ("that", "this")
                and child.dep_ == "nsubj"
                and verb.dep_ == "parataxis"
            ):
                return None, False  # "That said, ..."
            return child, False
    if any(child.dep_ == "auxpass" for child in verb.children):
        return None, True
    head = verb.head
    if verb.dep_ == "relcl":
        return head, False
    if verb.lower_ == "saying" and head.lower_ == "as" and head.head.lower_ == "quoted":
        return _subject(head.head)
    if verb.dep_ in ("conj", "advcl", "xcomp") and head is not verb and head.tag_.startswith("VB"):
        return _subject(head)
    return None, False


def _subject_tokens(verb: Any) -> list[Any]:
    subject, _ = _subject(verb)
    if subject is None or subject.head is not verb:
        return []
    return list(subject.subtree)


def _speakers(
    context: _Context, doc: Any, subject: Any, offset: int, content_start: int
) -> list[Span]:
    """The actors a subject names or points back to (several for ``X and Y``)."""
    heads = [subject, *[c for c in subject.conjuncts if c.i != subject.i]]
    speakers: list[Span] = []
    for head in heads:
        speaker = _speaker(context, doc, head, offset)
        if speaker is not None and speaker not in speakers:
            speakers.append(speaker)
    return speakers


def _speaker(context: _Context, doc: Any, head: Any, offset: int) -> Span | None:
    words = context.words
    position = offset + head.idx
    lower = head.lower_
    for child in head.children:  # "the spokesman of X, Ahmed al-Mismari": the person named
        if child.dep_ == "appos":
            named = context.entity_at(offset + child.idx, offset + child.idx + len(child))
            if named is not None and named.label == "PERSON":
                return named
    named = context.entity_at(position, position + len(head))
    if named is not None:
        return context.person_named(named) or named
    if head.tag_ in ("NNP", "NNPS"):  # a surname NER missed: the person named so before
        return context.person_called(head.text, offset)
    before = offset  # antecedents are named before the sentence
    if lower in words.relative_pronouns and head.head.dep_ == "relcl":
        antecedent = head.head.head
        return _speaker(context, doc, antecedent, offset) if antecedent is not head else None
    if lower in words.person_pronouns:
        return _earlier_person(context, before)
    if lower in words.thing_pronouns:
        return _earlier_actor(context, before, people=False)
    if lower in words.speaks_for:
        principal = _principal(context, head, offset)
        if principal is not None:
            return principal
    determiner = next((c for c in head.children if c.dep_ in ("det", "poss")), None)
    if lower in words.documents and determiner is not None and determiner.lower_ == "the":
        return _earlier_actor(context, before, people=None)
    if lower in words.roles and determiner is not None and determiner.lower_ == "the":
        return _titled_person(context, head, before)
    return None


def _principal(context: _Context, head: Any, offset: int) -> Span | None:
    """Whom a spokesman or a statement speaks for: ``X's``, an ``X`` in front, ``for X``."""
    for child in head.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            named = _named_in(context, child, offset)
            if named is not None:
                return named
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "from"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    named = _named_in(context, obj, offset)
                    if named is not None:
                        return named
    return None


def _named_in(context: _Context, token: Any, offset: int) -> Span | None:
    first, last = token.left_edge, token.right_edge
    found = context.entities_in(offset + first.idx, offset + last.idx + len(last))
    head_named = context.entity_at(offset + token.idx, offset + token.idx + len(token))
    return head_named or (found[-1] if found else None)


def _earlier_person(context: _Context, position: int) -> Span | None:
    """The person a ``he``/``she`` points back to: the last person who spoke, else the last
    person named before."""
    for statement in reversed(context.found):
        if statement.named and statement.speaker_start < position:
            speaker = context.entity_at(statement.speaker_start, statement.speaker_end)
            if speaker is not None and context.is_person(speaker):
                return speaker
    return _last_named(context, position, lambda e: e.label == "PERSON")


def _earlier_actor(context: _Context, position: int, people: bool | None) -> Span | None:
    """What ``it`` or ``the statement`` points back to: the last actor that spoke (not a person
    for ``it``), else the last organisation named."""
    for statement in reversed(context.found):
        if statement.named and statement.speaker_start < position:
            speaker = context.entity_at(statement.speaker_start, statement.speaker_end)
            if speaker is not None and (people is None or context.is_person(speaker) == people):
                return speaker
    return _last_named(context, position, lambda e: e.label == "ORG")


def _titled_person(context: _Context, head: Any, position: int) -> Span | None:
    """``the minister``: the last person named with that title, else the last who spoke."""
    word = head.lower_
    titled = _last_named(
        context, position, lambda e: e.label == "PERSON" and word in e.title.split()
    )
    return titled or _earlier_person(context, position)


def _last_named(context: _Context, position: int, wanted: Any) -> Span | None:
    best = None
    for entity in context.entities:
        if entity.start >= position:
            break
        if wanted(entity):
            best = entity
    return best


def _according_to(context: _Context, doc: Any, according: Any, offset: int) -> list[Statement]:
    """``..., according to X`` / ``According to X, ...``: X speaks the rest of its clause."""
    to = doc[according.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return []
    phrase_start = according.i
    phrase_end = max(according.right_edge.i, to.right_edge.i, source.right_edge.i)
    clause = according.head if according.head.i != according.i else None
    if clause is None:
        return []
    tokens = [t for t in clause.subtree if not (phrase_start <= t.i <= phrase_end)]
    if not tokens:
        return []
    if phrase_start > tokens[0].i:
        tokens = [t for t in tokens if t.i < phrase_start]
    else:
        tokens = [t for t in tokens if t.i > phrase_end]
    if not tokens:
        return []
    last = tokens[-1]
    start, end = _trimmed(context.text, offset + tokens[0].idx, offset + last.idx + len(last))
    while end > start and context.text[end - 1] == ".":
        end -= 1
    if end <= start or context.in_quotation(offset + according.idx):
        return []
    speaker = _speaker(context, doc, source, offset)
    if speaker is None:
        return [Statement(start, end, ACCORDING_TO, INDIRECT)]
    return [Statement(start, end, ACCORDING_TO, INDIRECT, speaker.start, speaker.end)]
