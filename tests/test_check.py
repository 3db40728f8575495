"""`eventwire check`: record validation and referential integrity, each problem kind detectable."""

from __future__ import annotations

import pytest

from eventwire.records import Article
from eventwire.store import Store
from eventwire.validate import article_problems, check_store, event_problems


def _event(**over):
    base = {
        "event_type": "AGREE",
        "modality": "asserted",
        "quad_class": 1,
        "goldstein": 4.0,
        "cameo_root": "03",
        "cameo_code": "030",
        "confidence": 0.8,
        "date": "2025-11-28",
        "date_precision": "day",
        "date_source": "text",
        "source": {"country": "PAK"},
        "target": {"country": "RUS"},
        "num_articles": 1,
        "num_sources": 1,
        "num_mentions": 1,
    }
    base.update(over)
    return base


def test_valid_event_has_no_problems():
    assert event_problems(_event()) == []


@pytest.mark.parametrize(
    ("over", "needle"),
    [
        ({"event_type": "BOMB"}, "event_type"),
        ({"modality": "maybe"}, "modality"),
        ({"quad_class": 5}, "quad_class"),
        ({"goldstein": 11.0}, "goldstein"),
        ({"cameo_root": "21"}, "cameo_root"),
        ({"cameo_code": "190"}, "cameo_code"),
        ({"confidence": -0.1}, "confidence"),
        ({"date": "28/11/2025"}, "date"),
        ({"date_precision": "month"}, "date_precision"),
        ({"date": None, "date_precision": None}, "date_source"),
        ({"source": {"country": "Pakistan"}}, "source country"),
        ({"num_sources": 0}, "num_sources"),
    ],
)
def test_event_problems_are_named(over, needle):
    assert any(p.startswith(needle) for p in event_problems(_event(**over))), event_problems(_event(**over))


def test_article_problems():
    good = Article.build(
        doc_id="d" * 16,
        path="p",
        part=0,
        text="x" * 300,
        title=None,
        outlet=None,
        url=None,
        published="2025-11",
        published_precision="month",
        published_source="header",
        language="en",
    ).to_dict()
    assert article_problems(good) == []
    assert article_problems({**good, "published_precision": "day"})
    assert article_problems({**good, "published": None, "published_precision": None})  # source must be none
    assert article_problems({**good, "published_source": "guess"})


def _store_with_event(db: str) -> None:
    text = "Intro. Pakistan and Russia signed a protocol in Islamabad on Thursday."
    with Store.open(db) as s:
        s.con.execute("INSERT INTO documents (doc_id, path) VALUES ('d000000000000000', 'x.txt')")
        s.con.execute(
            "INSERT INTO articles (article_id, doc_id, path, part, text, published_source) "
            "VALUES ('a000000000000000', 'd000000000000000', 'x.txt', 0, ?, 'none')",
            [text],
        )
        s.con.execute(
            "INSERT INTO events (event_id, event_type, modality, quad_class, goldstein, cameo_root, cameo_code, "
            "confidence, date_source, num_articles, num_sources, num_mentions) "
            "VALUES ('e000000000000000', 'AGREE', 'asserted', 1, 4.0, '03', '030', 0.9, 'none', 1, 1, 1)"
        )
        s.con.execute(
            "INSERT INTO evidence (event_id, mention_id, article_id, sentence, char_start, char_end) "
            "VALUES ('e000000000000000', 'm1', 'a000000000000000', ?, 7, ?)",
            [text[7:], len(text)],
        )


def test_clean_store_passes(db_path):
    _store_with_event(db_path)
    report = check_store(db_path)
    assert report["ok"], report["problems"]


@pytest.mark.parametrize(
    ("damage", "check"),
    [
        ("DELETE FROM documents", "article_document"),
        ("DELETE FROM evidence", "event_evidence"),
        ("DELETE FROM articles", "evidence_article"),
        ("UPDATE evidence SET char_start = 8", "evidence_offsets"),
        ("UPDATE events SET merged_into = 'ffffffffffffffff'", "merged_into_target"),
        ("UPDATE events SET story_id = 'abcdefabcdefabcd'", "event_story"),
        ("UPDATE events SET quad_class = 7", "events.quad_class"),
        (
            "INSERT INTO event_mentions (mention_id, article_id) VALUES ('m2', 'a000000000000000')",
            "mention_unmerged",
        ),
    ],
)
def test_each_damage_is_reported(db_path, damage, check):
    _store_with_event(db_path)
    with Store.open(db_path) as s:
        s.con.execute(damage)
    report = check_store(db_path)
    assert not report["ok"]
    assert check in {p["check"] for p in report["problems"]}, report["problems"]


def test_merge_cycle_is_reported(db_path):
    _store_with_event(db_path)
    with Store.open(db_path) as s:
        s.con.execute(
            "INSERT INTO events (event_id, event_type, modality, quad_class, goldstein, cameo_root, cameo_code, "
            "confidence, date_source, merged_into) VALUES "
            "('e100000000000000', 'AGREE', 'asserted', 1, 4.0, '03', '030', 0.9, 'none', 'e200000000000000'), "
            "('e200000000000000', 'AGREE', 'asserted', 1, 4.0, '03', '030', 0.9, 'none', 'e100000000000000')"
        )
    checks = {p["check"] for p in check_store(db_path)["problems"]}
    assert "merged_into_cycle" in checks
