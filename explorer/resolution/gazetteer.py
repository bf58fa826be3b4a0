"""The gazetteer: known actors (canonical name, type, aliases) from human-editable TOML files.

The built-in files are ``explorer/data/world.toml`` (world politics: parties, international
organisations) and ``explorer/data/actors.toml`` (the Libyan conflict), read in that order;
``--actors FILE`` adds a user's files, whose actors extend the list or, when their name matches
a built-in actor's, replace it. The aliases
serve twice: resolution pins matching mentions to the actor, and NER gets them as EntityRuler
patterns so mentions the statistical model misses are found. :func:`to_toml` writes the same
format (curation's ``export-actors``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from explorer.errors import UserError
from explorer.labels import ENTITY_TYPES
from explorer.normalize import matching_key, name_tokens

BUILTIN_ACTORS = Path(__file__).parent.parent / "data" / "actors.toml"
WORLD_ACTORS = Path(__file__).parent.parent / "data" / "world.toml"
#: Read in this order; a later file's actor replaces an earlier one of the same name.
BUILTIN_FILES = (WORLD_ACTORS, BUILTIN_ACTORS)


class ActorsFileError(UserError):
    """An actors file that cannot be read or does not follow the format."""


@dataclass(frozen=True)
class Actor:
    name: str
    type: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name first, then the aliases."""
        return (self.name, *self.aliases)


def load_actors(
    actors_files: Iterable[str | os.PathLike[str]] = (), *, builtin: bool = True
) -> list[Actor]:
    """The built-in actors, extended or overridden by each of ``actors_files`` in order.

    Order matters: when two actors claim the same alias, the later one (a user's file over
    the built-in one) gets it.
    """
    by_key: dict[str, Actor] = {}
    files = list(BUILTIN_FILES) if builtin else []
    files += [Path(f) for f in actors_files]
    for path in files:
        for actor in _read_file(path):
            key = core_key(actor.name)
            by_key.pop(key, None)  # later files come later: their aliases win
            by_key[key] = actor
    return list(by_key.values())


def core_key(name: str) -> str:
    """The key gazetteer names are matched on: the matching key without Arabic articles."""
    return " ".join(name_tokens(matching_key(name)))


def _read_file(path: Path) -> list[Actor]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ActorsFileError(f"{path}: cannot read actors file ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ActorsFileError(f"{path}: not valid TOML ({exc})") from exc
    entries = data.get("actor", [])
    if not isinstance(entries, list):
        raise ActorsFileError(f"{path}: `actor` must be an array of tables ([[actor]])")
    return [_actor(path, i, entry) for i, entry in enumerate(entries, 1)]


def _actor(path: Path, number: int, entry: object) -> Actor:
    where = f"{path}: actor #{number}"
    if not isinstance(entry, dict):
        raise ActorsFileError(f"{where}: must be a table with name, type and aliases")
    name = entry.get("name")
    if not isinstance(name, str) or not matching_key(name):
        raise ActorsFileError(f"{where}: needs a non-empty string `name`")
    actor_type = entry.get("type", "")
    if not isinstance(actor_type, str) or actor_type.upper() not in ENTITY_TYPES:
        raise ActorsFileError(
            f"{where} ({name}): `type` must be one of {', '.join(sorted(ENTITY_TYPES))}"
        )
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ActorsFileError(f"{where} ({name}): `aliases` must be a list of strings")
    unknown = set(entry) - {"name", "type", "aliases"}
    if unknown:
        raise ActorsFileError(f"{where} ({name}): unknown field(s) {', '.join(sorted(unknown))}")
    clean = tuple(dict.fromkeys(a.strip() for a in aliases if matching_key(a)))
    return Actor(name.strip(), actor_type.upper(), clean)


def ruler_patterns(actors: Iterable[Actor]) -> list[dict]:
    """spaCy EntityRuler patterns for every name of every actor.

    Several-word names are phrase patterns, matched case-insensitively by the ruler
    ("government of national reconciliation"); one-word names match only with their exact
    case, so "Turkey" is found and the bird "turkey" is not, and "US" is not "us". A person's
    one-word names (surnames) are left out: the ruler would tag "Haftar" inside "Saddam
    Haftar", hiding the son's full name from NER; resolution links surnames instead.
    """
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for actor in actors:
        for name in actor.names:
            if actor.type == "PERSON" and len(name.split()) == 1:
                continue
            pattern: str | list[dict[str, str]]
            if len(name.split()) > 1 or "-" in name:
                pattern = name
                marker = name.casefold()
            else:
                pattern = [{"TEXT": name}]
                marker = name
            if (marker, actor.type) in seen:
                continue
            seen.add((marker, actor.type))
            patterns.append({"label": actor.type, "pattern": pattern, "id": actor.name})
    return patterns


def to_toml(actors: Iterable[Actor], comment: str) -> str:
    """An actors file holding ``actors``, headed by ``comment`` (one line)."""
    lines = [f"# {comment}", ""]
    for actor in actors:
        lines += [
            "[[actor]]",
            f"name = {_toml_string(actor.name)}",
            f"type = {_toml_string(actor.type)}",
            f"aliases = [{', '.join(_toml_string(a) for a in actor.aliases)}]",
            "",
        ]
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    """A TOML basic string; control characters escaped so no document text breaks the file."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
