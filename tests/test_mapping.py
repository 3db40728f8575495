"""The CAMEO/PLOVER mapping table: complete, consistent, and matching the PLOVER modes."""

from __future__ import annotations

import pytest

from eventwire.events.mapping import (
    PLOVER_TYPES,
    cameo_for,
    cameo_table,
    describe,
    is_valid_mode,
    penta_class,
    plover_for,
    plover_modes,
)


def test_every_plover_type_has_a_default_cameo_code_quad_and_goldstein():
    modes = plover_modes()
    assert set(modes) == set(PLOVER_TYPES)
    assert len(PLOVER_TYPES) == 18
    for ptype in PLOVER_TYPES:
        code = cameo_for(ptype)
        row = describe(code)
        assert row.quad_class in (1, 2, 3, 4)
        assert -10.0 <= row.goldstein <= 10.0
        assert row.root == code[:2]


def test_every_declared_mode_has_a_known_cameo_code():
    for ptype, modes in plover_modes().items():
        for mode, code in modes.items():
            assert describe(code).code in (code, code[:3]), (ptype, mode, code)


def test_mapping_rows_use_declared_types_and_modes():
    for code, row in cameo_table().items():
        assert row.root == code[:2]
        assert row.quad_class in (1, 2, 3, 4)
        assert -10.0 <= row.goldstein <= 10.0
        if row.plover_type is not None:
            assert row.plover_type in PLOVER_TYPES, code
            assert is_valid_mode(row.plover_type, row.mode), (code, row.mode)


@pytest.mark.parametrize(
    ("code", "ptype", "mode"),
    [
        ("112", "DISAPPROVE", "accuse"),  # docs/coding.md, Event types: accusation is DISAPPROVE/accuse
        ("111", "DISAPPROVE", "criticize"),
        ("016", "REJECT", "deny"),  # "Kabul denied it"
        ("057", "AGREE", None),  # docs/coding.md, CAMEO code: signing a protocol is AGREE
        ("036", "AGREE", None),
        ("042", "CONSULT", "visit"),
        ("090", "INVESTIGATE", None),
        ("1053", "DEMAND", "yield"),
        ("0841", "RETREAT", "release"),
        ("163", "SANCTION", None),
        ("173", "COERCE", "arrest"),
        ("1831", "ASSAULT", "suicide-attack"),
        ("194", "FIGHT", "heavy-weapons"),
        ("202", "ASSAULT", "massacre"),
        ("141", "PROTEST", "demo"),
    ],
)
def test_known_codes_map_to_their_plover_event(code, ptype, mode):
    assert plover_for(code) == (ptype, mode)


def test_statements_are_not_plover_events():
    assert plover_for("010") is None
    assert plover_for("018") is None


def test_quad_class_and_goldstein_follow_the_cameo_root():
    assert describe("042").quad_class == 1
    assert describe("073").quad_class == 2
    assert describe("112").quad_class == 3
    assert describe("190").quad_class == 4
    assert describe("190").goldstein == -10.0
    assert describe("057").goldstein == 8.0
    assert describe("016").quad_class == 3  # a denial is verbal conflict, not a statement


def test_penta_class_of_the_confli_bert_annotation():
    assert penta_class("010") == 0
    assert penta_class("020") == 0
    assert penta_class("036") == 1
    assert penta_class("0841") == 2
    assert penta_class("112") == 3
    assert penta_class("1831") == 4


def test_unknown_four_digit_code_falls_back_to_its_parent():
    assert describe("1959").code == "195"
    with pytest.raises(KeyError):
        describe("999")
