"""Every entry of the official compilation has a catalogue counterpart that agrees with it.

The compilation (``reference/official-specs-2026-11.yaml``) holds 41 documents'
rules from copies of the authorities' pages, each number with its source and
a confidence; it lives with the tests so that a clone anywhere runs them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from anyidphoto.specs import load_catalog

OFFICIAL = Path(__file__).parent / "reference" / "official-specs-2026-11.yaml"

# official id -> catalogue id
MAPPING = {
    "us_passport_print": "us-passport",
    "us_passport_online_renewal": "us-passport-online-renewal",
    "us_visa_ds160": "us-visa",
    "us_dv_lottery": "us-dv-lottery",
    "ca_passport_print": "ca-passport",
    "ca_passport_online_digital": "ca-passport-online",
    "ca_trv_visa": "ca-visa",
    "uk_passport_print": "gb-passport",
    "uk_passport_digital": "gb-passport-digital",
    "schengen_visa": "schengen-visa",
    "de_passport_id": "de-passport",
    "fr_passport_cni": "fr-passport",
    "it_passport_cie": "it-passport",
    "es_dni_passport": "es-passport",
    "nl_passport": "nl-passport",
    "ie_passport": "ie-passport",
    "au_passport": "au-passport",
    "nz_passport_digital": "nz-passport-online",
    "in_passport": "in-passport",
    "in_evisa": "in-evisa",
    "cn_passport": "cn-passport",
    "cn_visa": "cn-visa",
    "jp_passport": "jp-passport",
    "kr_passport": "kr-passport",
    "sg_passport": "sg-passport",
    "my_passport": "my-passport",
    "ph_passport": "ph-passport",
    "id_evisa": "id-evisa",
    "th_visa": "th-visa",
    "vn_evisa": "vn-evisa",
    "br_visa": "br-visa",
    "mx_visa": "mx-visa",
    "ru_passport_internal": "ru-internal-passport",
    "ru_passport_international": "ru-passport",
    "tr_passport": "tr-passport",
    "ae_icp_passport_eid": "ae-passport",
    "sa_evisa": "sa-evisa",
    "za_passport_visa": "za-passport",
    "ng_passport": "ng-passport",
    "il_passport": "il-passport",
    "ch_passport_id": "ch-passport",
}


@pytest.fixture(scope="module")
def official() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(OFFICIAL.read_text(encoding="utf-8"))
    return {doc["id"]: doc for doc in data["documents"]}


def test_mapping_covers_every_official_entry(official: dict[str, dict[str, Any]]) -> None:
    assert len(official) == 41
    assert set(MAPPING) == set(official)
    assert len(set(MAPPING.values())) == len(MAPPING), "one catalogue entry per official entry"


def _size_matches(value: float, official_value: Any) -> bool:
    """Equal, or inside an official range; 0.5 mm allows an exact inch conversion (50.8 for 51)."""
    if isinstance(official_value, list):
        return official_value[0] <= value <= official_value[1]
    return abs(value - official_value) <= 0.5


def _range_matches(value: tuple[float, float], official_value: list[float]) -> bool:
    """Same range to under 1 mm at each end: the reference rounds inch rules to whole
    millimetres (1-1/8 in = 28.575 mm is written 28), the catalogue converts them exactly."""
    return all(abs(a - b) < 1.0 for a, b in zip(value, official_value, strict=True))


@pytest.mark.parametrize("official_id", sorted(MAPPING))
def test_counterpart_agrees(official: dict[str, dict[str, Any]], official_id: str) -> None:
    ref = official[official_id]
    doc = load_catalog().get(MAPPING[official_id])
    assert doc.verified == dt.date(2026, 11, 26)
    assert any(official_id in source for source in doc.sources), "cites the official entry"
    for field, value in (("photo_width_mm", doc.width_mm), ("photo_height_mm", doc.height_mm)):
        if isinstance(ref.get(field), (int, float, list)):
            assert _size_matches(value, ref[field]), (field, value, ref[field])
    head = ref.get("head_height_mm")
    if isinstance(head, list):
        assert _range_matches(doc.head_height_mm, head), (doc.head_height_mm, head)
    elif isinstance(ref.get("head_height_pct"), list):
        pct_lo, pct_hi = ref["head_height_pct"]
        assert doc.head_height_mm[0] == pytest.approx(pct_lo / 100 * doc.height_mm, abs=1.0)
        assert doc.head_height_mm[1] == pytest.approx(pct_hi / 100 * doc.height_mm, abs=1.0)
    eye = ref.get("eye_line_from_bottom_mm")
    if isinstance(eye, list):
        assert doc.eye_line_mm is not None and _range_matches(doc.eye_line_mm, eye)


@pytest.mark.parametrize(
    ("official_id", "glasses"),
    [
        ("us_passport_print", "banned"),
        ("us_dv_lottery", "banned"),
        ("uk_passport_print", "banned"),
        ("au_passport", "banned"),
        ("ca_passport_print", "allowed"),
        ("de_passport_id", "allowed"),
        ("jp_passport", "allowed"),
        ("mx_visa", "banned"),
    ],
)
def test_glasses_rules(official: dict[str, dict[str, Any]], official_id: str, glasses: str) -> None:
    assert official_id in official
    assert load_catalog().get(MAPPING[official_id]).glasses == glasses


def test_digital_limits_follow_official(official: dict[str, dict[str, Any]]) -> None:
    catalog = load_catalog()
    for official_id, doc_id in MAPPING.items():
        ref_digital = official[official_id].get("digital") or {}
        doc = catalog.get(doc_id)
        file_kb = ref_digital.get("file_kb")
        if isinstance(file_kb, list) and doc.digital is not None:
            assert doc.digital.max_kb == file_kb[1], doc_id
            if file_kb[0] is not None:
                assert doc.digital.min_kb == file_kb[0], doc_id
        exact = ref_digital.get("exact_px")
        if exact:
            assert doc.digital is not None
            assert (doc.digital.width_px, doc.digital.height_px) == tuple(exact), doc_id


def test_french_photos_refuse_white() -> None:
    assert "#ffffff" not in load_catalog().get("fr-passport").background
