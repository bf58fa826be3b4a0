"""A hand-built database where one name stands for two actors in two sets of stories: "Silver
Crown" is a chess trophy in stories naming chess players and a horse race in stories naming
stables and jockeys; each world also has stories of its own that do not name the trophy."""

from __future__ import annotations

from pathlib import Path

from review_support import HandBuilt

CHESS = ("Anna Petrova", "Boris Klein", "Chess Federation")
RACING = ("Harwood Stables", "Jockey Club", "Tom Archer")
ROWING = ("Isis Boat Club", "Mara Lind", "Tideway Regatta")


def two_crowns_db(
    path: Path,
    stories: int = 4,
    world: int = 6,
    worlds: tuple[tuple[str, ...], ...] = (CHESS, RACING),
) -> Path:
    """``stories`` stories of each Silver Crown (two mentions each), ``world`` other stories of
    each world (``worlds``: their actors); returns the database path."""
    db = HandBuilt(path)
    crown = db.entity("Silver Crown", "EVENT")
    actors = {name: db.entity(name, "PERSON") for names in worlds for name in names}
    for world_names in worlds:
        topic = "chess" if world_names == CHESS else "racing" if world_names == RACING else "rowing"
        for n in range(stories):
            sentences = (
                f"The Silver Crown was decided on day {n}.",
                *(f"{name} spoke about it." for name in world_names),
                "Nobody expected the Silver Crown to end so.",
            )
            d = db.document(f"{topic}-crown-{n}", *sentences)
            db.mention(d, crown, "Silver Crown", "EVENT")
            db.mention(d, crown, "Silver Crown", "EVENT")
            for name in world_names:
                db.mention(d, actors[name], name)
        for n in range(world):
            d = db.document(
                f"{topic}-other-{n}", *(f"{name} was seen on day {n}." for name in world_names)
            )
            for name in world_names:
                db.mention(d, actors[name], name)
    return db.close()


def one_crown_db(path: Path) -> Path:
    """The same trophy in one world only: its stories all name the same actors."""
    db = HandBuilt(path)
    crown = db.entity("Silver Crown", "EVENT")
    actors = {name: db.entity(name, "PERSON") for name in CHESS}
    for n in range(8):
        sentences = (
            f"The Silver Crown was decided on day {n}.",
            *(f"{name} spoke about it." for name in CHESS),
        )
        d = db.document(f"chess-crown-{n}", *sentences)
        db.mention(d, crown, "Silver Crown", "EVENT")
        for name in CHESS:
            db.mention(d, actors[name], name)
    return db.close()
