"""Untrusted text made safe for a terminal line: no escape sequence or control code gets through.

Rich's ``Text`` drops only a few control codes (BEL, BS, VT, FF, CR) and passes ESC on, so an
OSC 52 (clipboard) or CSI sequence in a file name or an article would reach the terminal. Messages
that quote such text go through :func:`one_line` first.
"""

from __future__ import annotations

import re

#: C0 controls, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates that
#: can make a line display in another order than it reads ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with every control character shown as a visible escape (``\\x1b``, ``\\n``…)."""
    return _UNSAFE.sub(_escape, text)
