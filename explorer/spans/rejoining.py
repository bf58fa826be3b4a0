"""Names the NER split at a name particle or a transliteration mark made whole again
(:func:`rejoin_split_names`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from explorer.spans.characters import POSSESSIVE
from explorer.spans.pieces import RawSpan
from explorer.spans.words import Vocabulary, vocabulary

#: Labels whose names may continue over a particle ("Musa as-Sadr"); a nationality does not.
_REJOINED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})


_GLOTTAL_MARKS = "ʿʾ"  # scholarly ayn and hamza in front of a name word ("ʿAbd", "ʾIsa")


_INNER_APOSTROPHE = re.compile(r"[^\W\d_]+['’ʿʾ][^\W\d_]+")  # "Sa'adi", "Khamene'i"


_NAME_WORD = re.compile(r"[ʿʾ'’‘]?[^\W\d_][\w'’ʿʾ]*")


_AFTER_NAME = re.compile(r"[ \t]+([^\W\d_]+)(-|[ \t]+)")


_CONTRACTION_ENDS = frozenset({"s", "t", "d", "m", "ll", "re", "ve"})


_MARKED_WORD_AFTER = re.compile(r" ([^\s,;:!?()\"]+?)(?=[\s,;:!?()\"]|[.]\s|[.]?$)")


def rejoin_split_names(text: str, spans: Iterable[RawSpan]) -> list[RawSpan]:
    """The NER's entities with names it cut at a name particle or a transliteration mark
    made whole again, the parts it tagged on their own merged into one.

    A statistical NER trained on English stops at words it rarely saw inside names: "Musa" of
    "Musa as-Sadr", "Oussama" and "Laden" of "Oussama ben Laden", "Ṣāliḥ ʿĪsā" of "ʿAqīla Ṣāliḥ
    ʿĪsā", "Gadhafi" of "Sa'adi Gadhafi". A span is continued over a particle of
    :attr:`Vocabulary.hyphen_particles` (joined by a hyphen) or :attr:`Vocabulary.spaced_particles`
    (lower case, by a hyphen or a space) and the capitalised word after it, absorbing the span
    that word starts (and one right after it: "ʿAbd al-ʿAzīz Būtaflīqa"); a person's span takes
    in capitalised words before or after it that carry an ayn or an inner apostrophe ("ʿAqīla",
    "Sa'adi", "Khamene'i"). Offsets only grow over text of the document, so ``text[start:end]``
    stays a name; the cleaner runs after this.
    """
    vocab = vocabulary()
    ordered = sorted(spans)
    out: list[RawSpan] = []
    i = 0
    while i < len(ordered):
        span = ordered[i]
        i += 1
        if span.label not in _REJOINED_LABELS:
            out.append(span)
            continue
        start = _marked_words_before(text, span, out[-1].end if out else 0)
        end, label = span.end, span.label
        while (after := _particle_and_name(text, end, vocab)) is not None:
            end, particle = after
            while i < len(ordered) and ordered[i].start < end:
                end, label = max(end, ordered[i].end), _joined_label(label, span, ordered[i])
                i += 1
            if i < len(ordered) and _starts_right_after(text, end, ordered[i]):
                end, label = ordered[i].end, _joined_label(label, span, ordered[i])
                i += 1
            if particle in vocab.patronymic_particles:
                label = "PERSON"
        if label == "PERSON":
            end = _marked_words_after(text, end, ordered[i].start if i < len(ordered) else None)
        out.append(RawSpan(start, end, label, span.sentence_start and start == span.start))
    return out


def _particle_and_name(text: str, end: int, vocab: Vocabulary) -> tuple[int, str] | None:
    """Where a particle and the capitalised name word after ``end`` end, and the particle."""
    gap = _AFTER_NAME.match(text, end)
    if gap is None:
        return None
    particle, joint = gap.group(1), gap.group(2)
    folded = particle.lower()
    if joint == "-":
        if folded not in vocab.hyphen_particles and folded not in vocab.spaced_particles:
            return None
    elif folded not in vocab.spaced_particles or not particle.islower():
        return None  # "Ben" is a given name; "as", "an", "at" are English words
    word = _NAME_WORD.match(text, gap.end())
    if word is None or not _capitalised(word.group()):
        return None
    return word.end(), folded


def _capitalised(word: str) -> bool:
    letters = word.lstrip("ʿʾ'’‘")
    return bool(letters) and letters[0].isupper()


def _starts_right_after(text: str, end: int, span: RawSpan) -> bool:
    return span.label in _REJOINED_LABELS and text[end : span.start] == " "


def _joined_label(label: str, first: RawSpan, other: RawSpan) -> str:
    """The label of two parts made one: the longer part's, the later one on a tie."""
    if other.end - other.start >= first.end - first.start:
        return other.label
    return label


def _marked_words_before(text: str, span: RawSpan, floor: int) -> int:
    """Where a person's name starts once the capitalised words right before it that carry an
    ayn or an inner apostrophe ("ʿAqīla", "Sa'adi"; not "Isn't" or "Blair's") are put back."""
    if span.label != "PERSON":
        return span.start
    start = span.start
    while start - 1 > floor and text[start - 1] == " ":
        word_start = start - 1
        while word_start > floor and not text[word_start - 1].isspace():
            word_start -= 1
        word = text[word_start : start - 1]
        if not _marked_name_word(word):
            break
        start = word_start
    return start


def _marked_words_after(text: str, end: int, ceiling: int | None) -> int:
    """Where a person's name ends once the capitalised words right after it that carry an
    ayn or an inner apostrophe ("Khamene'i"; not "Blair's") are put back."""
    while (word := _MARKED_WORD_AFTER.match(text, end)) is not None and _marked_name_word(
        POSSESSIVE.sub("", word.group(1))
    ):
        if ceiling is not None and word.end(1) > ceiling:
            break
        end = word.end(1)
    return end


def _marked_name_word(word: str) -> bool:
    if word[:1] in _GLOTTAL_MARKS:
        return _capitalised(word) and _NAME_WORD.fullmatch(word) is not None
    if not word[:1].isupper() or _INNER_APOSTROPHE.fullmatch(word) is None:
        return False
    tail = re.split(r"['’ʿʾ]", word)[-1].lower()
    return tail not in _CONTRACTION_ENDS
