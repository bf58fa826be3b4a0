"""Document dates: any common way of writing a day, normalised to ISO 8601 (``YYYY-MM-DD``).

What is stored in ``documents.date`` is the calendar day only, as the source wrote it: a time of
day and its offset are dropped without converting the day to another time zone
(``2020-06-09T23:30:00-05:00`` is 2020-06-09, the day the source printed). Timelines group days
into weeks, months and years; a day is the finest grain anyone asked for.

Accepted: ISO 8601 (``2020-06-09``, ``20200609``, with a time and a ``Z`` or an offset),
``2020/06/09``, RFC 2822 as in feeds (``Tue, 09 Jun 2020 10:00:00 +0000``), and dates in words
(``9 June 2020``, ``June 9, 2020``, ``Jun 9 2020``), through python-dateutil. Numeric dates
that do not start with the year (``09/06/2020``, ``9.6.2020``) are read day first, as most of
the world and its press write them; ``month_first`` reads them the US way. Either way a reading
that only one order allows (``06/13/2020``) is taken.

Never guessed: a date missing its day, month or year (``June 2020``, ``Monday``), a number that
is not a date, or text around the date is refused (:class:`DateProblem`); the caller keeps the
document undated and says why.
"""

from __future__ import annotations

import datetime as dt
import re

#: The longest value read as a date: a date with a weekday, a time and a zone name fits easily.
_MAX_CHARS = 64

#: Starts with a four-digit year (ISO and its relatives): never read day first.
_YEAR_FIRST = re.compile(r"\d{4}(?:[-/.]\d|\d{4}(?:\D|$))")
_DIGITS_ONLY = re.compile(r"\d+")
#: Two different fillers for the parts a value might leave out (both leap years, so 29 February
#: parses with either): a part the value does not give comes out different.
_FILLERS = (dt.datetime(1904, 1, 1), dt.datetime(1908, 2, 2))


class DateProblem(ValueError):
    """A value that is not a full calendar date; the message says why, for the user."""


def normalise_date(value: str, month_first: bool = False) -> str:
    """``value`` as ``YYYY-MM-DD``, or :class:`DateProblem`.

    >>> normalise_date("June 9, 2020")
    '2020-06-09'
    >>> normalise_date("09/06/2020"), normalise_date("09/06/2020", month_first=True)
    ('2020-06-09', '2020-09-06')
    """
    text = value.strip()
    if not text:
        raise DateProblem("empty date")
    if len(text) > _MAX_CHARS:
        raise DateProblem(f"not a date (over {_MAX_CHARS} characters)")
    iso = _from_iso(text)
    if iso is not None:
        return iso.isoformat()
    if _DIGITS_ONLY.fullmatch(text):
        raise DateProblem(f"{text!r} is a number, not a date (write it as YYYY-MM-DD)")
    year_first = _YEAR_FIRST.match(text) is not None
    day = _parsed_day(text, day_first=not year_first and not month_first, year_first=year_first)
    if not 1000 <= day.year <= 9999:
        raise DateProblem(f"{text!r} has no four-digit year")
    return day.isoformat()


def _from_iso(text: str) -> dt.date | None:
    """ISO 8601 as Python reads it (``2020-06-09``, ``20200609``, ``...T10:00:00Z``)."""
    try:
        if len(text) in (8, 10):
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _parsed_day(text: str, day_first: bool, year_first: bool) -> dt.date:
    """``text`` as a day (RFC 2822 by the standard library, the rest by dateutil), refused
    unless it gives a year, a month and a day."""
    rfc = _rfc_2822(text)
    if rfc is not None:
        return rfc
    from dateutil import parser

    readings = []
    try:
        for filler in _FILLERS:
            day = parser.parse(text, default=filler, dayfirst=day_first, yearfirst=year_first)
            readings.append(day.date())
            if day.year != filler.year and day.month != filler.month and day.day != filler.day:
                break  # no part took the filler's value: the text gives all three
    except (ValueError, OverflowError):
        raise DateProblem(f"{text!r} is not a date") from None
    if len(set(readings)) != 1:
        raise DateProblem(f"{text!r} is not a full date (a day, a month and a year)")
    return readings[0]


