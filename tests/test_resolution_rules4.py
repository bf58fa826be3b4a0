"""Resolution rules of issue 12, fourth round. Every name is written for these tests."""

from __future__ import annotations

from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.evidence import GroupEvidence
from explorer.resolution.resolve import cluster_surface_groups


def G(doc, text, label="PERSON", count=1, titles=()):
    return SurfaceGroup(doc, text, label, count, tuple(titles))


def entity_of(result, doc, text):
    for ent in result:
        if any(m[0] == doc and m[1] == text for m in ent.members):
            return ent
    raise AssertionError(f"{text!r} in document {doc} not found")


# --------------------------------------------------------------------------- count nouns


def _award_corpus(plural_mentions: int, articles: int):
    groups = [
        G(1, "Zelvo", "PERSON", 4),  # "won a Zelvo": the model calls the award a person
        G(2, "Zelvo", "PERSON", 2),
        G(3, "Zelvos", "ORG", plural_mentions),  # "at the Zelvos"
    ]
    evidence = {
        (1, "Zelvo", "PERSON"): GroupEvidence(articles=articles),
        (2, "Zelvo", "PERSON"): GroupEvidence(titled=1),  # "Best Actor Zelvo": still a person
    }
    return groups, evidence


def test_a_person_written_with_an_article_joins_its_plural():
    groups, evidence = _award_corpus(plural_mentions=2, articles=2)
    result = cluster_surface_groups(groups, evidence=evidence)
    assert entity_of(result, 1, "Zelvo") is entity_of(result, 3, "Zelvos")


def test_a_name_without_articles_keeps_apart_from_a_plural():
    groups, evidence = _award_corpus(plural_mentions=5, articles=0)
    result = cluster_surface_groups(groups, evidence=evidence)
    assert entity_of(result, 1, "Zelvo") is not entity_of(result, 3, "Zelvos")


def test_a_plural_seen_once_is_not_enough():
    groups, evidence = _award_corpus(plural_mentions=1, articles=3)
    result = cluster_surface_groups(groups, evidence=evidence)
    assert entity_of(result, 1, "Zelvo") is not entity_of(result, 3, "Zelvos")
