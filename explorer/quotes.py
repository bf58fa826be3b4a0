"""Reported speech: who said what, read from the words or the dependency parse of the
sentences with a speech cue.

:func:`cue_count` is the cheap prefilter (the speech verbs of ``explorer/data/speech.toml`` and
"according to", looked up in a set). A sentence with one cue in a plain shape (:func:`plain_shape`:
``"...," X said.``, ``X said (that) ...``, ``X told Y that ...``, ``..., X said.``, ``X said:
"..."``, ``according to X``) is read from its words; :func:`needs_parse` sends the other cue
sentences, about one sentence in six of news, to the parser (:mod:`explorer.nlp`).
:func:`find_statements` reads both and yields :class:`explorer.parsed.Statement`: the reported
content's span, the cue, direct or indirect, and the speaker as the span of one of the text's
entities, or none for an unnamed source.

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

import bisect
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


@functools.lru_cache(maxsize=1)
def speech_words() -> SpeechWords:
    """``explorer/data/speech.toml`` with the title words of :mod:`explorer.spans`."""
    with SPEECH_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    forms = {form: lemma for lemma, words in data["cues"].items() for form in words}
    speakers = data["speakers"]
    return SpeechWords(
        forms=forms,
        speaks_for=frozenset(speakers["speaks_for"]),
        documents=frozenset(speakers["documents"]),
        person_pronouns=frozenset(speakers["person_pronouns"]),
        thing_pronouns=frozenset(speakers["thing_pronouns"]),
        relative_pronouns=frozenset(speakers["relative_pronouns"]),
        roles=vocabulary().heads,
    )


_LOWER_WORD = re.compile(r"[a-z]+")


_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')


def cue_count(text: str, outside_quotes: bool = False) -> int:
    """How many speech cues a sentence holds (words looked up in a set: every sentence of every
    document comes through here); ``outside_quotes``: not counting those inside quotation
    marks (part of a quotation, they do not change how the sentence reports it)."""
    if outside_quotes and ('"' in text or "“" in text):
        text = _QUOTED.sub('""', text)
    lower = text.lower()
    forms = speech_words().forms
    count = sum(1 for word in _LOWER_WORD.findall(lower) if word in forms)
    if "according" in lower:
        count += len(re.findall(r"\baccording\s+to\b", lower))
    return count


def is_cue_sentence(text: str) -> bool:
    """Whether a sentence holds a speech cue."""
    return cue_count(text) > 0


def needs_parse(text: str) -> bool:
    """Whether a sentence holds a speech cue in a shape that only its parse can read: not one
    of the plain shapes :func:`plain_shape` reads from the words alone."""
    if cue_count(text) == 0:
        return False
    return cue_count(text, outside_quotes=True) != 1 or plain_shape(text.strip()) is None


# --------------------------------------------------------------------------- plain shapes
# Most reported speech in news comes in two shapes a parse adds nothing to: a quotation with a
# short attribution after it (``"...," Mr Smith said.``, ``"...," said Jane Doe, the ...``) and
# a name, pronoun or description saying a clause (``Mr Smith said (that) ...``). A sentence with
# one cue in one of these shapes is read without its parse: that is what keeps the parser off
# most speech sentences, and ingest fast.

#: A speaker phrase: up to seven words without punctuation that would need a parse to read.
_PHRASE = r"[\w'’.&-]+(?:\s+[\w'’.&-]+){0,6}?"
_SAY = r"(?:said|says|added|adds|insisted|insists|explained|argued|stressed|admitted)"
_WHEN = (
    r"(?:\s+(?:on|last|this|late\s+on|early\s+on)\s+[A-Z]?[a-z]+"
    r"|\s+(?:yesterday|today|tonight|earlier|later|recently|also|in\s+a\s+statement))?"
)
#: A sentence adverb before the speaker ("However,", "Elsewhere,", "But").
_LEAD = r"(?:[A-Z][a-z]+,\s+|(?:But|And|So|Yet)\s+)?"
_DIRECT_AFTER = re.compile(
    r'^["“](?P<content>[^"“”]+)["”],?\s+'
    rf"(?P<speaker>{_PHRASE})\s+(?P<cue>{_SAY}|told|tells|warned)"
    r'(?P<rest>[^"“”]{0,80})$'
)
_DIRECT_INVERTED = re.compile(
    r'^["“](?P<content>[^"“”]+)["”],?\s+(?P<cue>said|says|added|adds)\s+'
    r"(?P<speaker>[\w'’.&-]+(?:\s+[\w'’.&-]+){0,6})"
    r'(?P<rest>(?:,[^"“”]{0,80})?[.!?]?)$'
)
_DIRECT_BEFORE = re.compile(
    rf"^{_LEAD}(?P<speaker>{_PHRASE})\s+(?P<cue>said|says|added|adds|told|warned|insisted)"
    r"(?:\s+[\w'’.&-]+(?:\s+[\w'’.&-]+){0,3}?)?\s*[:,]\s*[\"“](?P<content>.*)$",
    re.DOTALL,
)
_NOT_CONTENT = (
    "on|in|at|after|before|during|yesterday|today|tonight|last|this|earlier|later|to|of|for|"
    "with|by|from|as|when|while|recently|previously|then|there|here|publicly|privately|"
    "repeatedly|again|also|through|via|into|so|but|and|or|not|if|had|has|was|is|would|will"
)
_AUX = r"(?:\s+(?:has|have|had)(?:\s+also)?)?"
#: ``, BA's chief executive,`` between a speaker and the cue.
_APPOSITION = r"(?P<appos>,\s+[^,\"“”]{1,80},)?"
_INDIRECT_START = re.compile(
    rf"^{_LEAD}(?P<speaker>{_PHRASE}){_APPOSITION}{_AUX}\s+(?P<cue>said|says|added|adds)"
    rf"{_WHEN}\s+"
    rf"(?!(?:{_NOT_CONTENT})\b)(?:that\s+)?(?P<content>[\w\"“].*?)[.]?$",
    re.DOTALL,
)
_TOLD_THAT = re.compile(
    rf"^{_LEAD}(?P<speaker>{_PHRASE}){_APPOSITION}\s+(?P<cue>told|tells){_WHEN}\s+"
    r"[\w'’.&-]+(?:\s+[\w'’.&-]+){0,4}?\s+that\s+(?P<content>[\w\"“].*?)[.]?$",
    re.DOTALL,
)
_VERB_THAT = re.compile(
    rf"^{_LEAD}(?P<speaker>{_PHRASE}){_APPOSITION}{_AUX}\s+(?P<cue>"
    r"warned|warns|announced|announces|admitted|admits|insisted|insists|argued|argues|claimed|"
    r"claims|stressed|stresses|confirmed|confirms|denied|denies|suggested|suggests|predicted|"
    r"predicts|explained|explains|affirmed|affirms|acknowledged|revealed|noted|stated|declared|"
    rf"demanded){_WHEN}\s+that\s+(?P<content>[\w\"“].*?)[.]?$",
    re.DOTALL,
)
_ACCORDING_FRONT = re.compile(
    r"^(?P<cue>According\s+to)\s+(?P<speaker>[^,\"“”]{1,60}),\s+(?P<content>[\w\"“].*?)[.]?$",
    re.DOTALL,
)
_ACCORDING_BACK = re.compile(
    r"^(?P<content>[\w\"“].*?),\s+(?P<cue>according\s+to)\s+(?P<speaker>[^,\"“”]{1,60}?)"
    r"(?:,[^\"“”]{0,80})?[.]?$",
    re.DOTALL,
)
_FRONTED = re.compile(
    rf"^(?P<content>[\w\"“][^\n]*?),\s+(?P<speaker>{_PHRASE})(?:\s+(?:has|have|had))?\s+"
    rf"(?P<cue>said|says|added|warned|told|argued|insisted|reported|stressed){_WHEN}"
    r"(?:\s+[\w'’.&-]+(?:\s+[\w'’.&-]+){0,3}?)?\.?$"
)
#: Words that cannot stand in a plain speaker phrase: a clause of its own, a list.
_NOT_IN_PHRASE = frozenset(
    {"who", "which", "that", "and", "or", "but", "while", "if", "when", "as", "has", "had",
     "have", "is", "was", "were", "will", "would", "could", "not", "to", "of", "in", "on",
     "by", "from", "with", "at", "after", "before"}
)  # fmt: skip
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
#: Adverbs that may end a plain speaker phrase ("the company also said").
_PHRASE_ADVERBS = frozenset(
    {"also", "too", "earlier", "later", "previously", "recently", "repeatedly", "today",
     "yesterday", "himself", "herself", "itself", "themselves", "again", "then", "now"}
)  # fmt: skip
#: A second clause joined to the reported one (``X said A, while Y ...``): left to the parse.
_JOINED_REPORT = re.compile(r",\s+(?:while|whereas|but|and)\b")


@dataclass(frozen=True)
class PlainShape:
    """Where a plain-shaped sentence has its content, cue and speaker (offsets in it)."""

    kind: str
    content: tuple[int, int]
    cue: tuple[int, int]
    speaker: tuple[int, int]
    apposition: tuple[int, int] | None = None  # ", BA's chief executive," after the speaker


def plain_shape(sentence: str) -> PlainShape | None:
    """The plain shape of a sentence that has one (see above), else None."""
    for pattern in (_DIRECT_AFTER, _DIRECT_INVERTED, _DIRECT_BEFORE):
        match = pattern.match(sentence)
        if match is not None:
            if _plain_phrase(match.group("speaker")):
                return PlainShape(
                    DIRECT, match.span("content"), match.span("cue"), match.span("speaker")
                )
            return None
    for pattern, joined_report in (
        (_INDIRECT_START, True),
        (_TOLD_THAT, True),
        (_VERB_THAT, True),
        (_ACCORDING_FRONT, True),
        (_ACCORDING_BACK, False),
        (_FRONTED, False),
    ):
        match = pattern.match(sentence)
        if (
            match is not None
            and _plain_phrase(match.group("speaker"))
            and not (joined_report and _JOINED_REPORT.search(match.group("content")))
            and not _unbalanced(match.group("content"))
        ):
            appos = match.groupdict().get("appos")
            return PlainShape(
                INDIRECT,
                match.span("content"),
                match.span("cue"),
                match.span("speaker"),
                match.span("appos") if appos else None,
            )
    return None


def _plain_phrase(phrase: str) -> bool:
    words = phrase.lower().split()
    return (
        bool(words)
        and not any(word in _NOT_IN_PHRASE for word in words)
        and not (len(words) == 1 and words[0] in _DETERMINERS)  # "The said contract"
        and not any(mark in phrase for mark in _QUOTE_MARKS)
    )


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
                # two openings in a paragraph: the first quotation was not closed; it ends with
                # its last sentence before the second (else it was a stray mark)
                end = max(text.rfind(stop, open_at, i) for stop in ".?!")
                if end > open_at:
                    spans.append((open_at, end + 1))
                open_at = i + 1
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


# --------------------------------------------------------------------------- the document


@dataclass
class _Context:
    """One text: its entities, quotations, and the speakers found so far (for pronouns)."""

    text: str
    sentences: Sequence[Span]
    entities: Sequence[Span]
    quotes: list[tuple[int, int]]
    words: SpeechWords
    found: list[Statement] = field(default_factory=list)
    entity_starts: list[int] = field(default_factory=list)
    quote_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.entity_starts = [e.start for e in self.entities]
        self.quote_starts = [start for start, _ in self.quotes]

    def entity_at(self, start: int, end: int) -> Span | None:
        """The entity that overlaps ``[start, end)`` (the first when several do; entities are
        sorted and disjoint)."""
        i = max(0, bisect.bisect_right(self.entity_starts, start) - 1)
        for entity in self.entities[i : i + 3]:
            if entity.start < end and start < entity.end:
                return entity
        return None

    def entities_in(self, start: int, end: int) -> list[Span]:
        i = bisect.bisect_left(self.entity_starts, start)
        j = bisect.bisect_left(self.entity_starts, end)
        return [e for e in self.entities[i:j] if e.end <= end]

    def in_quotation(self, position: int) -> bool:
        return self.quotation_at(position) is not None

    def quotation_at(self, position: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.quote_starts, position) - 1
        if i >= 0 and self.quotes[i][0] <= position < self.quotes[i][1]:
            return self.quotes[i]
        return None

    def person_called(self, word: str, before: int) -> Span | None:
        """The last person named before ``before`` whose name ends with ``word`` (a surname)."""
        return _last_named(
            self,
            before,
            lambda e: (
                e.label == "PERSON" and _last_word(self.text, e).casefold() == word.casefold()
            ),
        )

    def person_named(self, entity: Span) -> Span | None:
        """For a one-word entity (a surname), the person named in full before with it."""
        surface = self.text[entity.start : entity.end]
        if " " in surface:
            return None
        earlier = self.person_called(surface, entity.start)
        if earlier is None or " " not in self.text[earlier.start : earlier.end]:
            return None
        return earlier

    def is_person(self, entity: Span) -> bool:
        if entity.label == "PERSON":
            return True
        earlier = self.person_named(entity)
        return earlier is not None


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
    context = _Context(text, sentences, entities, quotations(text), speech_words())
    pending = list(parses)
    k = 0
    for sentence in sentences:
        while k < len(pending) and pending[k][0] + len(pending[k][1].text) <= sentence.start:
            k += 1
        found: list[Statement] = []
        if k < len(pending) and pending[k][0] <= sentence.start:
            found = _sentence_statements(context, pending[k][1], pending[k][0])
        else:
            found = _plain_statements(context, sentence)
        if not found:
            found = _continued_quotation(context, sentence)
        context.found += found
    return tuple(sorted(context.found, key=lambda s: (s.start, s.end, s.speaker_start)))


def _plain_statements(context: _Context, sentence: Span) -> list[Statement]:
    """The statement of a sentence in a plain shape (left unparsed), if it is one."""
    text = context.text[sentence.start : sentence.end]
    if cue_count(text, outside_quotes=True) != 1:
        return []
    shape = plain_shape(text)
    if shape is None:
        return []
    cue_start = sentence.start + shape.cue[0]
    if context.in_quotation(cue_start) or context.entity_at(cue_start, cue_start + 1):
        return []
    start, end = sentence.start + shape.content[0], sentence.start + shape.content[1]
    quote = context.quotation_at(start) if shape.kind == DIRECT else None
    if quote is not None and quote[0] == start:  # the whole quotation, past the sentence too
        end = quote[1]
    start, end = _trimmed(context.text, start, end)
    if shape.kind == INDIRECT:
        while end > start and context.text[end - 1] == ".":
            end -= 1
    if end <= start:
        return []
    cue = context.text[cue_start : sentence.start + shape.cue[1]]
    if cue.lower().startswith("according"):
        cue = ACCORDING_TO
    speaker = _apposed_person(context, sentence, shape) or _phrase_speaker(
        context, sentence.start + shape.speaker[0], sentence.start + shape.speaker[1], sentence
    )
    if speaker is None:
        return [Statement(start, end, cue, shape.kind)]
    return [Statement(start, end, cue, shape.kind, speaker.start, speaker.end)]


def _apposed_person(context: _Context, sentence: Span, shape: PlainShape) -> Span | None:
    """``Its chief executive, John Smith, said``: the person named in the apposition."""
    if shape.apposition is None:
        return None
    start, end = (sentence.start + x for x in shape.apposition)
    people = [e for e in context.entities_in(start, end) if e.label == "PERSON"]
    return people[0] if len(people) == 1 else None


def _phrase_speaker(context: _Context, start: int, end: int, sentence: Span) -> Span | None:
    """The actor a plain shape's speaker phrase names or points back to (as :func:`_speaker`;
    what it points back to is named before the sentence)."""
    words = context.words
    while True:  # "Shalaby earlier", "the company also": the phrase without its adverbs
        last = context.text[start:end].rsplit(None, 1)
        if len(last) < 2 or last[1].lower() not in _PHRASE_ADVERBS:
            break
        end = start + len(last[0].rstrip())
    phrase = context.text[start:end]
    lower = phrase.lower()
    head = lower.split()[-1] if lower.strip() else ""
    inside = [e for e in context.entities if e.start < end and start < e.end]
    if inside:
        named = inside[-1]
        if named.end >= end or head in words.speaks_for:
            return context.person_named(named) or named
        return None  # "US officials", "BA chairman": not the actor named in front
    before = sentence.start
    if lower in words.person_pronouns:
        return _earlier_person(context, before)
    if lower in words.thing_pronouns:
        return _earlier_actor(context, before, people=False)
    parts = lower.split()
    if parts[0] == "the" and len(parts) > 1:
        if parts[-1] in words.documents:
            return _earlier_actor(context, before, people=None)
        if parts[-1] in words.roles:
            return _titled_person(context, parts[-1], before)
        return None
    if len(parts) == 1 and phrase[:1].isupper():
        return context.person_called(phrase, start)  # a surname NER missed
    return None


def _continued_quotation(context: _Context, sentence: Span) -> list[Statement]:
    """A sentence opening with a quotation right after a statement goes on with its speaker."""
    if not context.found:
        return []
    previous = context.found[-1]
    if previous.end >= sentence.start:
        return []
    quote = context.quotation_at(sentence.start + 1)
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
        if lemma == "add" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            continue  # "adding to its honours"
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
        quote = context.quotation_at(offset + clause.idx)
        if quote is not None and _mostly_inside(doc, clause, offset, quote):
            return (*_trimmed(context.text, *quote), DIRECT)
        start, end = _clause_span(context, doc, clause, verb, offset)
        return (start, end, INDIRECT) if end > start else None
    quote = _adjacent_quotation(context, doc, verb, offset)
    if quote is not None:
        return (*_trimmed(context.text, *quote), DIRECT)
    parenthetical = _parenthetical_report(context, doc, verb, offset)
    if parenthetical is not None:
        return (*parenthetical, INDIRECT)
    if lemma == "describe":
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        as_phrase = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if obj is not None and as_phrase is not None:
            start = offset + obj.left_edge.idx
            last = as_phrase.right_edge
            return (*_trimmed(context.text, start, offset + last.idx + len(last)), INDIRECT)
    return None


def _parenthetical_report(
    context: _Context, doc: Any, verb: Any, offset: int
) -> tuple[int, int] | None:
    """``Before now, he said, it has been hard ...``: a cue set off by commas inside the clause
    it reports; the content is the clause after the cue."""
    if verb.dep_ != "parataxis" or verb.i + 1 >= len(doc) or doc[verb.i + 1].text != ",":
        return None
    subject, _ = _subject(verb)
    if subject is None or subject.i > verb.i or doc[subject.left_edge.i - 1].text != ",":
        return None
    clause = verb.head
    last = clause.right_edge
    start = offset + doc[verb.i + 1].idx + 1
    end = offset + last.idx + len(last)
    if end <= start:
        return None
    start, end = _trimmed(context.text, start, end)
    while end > start and context.text[end - 1] == ".":
        end -= 1
    return (start, end) if end > start else None


def _misparsed_that_clause(verb: Any) -> Any | None:
    """A ``that`` clause parsed as a relative clause: ``told journalists that Kyiv expected``,
    ``denied that coach X resigned``."""
    for obj in verb.children:
        if obj.dep_ not in ("dobj", "dative"):
            continue
        if obj.left_edge.lower_ == "that" and any(c.dep_ == "relcl" for c in obj.children):
            return obj  # "denied that coach Jacques Santini resigned"
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
    if head.tag_ in ("NNP", "NNPS"):
        inside = context.entities_in(offset + head.left_edge.idx, position)
        if inside:  # "Philippe Sands QC": the name in front of the head
            return context.person_named(inside[-1]) or inside[-1]
        return context.person_called(head.text, offset)  # a surname NER missed
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
        return _titled_person(context, head.lower_, before)
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


#: How many sentences back a pronoun or a description looks for what it points to.
LOOKBACK_SENTENCES = 4


def _earlier_person(context: _Context, position: int) -> Span | None:
    """The person a ``he``/``she`` points back to (:func:`_antecedent`)."""
    return _antecedent(context, position, context.is_person)


def _earlier_actor(context: _Context, position: int, people: bool | None) -> Span | None:
    """What ``it`` (not a person) or ``the statement`` (anyone) points back to."""

    def wanted(entity: Span) -> bool:
        if people is None:
            return True
        return context.is_person(entity) == people and entity.label in _ORGANISATIONS

    return _antecedent(context, position, wanted, speakers_only=people is None) or _last_named(
        context, position, lambda e: e.label == "ORG"
    )


_ORGANISATIONS = frozenset({"ORG", "GPE", "NORP"})


def _antecedent(
    context: _Context, position: int, wanted: Any, speakers_only: bool = False
) -> Span | None:
    """What a pronoun at ``position`` points back to: in the nearest sentence (this one, before
    the pronoun, then the previous ones) that has a candidate, the actor that spoke there, else
    the first one named there (the subject, usually), outside quotations."""
    starts = [s.start for s in context.sentences]
    index = max(0, bisect.bisect_right(starts, position) - 1)
    for i in range(index, max(-1, index - LOOKBACK_SENTENCES - 1), -1):
        sentence = context.sentences[i]
        limit = min(position, sentence.end)
        for statement in context.found:
            if statement.named and sentence.start <= statement.speaker_start < limit:
                speaker = context.entity_at(statement.speaker_start, statement.speaker_end)
                if speaker is not None and wanted(speaker):
                    return speaker
        if speakers_only:
            continue
        for entity in context.entities_in(sentence.start, limit):
            if wanted(entity) and not context.in_quotation(entity.start):
                return context.person_named(entity) or entity
    return None


def _titled_person(context: _Context, word: str, position: int) -> Span | None:
    """``the minister``: the last person named with that title, else the last who spoke."""
    titled = _last_named(
        context, position, lambda e: e.label == "PERSON" and word in e.title.split()
    )
    return titled or _earlier_person(context, position)


def _last_named(context: _Context, position: int, wanted: Any) -> Span | None:
    """The last entity before ``position`` that is ``wanted``."""
    i = bisect.bisect_left(context.entity_starts, position)
    return next((e for e in reversed(context.entities[:i]) if wanted(e)), None)


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