def _rfc_2822(text: str) -> dt.date | None:
    """The day of an RFC 2822 date (``Tue, 09 Jun 2020 10:00:00 +0000``), as feeds write them."""
    import email.utils  # (socket, random, urllib: off the one-liners' start-up path)

    parts = email.utils.parsedate_tz(text)
    if parts is None:
        return None
    try:
        return dt.date(*parts[:3])
    except ValueError:
        return None


def date_or_problem(value: str | None, month_first: bool = False) -> tuple[str | None, str | None]:
    """``(normalised date, None)``, ``(None, why not)``, or ``(None, None)`` for no value."""
    if value is None or not value.strip():
        return None, None
    try:
        return normalise_date(value, month_first), None
    except DateProblem as exc:
        return None, str(exc)


#: A ``YYYY-MM-DD`` day in a file name, not inside a longer number (``2020-06-09_talks.txt``).
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_in_file_name(name: str) -> tuple[str | None, str | None]:
    """The ``YYYY-MM-DD`` day a file's name carries: ``(date, None)``, ``(None, why not)`` for an
    impossible one (``2020-13-45``), ``(None, None)`` when the name has none."""
    match = _NAME_DATE.search(name)
    if match is None:
        return None, None
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat(), None
    except ValueError:
        return None, f"the file name's date {match.group()!r} is not a real day"


# --------------------------------------------------------------------------- periods
# Timelines count by day (``2020-06-09``), ISO week (``2020-W24``: weeks start on Monday, and the
# week of 4 January is week 1, so 2021-01-01 is in 2020-W53), month (``2020-06``) or year.

PERIODS = ("day", "week", "month", "year")


def period_of(day: dt.date, by: str) -> str:
    """The name of the period holding ``day``."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if by == "year":
        return f"{day.year:04d}"
    raise ValueError(f"unknown period {by!r}; one of {', '.join(PERIODS)}")


def periods_between(first: dt.date, last: dt.date, by: str) -> list[str]:
    """Every period from the one holding ``first`` to the one holding ``last``, in order,
    empty ones included (a timeline shows its gaps)."""
    periods: list[str] = []
    start = _period_start(first, by)
    while start <= last:
        periods.append(period_of(start, by))
        try:
            start = _next_period_start(start, by)
        except (OverflowError, ValueError):  # past 9999-12-31
            break
    return periods


def _period_start(day: dt.date, by: str) -> dt.date:
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "year":
        return day.replace(month=1, day=1)
    return day


def _next_period_start(start: dt.date, by: str) -> dt.date:
    if by == "day":
        return start + dt.timedelta(days=1)
    if by == "week":
        return start + dt.timedelta(days=7)
    if by == "month":
        return (start + dt.timedelta(days=32)).replace(day=1)
    return start.replace(year=start.year + 1)


def stored_day(value: str | None) -> dt.date | None:
    """A stored ``documents.date`` as a day; None when it is missing or not ``YYYY-MM-DD``."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


#: A year, a year and month, or a day, year first, with ``-``, ``/`` or ``.`` between.
_YEAR_FIRST_PREFIX = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


def date_prefix(value: str, month_first: bool = False) -> str:
    """What a user typed for a date range (the explorer's ``from:``/``to:``) as the ISO prefix
    stored dates are compared with: ``2020``, ``2020/3`` → ``2020-03``, ``9/6/2020`` →
    ``2020-06-09``; anything else unchanged (it then matches what it matches as text)."""
    match = _YEAR_FIRST_PREFIX.fullmatch(value.strip())
    if match is not None:
        return "-".join(f"{int(part):02d}" for part in match.groups() if part is not None)
    try:
        return normalise_date(value, month_first)
    except DateProblem:
        return value
