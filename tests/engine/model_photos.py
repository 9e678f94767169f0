"""The photos the face and person models are compared on: test portraits, their
copies (rotated, mirrored, in a wide frame) and the real problem photos from packages,
each scaled to 384 px at most, as the engine gives them to the detectors."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np

from .. import photos
from ..judgement import PROBLEMS

#: The engine's detection size (``face._DETECT_SIDE``), in pixels.
SIDE = 384


def _fit(rgb: np.ndarray) -> np.ndarray:
    scale = SIDE / max(rgb.shape[:2])
    if scale >= 1:
        return rgb
    size = (round(rgb.shape[1] * scale), round(rgb.shape[0] * scale))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


def reference_photos() -> Iterator[tuple[str, np.ndarray]]:
    """``(name, rgb)`` pairs, the same on every run."""
    yield "astronaut", _fit(photos.astronaut())
    yield "astronaut rotated 10", _fit(photos.rotated(10).pixels)
    yield "astronaut mirrored", _fit(photos.mirrored().pixels)
    yield "astronaut in a wide frame", _fit(photos.in_large_frame(1200, 900, factor=1.0).pixels)
    for problem in PROBLEMS:
        yield problem.name, _fit(problem.load())
