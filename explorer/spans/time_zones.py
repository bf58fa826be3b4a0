"""A time-zone abbreviation after a clock time ("1200 GMT") is no actor."""

from __future__ import annotations

import functools
import re

#: A clock time right before a span: "1200", "06:19", "9am", "9.30 p.m.".
_CLOCK_BEFORE = re.compile(
    r"(?<![\w.,])(?:(?:[01]?\d|2[0-3])[:.]?[0-5]\d|\d{1,2}(?:[:.][0-5]\d)?[ \t]?[ap]\.?m\.?)"
    r"[ \t]+$"
)


def time_zone_after_clock(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a time-zone abbreviation after a clock time ("1200 GMT",
    "9am EST"): the model tags it ORG, but it names nobody."""
    if not 2 <= end - start <= 5:
        return False
    word = text[start:end]
    if not (word.isalpha() and word.isupper()):
        return False
    return (
        _CLOCK_BEFORE.search(text[max(0, start - 16) : start]) is not None
        and word in _time_zone_names()
    )


@functools.cache
def _time_zone_names() -> frozenset[str]:
    """The abbreviations of the IANA time zones (the tz database Python reads: "GMT", "BST",
    "EST", "CET"…), in winter and in summer, with "UTC"."""
    import datetime
    import zoneinfo

    names = {"UTC", "GMT"}
    for key in zoneinfo.available_timezones():
        try:
            zone = zoneinfo.ZoneInfo(key)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):  # pragma: no cover - broken tz data
            continue
        for month in (1, 7):
            name = datetime.datetime(2020, month, 1, tzinfo=zone).tzname()
            if name and name.isalpha() and name.isupper():
                names.add(name)
    return frozenset(names)
