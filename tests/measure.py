"""Independent measurement of a finished photo, in millimetres.

Nothing here uses the engine's landmarks or matte. The eye line and the chin
come from the hand annotations of the original portrait, carried into the
finished photo by SIFT feature registration (a similarity map fitted with
RANSAC on the person's pixels); the crown is the first row, scanning down
the central columns, that differs from the known background colour.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from . import photos


@dataclass(frozen=True)
class Geometry:
    """Measured positions on a finished photo, mm (vertical ones from the bottom edge)."""

    eye_line_mm: float
    chin_mm: float
    crown_mm: float
    face_offset_mm: float
    roll_deg: float

    @property
    def head_height_mm(self) -> float:
        """Chin to top of hair."""
        return self.crown_mm - self.chin_mm


def register(original: np.ndarray, photo: np.ndarray, around: np.ndarray) -> np.ndarray:
    """The 2x3 similarity map from ``original``'s pixels to ``photo``'s, by SIFT + RANSAC.

    Features are taken from ``original`` within a box around the annotated
    points ``around`` (N, 2), where the person is, not the old background.
    """
    sift = cv2.SIFT_create()
    g1 = cv2.cvtColor(original, cv2.COLOR_RGB2GRAY)
    g2 = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY)
    mask = np.zeros(g1.shape, np.uint8)
    span = np.ptp(around, axis=0).max()
    (x0, y0), (x1, y1) = around.min(axis=0) - span * 0.6, around.max(axis=0) + span * 0.3
    mask[max(0, int(y0)) : int(y1), max(0, int(x0)) : int(x1)] = 255
    k1, d1 = sift.detectAndCompute(g1, mask)
    k2, d2 = sift.detectAndCompute(g2, None)
    matches = cv2.BFMatcher(cv2.NORM_L2).knnMatch(d1, d2, k=2)
    good = [m for m, n in (p for p in matches if len(p) == 2) if m.distance < 0.75 * n.distance]
    assert len(good) >= 12, f"registration found only {len(good)} matches"
    src = np.float32([k1[m.queryIdx].pt for m in good])
    dst = np.float32([k2[m.trainIdx].pt for m in good])
    matrix, inliers = cv2.estimateAffinePartial2D(
        src, dst, method=cv2.RANSAC, ransacReprojThreshold=2.0
    )
    assert matrix is not None and inliers.sum() >= 10
    return matrix


def crown_row(
    photo: np.ndarray, background: tuple[int, int, int], centre_x: float, half_width: float
) -> int:
    """First row from the top where a central pixel differs from ``background`` by more than 40."""
    c0, c1 = int(centre_x - half_width), int(centre_x + half_width)
    band = photo[:, c0:c1].astype(np.int32)
    diff = np.abs(band - np.array(background)).sum(axis=2)
    rows = np.flatnonzero((diff > 40).sum(axis=1) >= 3)
    return int(rows[0]) if rows.size else photo.shape[0]


def measure(
    photo: np.ndarray,
    height_mm: float,
    background: tuple[int, int, int],
    *,
    mirrored: bool = False,
    subject: photos.Subject = photos.ASTRONAUT,
) -> Geometry:
    """Geometry of a finished photo made from ``subject``'s portrait (or its mirror)."""
    original = subject.load()
    points = np.array([subject.left_pupil, subject.right_pupil, subject.chin])
    if mirrored:
        original = original[:, ::-1].copy()
        points[:, 0] = original.shape[1] - 1 - points[:, 0]
    matrix = register(original, photo, points)
    mapped = points @ matrix[:, :2].T + matrix[:, 2]
    left, right, chin = mapped
    px_per_mm = photo.shape[0] / height_mm
    eye_y = (left[1] + right[1]) / 2
    eye_x = (left[0] + right[0]) / 2
    half = abs(right[0] - left[0]) * 0.5
    crown = crown_row(photo, background, eye_x, half)
    rows = photo.shape[0]
    return Geometry(
        eye_line_mm=(rows - eye_y) / px_per_mm,
        chin_mm=(rows - chin[1]) / px_per_mm,
        crown_mm=(rows - crown) / px_per_mm,
        face_offset_mm=abs(eye_x - photo.shape[1] / 2) / px_per_mm,
        roll_deg=float(np.degrees(np.arctan2(right[1] - left[1], right[0] - left[0]))),
    )
