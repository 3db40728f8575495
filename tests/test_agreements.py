"""Agreements, parties and stated figures (issue 5), on project-written sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.agreements import commitment_passage, commitments, extract_agreements, extract_figures

STORIES = Path(__file__).parent / "fixtures" / "stories"

LIST_TEXT = (
    "At the close of the session the two sides signed the agreed minutes of the 7th JMC. Three MoUs were also signed:\n"
    "• The MoU between the Kenya Bureau of Standards and the Ethiopian Standards Institute to align certification.\n"
    "• The MoU between the Kenya Ports Authority (KPA) and Ethiopia’s Maritime Affairs Authority on cargo handling.\n"
    "• The MoU between the Kenya News Agency and the Ethiopian News Agency on news exchange.\n"
    "Mudavadi said trade had grown.\n"
)


@pytest.mark.issue(5)
def test_enumerated_mous_with_parties_and_countries():
    end = LIST_TEXT.index("Three MoUs")
    agreements, figures = commitments("AGREE", LIST_TEXT, 0, LIST_TEXT.index("\n"))
    assert end > 0
    mous = [a for a in agreements if a["instrument"] == "MoU"]
    assert len(mous) == 3
    first = mous[0]
    assert first["text"] == "MoU between the Kenya Bureau of Standards and the Ethiopian Standards Institute"
    assert [p["name"] for p in first["parties"]] == [
        "Kenya Bureau of Standards",
        "Ethiopian Standards Institute",
    ]
    assert [p["country"] for p in first["parties"]] == ["KEN", "ETH"]
    ports = mous[1]["parties"]
    assert ports[0]["name"] == "Kenya Ports Authority" and ports[1]["country"] == "ETH"
    assert any(a["instrument"] == "agreed minutes" for a in agreements)
    assert {"value": 3.0, "unit": "MoU", "text": "Three MoUs"} in figures


def test_passage_stops_after_unrelated_sentences():
    passage = commitment_passage(LIST_TEXT, 0, LIST_TEXT.index("\n"))
    assert "News Agency" in passage
    assert "Mudavadi" not in passage


def test_signed_by_and_possessive_party():
    text = (
        "A memorandum of understanding was signed by Pakistan Railways and Russia’s Federal Railway Agency."
    )
    (ag,) = extract_agreements(text)
    assert ag["instrument"] == "MoU"
    assert [p["name"] for p in ag["parties"]] == ["Pakistan Railways", "Russia’s Federal Railway Agency"]
    assert [p["country"] for p in ag["parties"]] == ["PAK", "RUS"]


def test_listed_instruments_from_fixture():
    text = (STORIES / "tza_zmb_jpc4_daily_coastline.txt").read_text(encoding="utf-8")
    start = text.index("DAR ES SALAAM")
    agreements, figures = commitments("AGREE", text, start, text.index("\n", start))
    texts = [a["text"] for a in agreements]
    assert any("TAZARA" in t or "Railway" in t for t in texts)
    revenue = next(a for a in agreements if "Revenue Authority" in a["text"])
    assert [p["country"] for p in revenue["parties"]] == ["TZA", "ZMB"]
    power = next(a for a in agreements if "TANESCO" in a["text"])
    assert [p["name"] for p in power["parties"]] == ["TANESCO", "ZESCO"]
    assert figures == [{"value": 3.0, "unit": "MoU", "text": "three memoranda of understanding"}]


def test_figures_money_and_quantities():
    figs = extract_figures(
        "Trade stood at $1.2 billion last year; the loan of Rs 5bn and a €20 million grant were agreed, "
        "with 5,000 tonnes of wheat, eight agreements and 3 billion rupees in credit. The 2026 agreements follow."
    )
    assert [(f["value"], f["unit"]) for f in figs] == [
        (1.2e9, "USD"),
        (5e9, "PKR"),
        (2e7, "EUR"),
        (5000.0, "tonne"),
        (8.0, "agreement"),
        (3e9, "PKR"),
    ]


def test_only_commitment_types_are_read():
    assert commitments("FIGHT", LIST_TEXT, 0, 40) == ([], [])
    assert commitments("AGREE", "", 0, 0) == ([], [])
