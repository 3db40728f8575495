"""The trained role model (events/role_model.py, model/roles.json): features from the parse, the shipped weights and
their held-out scores, the roles it picks, and that the rule baseline never consults it."""

from __future__ import annotations

import json

import pytest

from eventwire.actors import ArticleContext, resolve_actors
from eventwire.events import build_article, code_articles, role_model
from eventwire.events.role_model import MODEL_FILE, dep_path, features
from eventwire.nlp import get_nlp


@pytest.fixture(scope="module")
def parse():
    nlp = get_nlp()

    def run(text: str, trigger: str):
        doc = nlp(text)
        mentions = resolve_actors(doc[:], ArticleContext(published="2025-05-01"))
        trig = next(t for t in doc if t.text == trigger)
        return doc, trig, mentions

    return run


def test_dependency_paths_name_the_edges_and_prepositions(parse):
    doc, trig, _ = parse("Two journalists were detained by soldiers in Bamako.", "detained")
    by_text = {t.text: t for t in doc}
    assert dep_path(trig, by_text["journalists"]) == "vnsubjpass"
    assert dep_path(trig, by_text["soldiers"]) == "vagent:by vpobj"
    assert dep_path(trig, trig) == "self"


def test_features_describe_the_pair_and_the_event_type(parse):
    _, trig, mentions = parse("Police in Leeds arrested three teenagers on Monday.", "arrested")
    police = next(m for m in mentions if m.text.startswith("Police"))
    feats = features(trig, police, mentions, "COERCE")
    assert "type=COERCE" in feats and "side=L" in feats and "subject=y|A" in feats
    assert feats == features(trig, police, mentions, "COERCE")  # deterministic


def test_the_shipped_weights_hold_their_held_out_scores():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    held = data["meta"]["held_out"]
    # training/roles_report.json, measured when the model was trained (10% of the written sentences, never fitted)
    assert held["source_accuracy"] >= 0.85 and held["target_accuracy"] >= 0.70
    assert held["source_wrong"] <= 0.08 and held["target_wrong"] <= 0.10
    assert MODEL_FILE.stat().st_size < 2 * 1024 * 1024
    assert set(data["threshold"]) == {"source", "target"}


@pytest.mark.parametrize(
    ("text", "trigger", "etype", "source", "target"),
    [
        (
            "Police in Leeds arrested three teenagers on Monday.",
            "arrested",
            "COERCE",
            "Police",
            "three teenagers",
        ),
        (
            "Two journalists were detained by soldiers in Bamako.",
            "detained",
            "COERCE",
            "soldiers",
            "Two journalists",
        ),
        (
            "The Kenyan government accused Uganda of arming the rebels.",
            "accused",
            "DISAPPROVE",
            "Kenyan",
            "Uganda",
        ),
    ],
)
def test_the_model_picks_source_and_target(parse, text, trigger, etype, source, target):
    model = role_model.load()
    assert model is not None
    _, trig, mentions = parse(text, trigger)
    src = model.best(trig, mentions, etype, "source")
    tgt = model.best(trig, mentions, etype, "target")
    assert src is not None and source in src[0].text
    assert tgt is not None and target in tgt[0].text


def test_the_rule_baseline_never_consults_the_role_model(monkeypatch):
    def refuse():
        raise AssertionError("the role model was consulted in rules mode")

    monkeypatch.setenv("EVENTWIRE_CODER", "rules")
    monkeypatch.setattr(role_model, "load", refuse)
    text = "The mayor of Cali condemned the bombing, which killed four soldiers."
    assert code_articles([build_article(text, "2025-05-01")])[0]
