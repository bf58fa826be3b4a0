"""A place word's two senses by its stories (issue 12, wrong merges): the club in match reports
that never name it, the town in stories with no sports word. Every town, club, person and
sentence is written for these tests."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from resolution_support import G, entity_of

from explorer.cli import main
from explorer.normalize import matching_key
from explorer.parsed import ParsedText, Span
from explorer.readers.articles import Article
from explorer.resolution.evidence import GroupEvidence, MentionContext, mention_evidence
from explorer.resolution.resolve import cluster_surface_groups
from explorer.store import documents
from explorer.store.connect import open_for_writing

SPORT = GroupEvidence(sport_cues=1)
PLACE = GroupEvidence(place_cues=1)


def _stories(
    reports: tuple[int, ...] = (1, 2, 3),
    word: str = "Brackwater",
    place_cued_reports: tuple[int, ...] = (),
):
    """Match reports (``reports``): the word beside its rivals and players, whose mentions stand
    beside scores and league words. Two town stories (20, 21): the word beside a council and a
    street, no sports word. Story 30 writes the one club name the corpus has ("Brackwater
    Rovers") among actors no other story names."""
    groups, evidence = [], {}
    for doc in reports:
        groups.append(G(doc, word, "GPE", 2))
        for text, label in (
            ("Quellbridge", "ORG"),
            ("Dunmore Hawks", "ORG"),
            ("Tobin Arkwright", "PERSON"),
        ):
            groups.append(G(doc, text, label))
            evidence[(doc, text, label, "")] = SPORT
        if doc in place_cued_reports:
            evidence[(doc, word, "GPE", "")] = GroupEvidence(place_cues=2)
    for doc in (20, 21):
        groups.append(G(doc, word, "GPE"))
        groups += [G(doc, "Brackwater Council", "ORG"), G(doc, "Idris Moncrieff", "PERSON")]
        evidence[(doc, word, "GPE", "")] = PLACE
    groups += [G(30, f"{word} Rovers", "ORG"), G(30, "Ottilie Fenwick", "PERSON")]
    return groups, evidence


def test_match_reports_make_the_word_a_club_and_the_other_stories_keep_the_town():
    groups, evidence = _stories()
    result = cluster_surface_groups(groups, evidence=evidence)
    club = entity_of(result, 1, "Brackwater")
    town = entity_of(result, 20, "Brackwater")
    assert club is not town
    assert entity_of(result, 2, "Brackwater") is club
    assert entity_of(result, 3, "Brackwater") is club
    assert entity_of(result, 21, "Brackwater") is town
    assert (club.type, town.type) == ("ORG", "GPE")
    assert club.name == town.name == "Brackwater"  # same name, types apart


def test_two_match_reports_are_too_few():
    groups, evidence = _stories(reports=(1, 2))
    result = cluster_surface_groups(groups, evidence=evidence)
    assert entity_of(result, 1, "Brackwater") is entity_of(result, 20, "Brackwater")


def test_a_host_city_written_as_a_place_in_its_reports_keeps_one_sense():
    """ "the final in Brackwater": a place in its match reports, so never a club."""
    groups, evidence = _stories(place_cued_reports=(1,))
    result = cluster_surface_groups(groups, evidence=evidence)
    assert entity_of(result, 1, "Brackwater") is entity_of(result, 20, "Brackwater")


def test_a_group_written_as_a_place_in_a_match_report_stays_with_the_town():
    """ "fans in Brackwater": one report of ten writes the word as a place (a tenth of the
    reports' groups, allowed); that group stays with the town, the other reports take the club."""
    reports = tuple(range(1, 11))
    groups, evidence = _stories(reports=reports, place_cued_reports=(10,))
    result = cluster_surface_groups(groups, evidence=evidence)
    club, town = entity_of(result, 1, "Brackwater"), entity_of(result, 20, "Brackwater")
    assert club is not town
    assert all(entity_of(result, doc, "Brackwater") is club for doc in reports[:-1])
    assert entity_of(result, 10, "Brackwater") is town


def test_a_country_within_a_country_fields_no_club():
    """Wales in rugby reports is Wales (ISO 3166-2 calls it a country), whatever the corpus's
    "Wales Rovers"."""
    groups, evidence = _stories(word="Wales")
    result = cluster_surface_groups(groups, evidence=evidence)
    assert entity_of(result, 1, "Wales") is entity_of(result, 20, "Wales")


def test_a_story_of_neither_sense_follows_most_mentions():
    """A club's business story: no sports word, the model calls the word an organisation."""
    groups, evidence = _stories()
    groups += [G(40, "Brackwater", "ORG", 3), G(40, "Perpetua Oakes", "PERSON")]
    result = cluster_surface_groups(groups, evidence=evidence)
    assert entity_of(result, 40, "Brackwater") is entity_of(result, 1, "Brackwater")


def test_a_town_story_linked_to_match_reports_takes_their_sense():
    """A transfer story with no sports word beside the club's reports, sharing their actors."""
    groups, evidence = _stories()
    groups += [
        G(41, "Brackwater", "GPE"),
        G(41, "Quellbridge", "ORG"),
        G(41, "Dunmore Hawks", "ORG"),
        G(41, "Tobin Arkwright", "PERSON"),
    ]
    result = cluster_surface_groups(groups, evidence=evidence)
    assert entity_of(result, 41, "Brackwater") is entity_of(result, 1, "Brackwater")


def test_no_sports_story_no_split():
    groups, evidence = _stories()
    evidence = {key: cues for key, cues in evidence.items() if cues is not SPORT}
    result = cluster_surface_groups(groups, evidence=evidence)
    assert entity_of(result, 1, "Brackwater") is entity_of(result, 20, "Brackwater")


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_senses_do_not_depend_on_document_order(random):
    groups, evidence = _stories()
    shuffled = list(groups)
    random.shuffle(shuffled)

    def partition(result):
        return sorted((sorted(ent.members), ent.type) for ent in result)

    assert partition(cluster_surface_groups(groups, evidence=evidence)) == partition(
        cluster_surface_groups(shuffled, evidence=evidence)
    )


def _sport_cues(before: str, after: str) -> int:
    found = mention_evidence("Brackwater", MentionContext(before, after))
    return found.sport_cues if found is not None else 0


def test_a_score_or_a_sports_word_around_a_mention_is_a_sport_cue():
    assert _sport_cues("a late goal gave ", " a 2-1 win at home") == 1
    assert _sport_cues("the ", " striker was booked") == 1
    assert _sport_cues("bottom of the league, ", " host") == 1


def test_dates_ranges_and_common_words_are_no_sport_cue():
    assert _sport_cues("the council of ", " tries to balance its books") == 0
    assert _sport_cues("budget for 2004-05 in ", ", officials said") == 0
    assert _sport_cues("won the title at ", " on 12.5-13 May") == 0


def test_a_sport_cue_on_another_line_does_not_count():
    assert _sport_cues("Brackwater 3-0\n", " council said") == 0


def test_a_capitalised_sports_word_is_part_of_a_name():
    """ "the Arab League" or "the Davis Cup" say nothing of a match report."""
    assert _sport_cues("ministers of the Varnish League met ", " officials") == 0
    assert _sport_cues("knocked out of the league by ", ", who") == 1


# ------------------------------------------------------------------ through storage and the CLI

_NAMES = {
    "Varnholm Rovers": "ORG",
    "Hexley Council": "ORG",
    "Varnholm": "GPE",
    "Quellbridge": "ORG",
    "Dunmore Hawks": "ORG",
    "Tobin Arkwright": "PERSON",
    "Idris Moncrieff": "PERSON",
    "Ottilie Fenwick": "PERSON",
}
_NAME_PATTERN = re.compile("|".join(sorted(map(re.escape, _NAMES), key=len, reverse=True)))
_REPORT = (
    "Varnholm beat Quellbridge 2-1 on Saturday. Tobin Arkwright scored twice for Varnholm. "
    "Dunmore Hawks stay top of the league after a 3-0 win."
)
_TOWN = (
    "The Hexley Council met on Monday. Idris Moncrieff said the library of Varnholm would "
    "open next spring."
)
_TEXTS = [
    _REPORT,
    _REPORT.replace("Saturday", "Sunday"),
    _REPORT.replace("2-1", "4-2"),
    _TOWN,
    _TOWN.replace("Monday", "Friday"),
    "Ottilie Fenwick joined Varnholm Rovers as a volunteer.",
]


def _parse(text: str) -> ParsedText:
    sentences = tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text))
    sentences = tuple(
        Span(s.start + len(text[s.start : s.end]) - len(text[s.start : s.end].lstrip()), s.end)
        for s in sentences
    )
    names = tuple(Span(m.start(), m.end(), _NAMES[m.group()]) for m in _NAME_PATTERN.finditer(text))
    return ParsedText(sentences, names)


def test_resolve_through_the_cli_gives_the_club_and_the_town(tmp_path: Path):
    """Stored articles, their evidence computed by storage, resolved by ``resolve --full``."""
    path = tmp_path / "senses.db"
    db = open_for_writing(path)
    try:
        for index, text in enumerate(_TEXTS):
            article = Article(key=f"s.jsonl#{index}", file="s.jsonl", text=text, title=str(index))
            documents.store_document(db, article, _parse(text), matching_key, len(text.split()))
    finally:
        db.close()
    result = CliRunner().invoke(main, ["resolve", "--full", "--db", str(path)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT d.path, e.name, e.type FROM mentions m JOIN documents d ON d.id = "
            "m.document_id JOIN entities e ON e.id = m.entity_id WHERE m.text = 'Varnholm'"
        ).fetchall()
    finally:
        conn.close()
    types = {path.split("#")[1]: (name, entity_type) for path, name, entity_type in rows}
    assert {types[d] for d in ("0", "1", "2")} == {("Varnholm", "ORG")}
    assert {types[d] for d in ("3", "4")} == {("Varnholm", "GPE")}
