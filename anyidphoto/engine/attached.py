"""Pieces of an old background left attached to the head's outline.

A segmenter that joins an object to the head (a dark frame above the hair, a
lamp beside an ear) hands it on as the person to every later look, the
finished photo's own included, so no test of the background sees it: it
lies inside the person's outline. What gives it away is its colour. A
person's outline has the colours of the person's own inside (hair, skin,
a head covering, a collar); a piece of the room has colours the person
nowhere else has, and it sits *on* the outline, against the new wall.
"""

from __future__ import annotations

import cv2
import numpy as np

from .face import Face, face_polygon
from .resample import HALF, halve

# The person's own colours are sampled deeper inside than this, eye
# distances from the outline (the outline's pixels are mixed with the wall:
# a soft edge is about a tenth of an eye distance wide on a finished photo),
# and inside the face oval. Colours are compared in CIELAB with lightness at
# half weight (shading moves lightness far more than hue), binned by 4 of
# those units; a bin holding under 0.2 % of the samples is noise, not a
# colour.
DEPTH = 0.4
_WEIGHT = np.array([0.5, 1.0, 1.0], np.float32)
_BIN = 4.0
# Bins per side of a* and b* (+-128 in steps of 4), and all the codes
# (lightness 0-50 after weighting, in steps of 4).
_SIDE = 66
_CODES = 14 * _SIDE * _SIDE
PALETTE_SHARE = 0.002
# A colour this far (between bin centres, lightness at half weight) from
# every colour of the person is foreign. Hair in its own shadow and highlight, a cap's badge,
# skin at the jaw: all within 14 of some sampled bin on the test portraits;
# a dark green room behind blond hair, 40 and more.
FOREIGN_DELTA = 18.0
# A foreign piece counts only if this share of its edge lies on the
# person's outline (an object against the wall; a pupil, a badge or a
# shadow inside the head touches no wall), and only its parts thicker than
# a sixteenth of an eye distance (about 0.2 mm on a passport photo): a
# one-pixel rim of the old wall is the fringe test's, not this one's.
CONTACT = 0.4
THICKNESS = 1.0 / 16


def foreign_share(image: np.ndarray, alpha: np.ndarray, face: Face) -> float:
    """The share of the face's area covered by foreign pieces on the head's outline, percent.

    ``image`` is the finished photo (RGB uint8), ``alpha`` the matte that
    made it (0-1), ``face`` its mesh in the same pixels. Looked at on a
    half-size copy, above the mouth (below it, the clothes' colours are the
    person's and a collar meets the wall along its whole edge), outside the
    face oval grown by 0.3 eye distance (the face itself is never a
    remnant), within :data:`DEPTH` of the outline. A piece there counts when
    its colour is over :data:`FOREIGN_DELTA` from every colour sampled
    inside the person, :data:`CONTACT` of its edge meets the wall, and it
    is thicker than :data:`THICKNESS` eye distances.
    """
    small, a = halve(image), halve(alpha)
    rows, cols = a.shape
    f = face.transformed(HALF)
    eye = max(1.0, float(f.eye_distance))
    chin, eye_y = float(f.chin[1]), float(f.eye_mid[1])
    mouth = int(np.clip(round(chin - 0.5 * (chin - eye_y)), 1, rows))
    # Everything measured lies above the mouth row: work on those rows only.
    small, person = small[:mouth], (a[:mouth] >= 0.5).astype(np.uint8)
    if cv2.countNonZero(person) == 0:
        return 0.0
    outline = face_polygon(f)
    oval_area = max(1.0, cv2.contourArea(outline.astype(np.float32)))
    oval = np.zeros((mouth, cols), np.uint8)
    cv2.fillPoly(oval, [outline], 1)
    grow = max(1, round(0.3 * eye))
    grown = cv2.dilate(oval, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1,) * 2))
    depth = cv2.distanceTransform(person, cv2.DIST_L2, 3)
    inner = (person > 0) & (depth > DEPTH * eye)
    core = cv2.erode(oval, np.ones((5, 5), np.uint8)) > 0
    zone = (person > 0) & (grown == 0) & ~inner
    if not zone.any():
        return 0.0
    lab = cv2.cvtColor(small.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    palette = _palette(lab[inner | core])
    background = lab[person == 0]
    if len(palette) == 0 or len(background) == 0:
        return 0.0
    # A piece of the wall's own colour is no remnant to the eye, whatever it is.
    palette = np.vstack([palette, np.median(background[::7], axis=0)[None] * _WEIGHT])
    codes = _codes(lab[zone])
    seen = np.flatnonzero(np.bincount(codes, minlength=_CODES))
    centres = _centres(seen)
    nearest = np.sqrt(((centres[:, None, :] - palette[None]) ** 2).sum(-1)).min(1)
    foreign = np.zeros(_CODES, np.uint8)
    foreign[seen] = nearest > FOREIGN_DELTA
    off = np.zeros((mouth, cols), np.uint8)
    off[zone] = foreign[codes]
    wall = cv2.dilate(1 - person, np.ones((5, 5), np.uint8)) > 0
    count, labels = cv2.connectedComponents(off, connectivity=8)
    edge = (off > 0) & (cv2.erode(off, np.ones((3, 3), np.uint8)) == 0)
    edge_px = np.bincount(labels[edge], minlength=count)
    on_wall = np.bincount(labels[edge & wall], minlength=count)
    touching = on_wall >= CONTACT * np.maximum(edge_px, 1)
    touching[0] = False
    kept = touching[labels].astype(np.uint8)
    thick = max(3, round(THICKNESS * eye)) | 1
    kept = cv2.morphologyEx(kept, cv2.MORPH_OPEN, np.ones((thick, thick), np.uint8))
    return round(100.0 * cv2.countNonZero(kept) / oval_area, 2)


def _codes(lab: np.ndarray) -> np.ndarray:
    """CIELAB values ``(N, 3)`` to the integer codes of their bins, lightness at half weight."""
    bins = np.round(lab * _WEIGHT / _BIN).astype(np.int32)
    bins[:, 1:] = np.clip(bins[:, 1:] + _SIDE // 2, 0, _SIDE - 1)
    return (bins[:, 0] * _SIDE + bins[:, 1]) * _SIDE + bins[:, 2]


def _centres(codes: np.ndarray) -> np.ndarray:
    """Bin codes back to their centres, in the weighted CIELAB of :func:`_codes`."""
    light, rest = np.divmod(codes, _SIDE * _SIDE)
    a, b = np.divmod(rest, _SIDE)
    return np.stack([light, a - _SIDE // 2, b - _SIDE // 2], axis=1).astype(np.float32) * _BIN


def _palette(samples: np.ndarray) -> np.ndarray:
    """The centres of the bins holding at least :data:`PALETTE_SHARE` of ``samples``."""
    if len(samples) == 0:
        return np.zeros((0, 3), np.float32)
    counts = np.bincount(_codes(samples), minlength=_CODES)
    return _centres(np.flatnonzero(counts >= max(2, PALETTE_SHARE * len(samples))))
