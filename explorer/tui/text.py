"""Making untrusted text safe to show in a terminal, character for character.

Document text and entity names come from the outside world. They are never parsed as markup (the
app builds ``Content`` objects from plain strings) and every control character is swapped for a
visible stand-in *of the same length*, so stored character offsets still point at the mention.
"""

from __future__ import annotations

#: Line breaks and tabs inside a sentence read as spaces in the explorer's views.
_SPACES = (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029)

#: Bidirectional overrides and isolates can make text display in another order than it reads.
_BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)

_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}  # ESC shows as ␛
_TABLE[0x7F] = "\u2421"  # ␡
_TABLE.update({code: "\ufffd" for code in (*range(0x80, 0xA0), *_BIDI_CONTROLS)})
_TABLE.update({code: " " for code in _SPACES})


def safe_text(text: str) -> str:
    """``text`` with control characters made visible; same length, so offsets stay valid."""
    return text.translate(_TABLE)
