"""Separating the person from the background, and finding the crown.

An alpha matte is a float32 array in ``[0, 1]`` (1 = person) with the rows
and columns of its image.
"""

from __future__ import annotations

import cv2
import numpy as np

from .face import FOREHEAD, Face
from .models import Models

#: Largest side the matte is refined at, pixels; larger images are refined
#: at this size and the matte scaled up.
_REFINE_SIDE = 1024


def person_alpha(rgb: np.ndarray, models: Models) -> np.ndarray:
    """The person's matte for ``rgb``: the segmenter's mask refined on the image's edges."""
    coarse = models.segment(rgb)
    return refine_alpha(coarse, rgb)


def refine_alpha(coarse: np.ndarray, rgb: np.ndarray) -> np.ndarray:
    """Snap a coarse matte to the image's edges with a guided filter.

    The guided filter (He et al. 2013) keeps the matte's values but makes its
    transitions follow the guide image, so hair strands and the jaw line are
    cut where the picture changes, not on the segmenter's 256 px grid. The
    radius scales with the image (about 1/80 of its shorter side).
    """
    rows, cols = rgb.shape[:2]
    factor = min(1.0, _REFINE_SIDE / max(rows, cols))
    guide = (
        rgb
        if factor >= 1
        else cv2.resize(rgb, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    )
    small = (
        coarse
        if factor >= 1
        else cv2.resize(coarse, guide.shape[1::-1], interpolation=cv2.INTER_AREA)
    )
    # Sharpen the segmenter's soft ramp first, so the filter has a clear inside and outside.
    small = np.clip((small.astype(np.float32) - 0.5) * 2.5 + 0.5, 0, 1)
    radius = max(2, round(min(guide.shape[:2]) / 80))
    fine = cv2.ximgproc.guidedFilter(guide, small, radius, 1e-3)
    fine = np.clip(fine, 0, 1).astype(np.float32)
    if factor < 1:
        fine = cv2.resize(fine, (cols, rows), interpolation=cv2.INTER_LINEAR)
    return fine


def crown_row(alpha: np.ndarray, face: Face, *, threshold: float = 0.5) -> float | None:
    """Row of the top of the head (hair included) above ``face``, pixels; None if not seen.

    Only the person region joined to the forehead counts (a background blob
    classed as person does not raise the crown), thin protrusions are opened
    away, and only columns within the central part of the face count (a
    raised hand or shoulder does not).
    The row is interpolated to sub-pixel precision from the matte's values.
    The face must be upright in ``alpha``'s frame.
    """
    rows, cols = alpha.shape
    seed_x, seed_y = (int(round(v)) for v in face.point(FOREHEAD))
    if not (0 <= seed_x < cols and 0 <= seed_y < rows):
        return None
    solid = (alpha >= threshold).astype(np.uint8)
    # An opening with a disc a third of the eye distance removes narrow things
    # stuck to the head (a stray strand, a frame edge behind it) but leaves the
    # skull's curve, whose radius is several times larger, where it is.
    size = max(3, int(face.eye_distance / 3) | 1)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    solid = cv2.morphologyEx(solid, cv2.MORPH_OPEN, disc)
    count, labels = cv2.connectedComponents(solid, connectivity=4)
    label = labels[seed_y, seed_x]
    if label == 0:
        # The forehead itself reads as background: look just below it.
        below = labels[seed_y : min(rows, seed_y + 20), seed_x]
        label = next((v for v in below if v), 0)
        if label == 0:
            return None
    width = abs(face.right_eye[0] - face.left_eye[0]) * 1.1
    cx = float(face.eye_mid[0])
    c0, c1 = max(0, int(cx - width / 2)), min(cols, int(cx + width / 2) + 1)
    band = labels[: seed_y + 1, c0:c1] == label
    hits = np.flatnonzero(band.any(axis=1))
    if hits.size == 0:
        return None
    top = int(hits[0])
    # Sub-pixel: where the column profile crosses the threshold above ``top``.
    column = int(np.argmax(band[top])) + c0
    if top > 0:
        above, at = float(alpha[top - 1, column]), float(alpha[top, column])
        if at > above:
            return top - (at - threshold) / (at - above) + 0.5
    return float(top)


def estimate_foreground(rgb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """The person's own colours where the matte is partial (hair, edges).

    An edge pixel mixes the person's colour with the old background's; keeping
    it as is leaves a halo of the old background around the hair. This is the
    blur-fusion estimate of Forte and Pitie ("Approximate fast foreground
    colour estimation", ICIP 2021): two passes of local means of foreground
    and background, large then small radius. Written here rather than taken
    from pymatting because it runs in milliseconds with OpenCV's box filters
    and needs no JIT warm-up. Returns float32 RGB in ``[0, 1]``.
    """
    image = rgb.astype(np.float32) / 255.0
    a = alpha[..., None].astype(np.float32)
    fg, bg = image, image
    base = max(3, round(min(alpha.shape) / 6))
    for radius in (base | 1, max(3, base // 6) | 1):
        fg, bg = _blur_fusion(image, a, fg, bg, radius)
    return np.clip(fg, 0, 1)


def _blur_fusion(
    image: np.ndarray, a: np.ndarray, fg: np.ndarray, bg: np.ndarray, radius: int
) -> tuple[np.ndarray, np.ndarray]:
    size = (radius, radius)
    blurred_a = cv2.blur(a[..., 0], size)[..., None]
    blurred_fa = cv2.blur(fg * a, size)
    blurred_f = blurred_fa / (blurred_a + 1e-5)
    blurred_b1a = cv2.blur(bg * (1 - a), size)
    blurred_b = blurred_b1a / ((1 - blurred_a) + 1e-5)
    fg = blurred_f + a * (image - a * blurred_f - (1 - a) * blurred_b)
    return np.clip(fg, 0, 1), np.clip(blurred_b, 0, 1)
