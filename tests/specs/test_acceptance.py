"""The acceptance rules no measurement can check: held with sources, said before upload."""

from __future__ import annotations

from pathlib import Path

import pytest

from anyidphoto.specs import CatalogError, load_catalog, notices
from anyidphoto.specs.catalog import _load_from
from anyidphoto.specs.model import DEFAULT_RECENT

from .test_specs_catalog import GOOD_DOC


def _rules(doc_id: str):
    return load_catalog().get(doc_id).acceptance


@pytest.mark.parametrize("doc_id", ["de-passport", "de-id-card"])
def test_germany_takes_passport_and_id_photos_itself(doc_id):
    rules = _rules(doc_id)
    assert rules.taken_by == "office_or_registered"
    assert rules.supplied_photo == "limited"
    assert "2025-05-01" in rules.source
    use = notices(load_catalog().get(doc_id))[0]
    assert use.kind == "use" and use.limits_use
    assert "missions abroad" in use.text and "cannot be used" in use.text
    # The visa's photo is still the applicant's own.
    assert _rules("de-visa").supplied_photo == "accepted"


@pytest.mark.parametrize(
    ("doc_id", "taken_by"),
    [("fr-passport", "approved"), ("fr-id-card", "approved"), ("ca-passport", "photographer")],
)
def test_documents_whose_photo_only_approved_hands_make_are_refused(doc_id, taken_by):
    rules = _rules(doc_id)
    assert rules.taken_by == taken_by and rules.supplied_photo == "refused"
    use = notices(load_catalog().get(doc_id), "fr")[0]
    assert use.limits_use and "ne peut pas servir" in use.text


def test_recency_comes_from_the_authority_where_it_has_its_own():
    assert _rules("gb-passport").recent_months == 1
    assert _rules("sg-passport").recent_months == 3
    assert _rules("sg-visa").recent_months == 6  # the country's 3 months is not the visa's
    assert _rules("ph-nbi-clearance").recent_months == 3
    assert _rules("ph-passport").recent_months == 6
    us = _rules("us-visa")
    assert (us.recent_months, us.recent_source) == DEFAULT_RECENT
    gb = notices(load_catalog().get("gb-passport"))
    assert "within the last month" in next(n.text for n in gb if n.kind == "recent")


def test_the_expression_asked_for_is_said_before_the_photo():
    schengen = next(
        n for n in notices(load_catalog().get("schengen-visa")) if n.kind == "expression"
    )
    assert "mouth closed" in schengen.text and "a smile fails" in schengen.text
    us = next(n for n in notices(load_catalog().get("us-passport")) if n.kind == "expression")
    assert "natural smile is accepted" in us.text


def test_child_rules_are_the_authoritys_or_say_there_are_none():
    gb = next(n for n in notices(load_catalog().get("gb-visa")) if n.kind == "children")
    assert "Babies under 1" in gb.text and "gov.uk" in gb.source
    de = next(n for n in notices(load_catalog().get("de-passport"), "fr") if n.kind == "children")
    assert "18 et 32 mm" in de.text and "Passbildschablone" in de.source
    us = next(n for n in notices(load_catalog().get("us-passport")) if n.kind == "children")
    assert "eyes must be open" in us.text
    it = next(n for n in notices(load_catalog().get("it-passport")) if n.kind == "children")
    assert it.text.startswith("Our sources give no exception") and it.source == ""


def test_every_document_says_its_rules_in_both_languages_with_sources():
    for spec in load_catalog():
        english, french = notices(spec, "en"), notices(spec, "fr")
        assert [n.kind for n in english] == [
            "use",
            "taken_by",
            "expression",
            "background",
            "recent",
            "children",
        ]
        for en, fr in zip(english, french, strict=True):
            assert en.text and fr.text and en.text != fr.text, (spec.id, en.kind)
            assert "{" not in en.text + fr.text, (spec.id, en.kind)
        by_kind = {n.kind: n for n in english}
        assert by_kind["background"].source and by_kind["recent"].source
        assert by_kind["expression"].source
        if spec.acceptance.taken_by != "unstated":
            assert len(by_kind["taken_by"].source) > 20, spec.id
        assert by_kind["use"].limits_use == (spec.acceptance.supplied_photo != "accepted")


def _country(tmp_path: Path, country_rules: str, doc_rules: str = "") -> Path:
    doc = GOOD_DOC.format(id="xa-passport") + doc_rules
    (tmp_path / "xa.yaml").write_text(f"country: xa\n{country_rules}documents:\n{doc}")
    return tmp_path


def test_a_documents_rules_override_its_countrys(tmp_path):
    country = (
        "acceptance:\n  recent_months: 3\n  recent_source: 'the country says three months'\n"
        "  children: {en: 'Babies may sleep.', fr: 'Les bébés peuvent dormir.'}\n"
        "  children_source: 'the country says so too'\n"
    )
    document = (
        "    acceptance:\n      taken_by: office\n      source: 'the office takes it itself'\n"
        "      recent_months: 1\n      recent_source: 'the document says one month'\n"
    )
    rules = _load_from(_country(tmp_path, country, document)).get("xa-passport").acceptance
    assert (rules.taken_by, rules.supplied_photo) == ("office", "refused")
    assert (rules.recent_months, rules.recent_source) == (1, "the document says one month")
    assert rules.children["en"] == "Babies may sleep."  # kept from the country


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ("  recent_months: 3\n", "recent_source"),  # a number without its source
        ("  taken_by: office\n", "source"),
        ("  taken_by: nobody\n  source: 'a made-up source'\n", "taken_by"),
        ("  children: {en: 'Babies may sleep.'}\n  children_source: 'a made-up one'\n", "fr"),
    ],
)
def test_bad_acceptance_rules_are_refused_with_the_field(tmp_path, rules, field):
    with pytest.raises(CatalogError, match=field):
        _load_from(_country(tmp_path, "acceptance:\n" + rules))


def test_exceptions_only_where_a_supplied_photo_is_shut_out(tmp_path):
    rules = (
        "acceptance:\n  taken_by: anyone\n  source: 'a made-up source'\n"
        "  exceptions: {en: 'some cases', fr: 'certains cas'}\n"
    )
    with pytest.raises(CatalogError, match="exceptions"):
        _load_from(_country(tmp_path, rules))
