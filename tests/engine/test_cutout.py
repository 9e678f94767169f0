"""The cut-out: the same person comes out the same on any background, the face always whole."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from anyidphoto.engine import make_photo
from anyidphoto.engine.face import face_polygon
from anyidphoto.engine.models import get_models

from .. import cutout, photos

US = "us-passport"


class _HoledSegmenter:
    """The bundled models, but the segmenter misses the middle of what it is shown."""

    def __init__(self, models) -> None:
        self._models = models

    def __getattr__(self, name):
        return getattr(self._models, name)

    def segment(self, rgb: np.ndarray) -> np.ndarray:
        mask = self._models.segment(rgb).copy()
        rows, cols = mask.shape
        cv2.circle(mask, (cols // 2, rows // 2), rows // 6, 0.0, -1)
        return mask


def _face_mask(photo) -> np.ndarray:
    mask = np.zeros(photo.image.shape[:2], np.uint8)
    cv2.fillPoly(mask, [face_polygon(photo.face)], 1)
    return cv2.erode(mask, np.ones((3, 3), np.uint8)) > 0


def test_the_face_is_never_given_the_background_even_when_the_segmenter_misses_it():
    portrait = photos.on_colour(photos.astronaut(), (200, 200, 200))
    photo = make_photo(photos.encode(portrait), US, models=_HoledSegmenter(get_models()))
    face = _face_mask(photo)
    assert face.sum() > 10_000
    assert photo.alpha[face].min() == 1.0
    # Measured on the pixels: no face pixel is the new white.
    white = (photo.image[face] >= 250).all(axis=1)
    assert white.sum() == 0


@pytest.mark.parametrize("background", ["skin-coloured-wall", "bright-window", "cafe-table"])
def test_no_face_pixel_is_background_on_hard_walls(background):
    photo = cutout.made_on("astronaut", background, US)
    face = _face_mask(photo)
    assert photo.alpha[face].min() == 1.0
