"""Keeping the photo's own background where the authority refuses a replaced one."""

from __future__ import annotations

import numpy as np
import pytest

from anyidphoto.engine import make_photo
from anyidphoto.specs import load_catalog

from .. import cutout, photos

GREY = (220, 220, 220)  # Germany's preferred light grey, #dcdcdc


def _shaded_wall(shape, colour=GREY) -> np.ndarray:
    """A plain wall lit from one side: 85 % of its colour on the left to 110 % on the right."""
    ramp = np.linspace(0.85, 1.1, shape[1])[None, :, None]
    return np.clip(np.full(shape, colour, np.float32) * ramp, 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def on_grey() -> bytes:
    subject = cutout.astronaut()
    return photos.encode(subject.on(_shaded_wall(subject.image.shape)))


def test_the_catalogue_says_who_refuses_a_replaced_background_and_why():
    catalog = load_catalog()
    for doc in ("de-passport", "fr-passport", "gb-passport", "ca-passport"):
        spec = catalog.get(doc)
        assert spec.background_replacement == "refused"
        assert len(spec.replacement_source) > 20
    assert catalog.get("us-passport").background_replacement == "discouraged"
    rules = {spec.background_replacement for spec in catalog}
    assert rules <= {"allowed", "discouraged", "refused"}
    assert catalog.get("de-passport").to_dict()["background_replacement"] == "refused"


def test_a_refusing_document_keeps_the_photos_own_background_evened_out(on_grey):
    photo = make_photo(on_grey, "de-passport")
    assert photo.report.check("background_edit").measured == "kept"
    # The wall is the photo's own grey, no longer the document's replacement colour
    # painted flat, and its side-to-side fall-off is evened out.
    wall = photo.image[:40].reshape(-1, 3).astype(float)
    assert wall.std(axis=0).max() > 0.3  # not a painted colour
    left, right = photo.image[:60, :40].mean(), photo.image[:60, -40:].mean()
    source = _shaded_wall((1, 512, 3))[0]
    assert abs(left - right) < 0.3 * abs(float(source[0, 0]) - float(source[-1, 0]))
    assert photo.report.check("background_uniform").status == "pass"
    assert photo.report.check("background_color").status == "pass"
    assert photo.report.check("background_edit").status == "pass"


def test_replacing_it_anyway_fails_the_document_that_refuses_it(on_grey):
    check = make_photo(on_grey, "de-passport", keep_background=False).report.check(
        "background_edit"
    )
    assert check.status == "fail"
    assert check.code == "background_edit.refused"
    assert "Keep your own background" in check.advice


def test_a_plain_accepted_wall_is_offered_to_be_kept_where_replacement_is_discouraged(on_grey):
    # Schengen accepts light grey (#e6e6e6) and discourages replacement (ICAO 9303).
    check = make_photo(on_grey, "schengen-visa").report.check("background_edit")
    assert (check.status, check.measured, check.code) == (
        "pass", "replaced", "background_edit.keepable",
    )  # fmt: skip
    busy = photos.encode(cutout.astronaut().on(cutout.BACKGROUNDS["brick"](cutout.astronaut())))
    assert make_photo(busy, "schengen-visa").report.check("background_edit").code == (
        "background_edit.discouraged"
    )
    # In the garage, a yellow and blue piece of it stays on her hair's edge.
    garage = cutout.BACKGROUNDS["garage"](cutout.astronaut())
    busy = photos.encode(cutout.astronaut().on(garage))
    assert make_photo(busy, "schengen-visa").report.check("background_edit").code == (
        "background_edit.attached_fail"
    )


def test_keeping_a_busy_background_fails_the_background_checks():
    subject = cutout.astronaut()
    busy = photos.encode(subject.on(cutout.BACKGROUNDS["garage"](subject)))
    report = make_photo(busy, "de-passport").report
    assert report.check("background_edit").measured == "kept"
    assert report.check("background_uniform").status == "fail"
    assert not report.compliant
