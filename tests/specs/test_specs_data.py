"""The packaged country files: schema, coverage, and geometry that can be met."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from importlib import resources

import jsonschema
import pytest
import yaml

from anyidphoto.specs import DocumentSpec, load_catalog

DATA = resources.files("anyidphoto.specs").joinpath("data")
SCHEMA = json.loads(resources.files("anyidphoto.specs").joinpath("schema.json").read_text())
FILES = sorted(f.name for f in DATA.iterdir() if f.name.endswith(".yaml"))
CATALOG = load_catalog()
DOCS = list(CATALOG)

REQUIRED_IDS = [
    "us-passport",
    "us-visa",
    "us-dv-lottery",
    "gb-passport",
    "gb-passport-digital",
    "ca-passport",
    "au-passport",
    "de-passport",
    "fr-passport",
    "schengen-visa",
    "in-passport",
    "in-evisa",
    "cn-passport",
    "cn-visa",
    "jp-passport",
    "br-passport",
]

# Fraction of the head height between chin and eye line, as the engine assumes.
EYE_FRACTION = 0.47


def test_schema_is_valid_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", FILES)
def test_every_file_validates_against_schema(name: str) -> None:
    data = yaml.safe_load(DATA.joinpath(name).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []
    assert name == f"{data['country']}.yaml"


def test_schema_rejects_a_bad_document() -> None:
    data = yaml.safe_load(DATA.joinpath("us.yaml").read_text(encoding="utf-8"))
    data["documents"][0]["background"] = ["white"]
    data["documents"][0]["glasses"] = "maybe"
    validator = jsonschema.Draft202012Validator(SCHEMA)
    bad = {tuple(e.absolute_path) for e in validator.iter_errors(data)}
    assert ("documents", 0, "background", 0) in bad
    assert ("documents", 0, "glasses") in bad


def test_catalogue_size() -> None:
    assert len(CATALOG) >= 150
    iso = [c for c in CATALOG.countries() if re.fullmatch("[a-z]{2}", c) and c != "eu"]
    assert len(iso) >= 80


@pytest.mark.parametrize("doc_id", REQUIRED_IDS)
def test_required_ids_present(doc_id: str) -> None:
    assert CATALOG.get(doc_id).id == doc_id


def test_ids_are_kebab_case_and_start_with_country() -> None:
    for doc in DOCS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", doc.id), doc.id
        assert doc.id.startswith(doc.country + "-"), doc.id


def test_names_in_english_and_french() -> None:
    for doc in DOCS:
        assert doc.name["en"].strip() and doc.name["fr"].strip(), doc.id
    assert CATALOG.get("de-passport").display_name("fr") == "Allemagne — Passeport"


def test_us_headline_numbers() -> None:
    us = CATALOG.get("us-passport")
    # 2x2 in; head 1 to 1-3/8 in; eyes 1-1/8 to 1-3/8 in from the bottom.
    assert (us.width_mm, us.height_mm) == (50.8, 50.8)
    assert us.head_height_mm == (25.4, 34.9)
    assert us.eye_line_mm == (28.6, 34.9)
    assert us.background[0] == "#ffffff"
    assert us.glasses == "banned"
    assert us.digital is None
    visa = CATALOG.get("us-visa").digital
    assert visa is not None
    assert (visa.min_px, visa.max_px, visa.max_kb, visa.formats) == (600, 1200, 240, ("jpeg",))
    dv = CATALOG.get("us-dv-lottery").digital
    assert dv is not None
    assert (dv.width_px, dv.height_px, dv.max_kb, dv.formats) == (600, 600, 240, ("jpeg",))


def _satisfiable(doc: DocumentSpec, steps: int = 40) -> bool:
    """Is there a head height and eye line in range with the whole head inside the photo?"""
    lo, hi = doc.head_height_mm
    elo, ehi = doc.eye_line_mm if doc.eye_line_mm else (0.0, doc.height_mm)
    for i in range(steps + 1):
        head = lo + (hi - lo) * i / steps
        for j in range(steps + 1):
            eye = elo + (ehi - elo) * j / steps
            chin = eye - EYE_FRACTION * head
            if chin >= 0 and chin + head <= doc.height_mm:
                return True
    return False


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id)
def test_geometry_is_satisfiable(doc: DocumentSpec) -> None:
    lo, hi = doc.head_height_mm
    assert 0 < lo < hi < doc.height_mm
    if doc.eye_line_mm is not None:
        elo, ehi = doc.eye_line_mm
        assert 0 < elo < ehi < doc.height_mm
    if doc.crown_gap_mm is not None:
        assert doc.height_mm - doc.crown_gap_mm - lo >= 0, "no room for the chin"
    assert _satisfiable(doc)


def test_satisfiability_check_catches_impossible_ranges() -> None:
    us = CATALOG.get("us-passport")
    bad = dataclasses.replace(us, eye_line_mm=(49.0, 50.0))
    assert not _satisfiable(bad)


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id)
def test_backgrounds_sources_dates(doc: DocumentSpec) -> None:
    assert doc.background, doc.id
    for colour in doc.background:
        assert re.fullmatch(r"#[0-9a-f]{6}", colour), colour
    assert len(set(doc.background)) == len(doc.background)
    assert doc.sources and all(len(s.strip()) > 10 for s in doc.sources)
    assert isinstance(doc.verified, dt.date)
    assert dt.date(2020, 1, 1) <= doc.verified <= dt.date(2026, 12, 31)
    assert doc.glasses in ("allowed", "discouraged", "banned")
    assert doc.head_measure in ("crown", "hair")
    assert doc.notes.strip(), "every entry says where its numbers come from"


def test_dataset_entries_are_marked_low_confidence() -> None:
    for doc in DOCS:
        if doc.verified != dt.date(2026, 11, 26):
            assert "dataset" in doc.notes.lower(), doc.id
            # The open dataset's own date: its facts were last checked then.
            assert doc.verified == dt.date(2026, 6, 15), doc.id


def _pixels(mm: float, dpi: int) -> int:
    return round(mm / 25.4 * dpi)


@pytest.mark.parametrize("doc", [d for d in DOCS if d.digital], ids=lambda d: d.id)
def test_digital_constraints_fit_the_frame(doc: DocumentSpec) -> None:
    dig = doc.digital
    assert dig is not None
    assert dig.formats and all(f == f.lower() for f in dig.formats)
    if dig.min_kb is not None and dig.max_kb is not None:
        assert dig.min_kb < dig.max_kb
    if dig.width_px is not None:
        assert dig.height_px is not None
        aspect_px = dig.width_px / dig.height_px
        assert aspect_px == pytest.approx(doc.width_mm / doc.height_mm, rel=0.02)
    else:
        # The frame rendered at the document's dpi must land inside the pixel range.
        for side in (_pixels(doc.width_mm, doc.dpi), _pixels(doc.height_mm, doc.dpi)):
            if dig.min_px is not None:
                assert side >= dig.min_px, (doc.id, side)
            if dig.max_px is not None:
                assert side <= dig.max_px, (doc.id, side)


# Per-side pixel limits that the min_px/max_px envelope cannot carry.
PER_SIDE = {
    "gb-passport-digital": ((600, None), (750, None)),
    "ca-visa": ((420, None), (540, None)),
    "cn-visa-online": ((354, 420), (472, 560)),
    "nz-passport-online": ((900, 4500), (1200, 6000)),
    "ca-passport-online": ((1200, 3000), (1800, 4500)),
    "ie-passport-online": ((715, None), (951, None)),
    "id-evisa": ((400, None), (600, None)),
    "ng-passport": ((413, None), (531, None)),
}


@pytest.mark.parametrize("doc_id", sorted(PER_SIDE))
def test_per_side_pixel_limits(doc_id: str) -> None:
    doc = CATALOG.get(doc_id)
    sides = (_pixels(doc.width_mm, doc.dpi), _pixels(doc.height_mm, doc.dpi))
    for side, (low, high) in zip(sides, PER_SIDE[doc_id], strict=True):
        assert side >= low
        assert high is None or side <= high
