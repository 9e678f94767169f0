"""The engine's models on LiteRT: the same calls as :class:`.models.Models`, with
MediaPipe's graphs' steps written out (:mod:`.blazeface`, :mod:`.facemesh`,
:mod:`.handmarks`, :mod:`.segmenter`) around the same ``.tflite`` files.

The one difference is the face mesh: MediaPipe's refined mesh runs
``face_landmark_with_attention.tflite``, whose custom operator LiteRT does not
have; here the plain mesh (468 points) takes each eye's contour and brow from the
iris model, laid out by MediaPipe's own refinement map, and the irises (points
468 to 477). The lips stay the plain mesh's.
"""

from __future__ import annotations

import numpy as np

from . import blazeface, facemesh, handmarks, segmenter


class LiteModels:
    """The face detectors, the mesh with irises, the hands and the person segmenter."""

    def __init__(self) -> None:
        blank = np.full((192, 192, 3), 128, np.uint8)
        # Each model loaded and run once, so the first real photo pays no start-up cost.
        self.detect(blank, far=True)
        self.detect(blank, far=False)
        facemesh.mesh(blank)
        facemesh._model()(np.zeros((192, 192, 3), np.float32))
        facemesh._iris_model()(np.zeros((64, 64, 3), np.float32))
        self.hands(blank)
        handmarks._model()(np.zeros((224, 224, 3), np.float32))
        self.segment(blank)

    def detect(
        self, rgb: np.ndarray, *, far: bool
    ) -> list[tuple[float, float, float, float, float]]:
        """Face boxes as ``(x0, y0, x1, y1, score)`` in pixels of ``rgb``."""
        detector = blazeface.FULL_RANGE if far else blazeface.SHORT_RANGE
        return [(*face.box, face.score) for face in blazeface.detect(rgb, detector)]

    def mesh(self, rgb: np.ndarray) -> np.ndarray | None:
        """478 landmarks as an ``(478, 3)`` float array of ``(x, y, z)`` pixels, or None."""
        points = facemesh.mesh(rgb)
        if points is None:
            return None
        return facemesh.refined(rgb, points)

    def hands(self, rgb: np.ndarray) -> list[np.ndarray]:
        """Each hand found as a ``(21, 2)`` float array of ``(x, y)`` pixels of ``rgb``."""
        return handmarks.hands(rgb)

    def segment(self, rgb: np.ndarray) -> np.ndarray:
        """Person probability in ``[0, 1]``, float32, same rows and cols as ``rgb``."""
        return segmenter.segment(rgb)
