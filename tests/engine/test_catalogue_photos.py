"""Every document of the catalogue gets a photo whose geometry meets its own rules."""

from __future__ import annotations

import cv2
import pytest

from anyidphoto.engine import make_photo
from anyidphoto.specs import load_catalog

from .. import measure, photos

GEOMETRY = ("head_height", "eye_line", "face_centered", "pixel_size", "file_size")
TOLERANCE_MM = 0.3


@pytest.fixture(scope="module")
def portrait() -> bytes:
    # 2.5x the sample: a 1280 px portrait, as a phone crop would give.
    big = cv2.resize(photos.astronaut(), None, fx=2.5, fy=2.5, interpolation=cv2.INTER_CUBIC)
    return photos.encode(big)


@pytest.mark.parametrize("doc_id", [d.id for d in load_catalog()])
def test_document_photo_meets_its_geometry(doc_id, portrait, models):
    spec = load_catalog().get(doc_id)
    # Replaced, whatever the document prefers: the crown is measured against its colour.
    photo = make_photo(portrait, spec, keep_background=False, models=models)
    failed = {c.id: (c.measured, c.expected) for c in photo.report.checks if c.status == "fail"}
    assert not set(failed) & set(GEOMETRY), failed
    colour = tuple(int(spec.background[0][i : i + 2], 16) for i in (1, 3, 5))
    g = measure.measure(photo.image, photo.canvas.height_mm, colour)
    if spec.eye_line_mm:
        low, high = spec.eye_line_mm
        assert low - TOLERANCE_MM <= g.eye_line_mm <= high + TOLERANCE_MM, g
    if spec.head_measure == "hair":
        low, high = spec.head_height_mm
        assert low - TOLERANCE_MM <= g.head_height_mm <= high + TOLERANCE_MM, g
