"""Hands in front of the face: how much of the face a hand covers.

ICAO Doc 9303 part 3 and ISO/IEC 39794-5 annex D ask for a face that nothing
covers: no hand, no hair across the eyes, no object. The face mesh cannot
tell, for it draws a whole face even behind fingers. MediaPipe's hand models
(palm detection and 21 hand landmarks, shipped in its wheel) find the hand
itself; the share of the mesh's face outline that the hand's shape covers
is the measure.
"""

from __future__ import annotations

import cv2
import numpy as np

from .face import Face
from .models import Models
from .resample import shrink

#: Longest side of the photo as the hand model sees it, pixels: its palm
#: detector works at 192 px, so more only costs time. The whole photo is seen,
#: not a square round the face: a palm held up to the camera reaches past it.
HAND_INPUT_MAX = 384

#: A hand's shape is its 21 landmarks' outline grown by this many eye
#: distances on each side: the landmarks are the joints, down the middle of
#: each finger, and a finger is about a third of an eye distance wide.
FINGER_HALF_WIDTH = 0.15


def hands_in(rgb: np.ndarray, models: Models) -> list[np.ndarray]:
    """The hands found in ``rgb``, each ``(21, 2)`` landmarks in pixels of ``rgb``."""
    rows, cols = rgb.shape[:2]
    factor = min(1.0, HAND_INPUT_MAX / max(rows, cols))
    if factor < 1.0:
        size = (max(1, round(cols * factor)), max(1, round(rows * factor)))
        seen = shrink(rgb, size)
        scale = np.array([cols / size[0], rows / size[1]])
    else:
        seen, scale = rgb, np.ones(2)
    return [hand * scale for hand in models.hands(np.ascontiguousarray(seen))]


def hand_cover(face_px: np.ndarray, face: Face, hands: list[np.ndarray]) -> float:
    """Share of the face outline's pixels (``face_px``, bool) under a hand, 0 to 1."""
    area = int(face_px.sum())
    if area == 0 or not hands:
        return 0.0
    covered = np.zeros(face_px.shape, np.uint8)
    grow = max(1, round(FINGER_HALF_WIDTH * face.eye_distance))
    for hand in hands:
        hull = cv2.convexHull(np.round(hand).astype(np.int32))
        cv2.fillPoly(covered, [hull], 1)
    covered = cv2.dilate(covered, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1,) * 2))
    return float(np.count_nonzero(covered.astype(bool) & face_px)) / area
