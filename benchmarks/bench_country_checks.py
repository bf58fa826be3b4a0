"""CPU time of the mention cleaner's first country checks in a new process.

Run it with each checkout's interpreter, alternately, to compare:
``/work/main/.venv/bin/python benchmarks/bench_country_checks.py`` and
``.venv/bin/python benchmarks/bench_country_checks.py``. Prints the import, the first checks
(which load the tables: countrynames', gender-guesser's names, pycountry) and 7,000 more, and
whether the countrynames package (normality, ICU) was imported.
"""

from __future__ import annotations

import sys
import time

WORDS = ["Russian", "Danish", "Chinese", "Kosovan", "Serbian", "Bosnia and Herzegovina"]


def main() -> None:
    start = time.process_time()
    from explorer.spans import country_name, is_demonym

    imported = time.process_time()
    is_demonym("Brazilian")
    country_name("Trinidad and Tobago")
    is_demonym("Christian")
    first = time.process_time()
    for word in WORDS * 1000:
        is_demonym.__wrapped__(word)  # past its cache: the country check runs each time
        country_name(word + " Group")
    more = time.process_time()
    print(
        f"import {imported - start:.3f} s, first checks {first - imported:.3f} s, "
        f"{len(WORDS) * 1000} more {more - first:.3f} s, "
        f"countrynames imported: {'countrynames' in sys.modules}"
    )


if __name__ == "__main__":
    main()
