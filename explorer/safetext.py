"""Untrusted text made safe to show: the one place that decides what may reach a terminal.

Document text, titles, file names and entity names come from the outside world. A control
character among them could start an escape sequence (an OSC 52 clipboard write, a CSI that
moves the cursor), ring the bell, or, for the bidirectional controls, make a line display in
another order than it reads ("Trojan Source"). Rich's ``Text`` drops only a few control codes
(BEL, BS, VT, FF, CR) and passes ESC on, so every front end goes through this module.

One character set, :data:`UNSAFE_CODES`: C0 controls, DEL, C1 controls, the Arabic letter
mark (U+061C), the left-to-right and right-to-left marks (U+200E, U+200F), and the
bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). Its forms:

* :func:`one_line`: each shown as a visible escape (``\\x1b``, ``\\x0a``, ``\\u202e``): messages
  that quote a file name or an id, where every character counts;
* :func:`visible`: line breaks and tabs as one space, the rest as :func:`one_line` shows them:
  table cells and tab-separated rows;
* :func:`dumps`: JSON that escapes the same set as ``\\uXXXX`` (the data itself is intact);
* :func:`same_length`: each replaced by a visible stand-in *of the same length* (ESC shows as
  ``␛``), so stored character offsets still point at the mention: the explorer's views.

:func:`snippet` cuts a long sentence around a mention for the CLI and the explorer alike.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: The characters never shown as they are, as inclusive ranges of code points.
_UNSAFE_RANGES = (
    (0x00, 0x1F),  # C0 controls (ESC, BEL, line breaks, …)
    (0x7F, 0x9F),  # DEL and the C1 controls (CSI as one character, …)
    (0x061C, 0x061C),  # Arabic letter mark
    (0x200E, 0x200F),  # left-to-right and right-to-left marks
    (0x202A, 0x202E),  # bidirectional embeddings and overrides
    (0x2066, 0x2069),  # bidirectional isolates
)
UNSAFE_CODES = frozenset(code for low, high in _UNSAFE_RANGES for code in range(low, high + 1))
_UNSAFE = re.compile(
    "["
    + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in _UNSAFE_RANGES)
    + "]"
)
#: Whitespace that would break a one-line cell or a tab-separated row (what ``splitlines`` and
#: a TSV reader split on).
_BREAKS = re.compile("[\t\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]+")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with every unsafe character shown as a visible escape (``\\x1b``, ``\\x0a``…)."""
    return _UNSAFE.sub(_escape, text)


def visible(text: str | None) -> str:
    """``text`` on one line: line breaks and tabs become one space, other unsafe characters
    visible escapes. ``None`` shows as the empty string."""
    if not text:
        return ""
    return one_line(_BREAKS.sub(" ", text))


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(value: Any, indent: int | None = 2) -> str:
    """JSON with non-ASCII letters kept but every unsafe character escaped as ``\\uXXXX``.

    ``json`` escapes the C0 controls inside strings already (ESC is ``\\u001b``); C1 controls,
    DEL and the bidirectional controls it leaves raw. The only raw control characters left are
    the line breaks of the indentation, which are kept.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return "\n".join(_UNSAFE.sub(_json_escape, line) for line in text.split("\n"))


#: Line breaks and tabs read as spaces in the explorer's views.
_SPACES = (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029)


def _stand_in(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


_STAND_INS = {code: _stand_in(code) for code in UNSAFE_CODES} | dict.fromkeys(_SPACES, " ")


def same_length(text: str) -> str:
    """``text`` with unsafe characters swapped for visible stand-ins, one for one (``␛``, ``�``),
    and line breaks for spaces: the same length, so offsets into it stay valid."""
    return text.translate(_STAND_INS)


ELLIPSIS = "…"


def snippet(
    text: str, start: int, end: int, before: int, after: int | None = None
) -> tuple[str, int, int]:
    """The part of ``text`` around ``text[start:end]``: ``(part, start, end)`` in the part.

    At most ``before`` characters are kept before the span and ``after`` after it (``None``: all
    of them); where text is cut, an ellipsis stands in for its first kept character (it counts
    within the budget), so the part never grows past it.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    left = start - min(start, before)
    prefix = ""
    if left > 0:
        prefix, left = ELLIPSIS, left + 1
    right = len(text) if after is None else min(len(text), end + after)
    suffix = ""
    if right < len(text):
        suffix, right = ELLIPSIS, right - 1
    part = prefix + text[left:right] + suffix
    shift = len(prefix) - left
    return part, start + shift, end + shift
