"""Separating the person from the background, and finding the crown.

An alpha matte is a float32 array in ``[0, 1]`` (1 = person) with the rows
and columns of its image.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .face import FOREHEAD, Face, face_polygon, skull_top_y
from .models import SEGMENT_SIDE, Models
from .resample import chain, double, halve, shrink, warp
from .timing import stage

#: Largest side the matte is refined at, pixels; larger images are refined
#: at this size and the matte scaled up. The finished photo's matte is
#: refined once more at its own size (:func:`refine_alpha` with no limit).
_REFINE_SIDE = 480


def person_alpha(rgb: np.ndarray, models: Models) -> np.ndarray:
    """The person's matte for ``rgb``: the segmenter's mask refined on the image's edges."""
    with stage("segment person: model"):
        coarse = models.segment(rgb)
    with stage("segment person: refine"):
        return refine_alpha(coarse, rgb)


def quick_alpha(rgb: np.ndarray, models: Models, seed: tuple[float, float]) -> np.ndarray:
    """The segmenter's person on ``rgb`` without refinement, float32 at ``rgb``'s size.

    A second opinion on a finished photo for the checks that must not trust
    the matte that made it: handed the segmenter at its own input size and
    sharpened, pieces not joined to the person at ``seed`` (x, y pixels of
    ``rgb``) dropped on that grid, with no edge refinement (the checks read
    it at half size).
    """
    rows, cols = rgb.shape[:2]
    small = shrink(rgb, (SEGMENT_SIDE, SEGMENT_SIDE))
    coarse = sharpen_matte(models.segment(small))
    at = (seed[0] * SEGMENT_SIDE / cols, seed[1] * SEGMENT_SIDE / rows)
    coarse = keep_person(coarse, at)
    return cv2.resize(coarse, (cols, rows), interpolation=cv2.INTER_LINEAR)


#: The head's closer look spans this many head heights (chin to skull top)
#: on a side, centred on the skull: room for big hair and a cap's crown.
_HEAD_LOOK_SPAN = 2.0


@dataclass(frozen=True)
class HeadLook:
    """The segmenter's person at a closer look at the head, in a region's frame.

    ``person`` is float32 in 0-1 (0 where the look did not reach); ``seen``
    (bool) is the square it saw, less a pixel of its border, where its
    "background" means something.
    """

    person: np.ndarray
    seen: np.ndarray


def head_look(
    pixels: np.ndarray,
    to_region: np.ndarray,
    size: tuple[int, int],
    face: Face,
    models: Models,
) -> HeadLook:
    """The segmenter's person at a closer look at the head, in a region's frame.

    The first look sees head and shoulders in 256 px; where a room has the
    hair's own colours (a cat's fur, a wooden wall) or a white cap meets a
    white wall, it loses part of the head, and where a room's object
    touches the head (a lamp, a window's glazing bar beside the jaw) it
    takes it for the person. A square of :data:`_HEAD_LOOK_SPAN` head
    heights round the skull, cut from ``pixels`` (the working image) at the
    segmenter's input size, gives it two to three times the detail there.
    ``to_region`` maps ``pixels`` to the region of ``size`` (cols, rows) in
    which ``face`` is; the result has that size.
    """
    top, chin = skull_top_y(face), float(face.chin[1])
    side = _HEAD_LOOK_SPAN * (chin - top)
    x0 = float(face.eye_mid[0]) - side / 2
    y0 = (top + chin) / 2 - side / 2
    k = SEGMENT_SIDE / side
    to_look = np.array([[k, 0, -x0 * k], [0, k, -y0 * k]])
    look = warp(pixels, chain(to_look, to_region), (SEGMENT_SIDE, SEGMENT_SIDE), border=None)
    person = models.segment(look)

    def back(values: np.ndarray, flags: int) -> np.ndarray:
        return cv2.warpAffine(values, to_look, size, flags=flags | cv2.WARP_INVERSE_MAP,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=0)  # fmt: skip

    square = back(np.ones((SEGMENT_SIDE, SEGMENT_SIDE), np.uint8), cv2.INTER_NEAREST)
    seen = cv2.erode(square, np.ones((3, 3), np.uint8)) > 0
    return HeadLook(back(person, cv2.INTER_LINEAR), seen)


def refine_alpha(
    coarse: np.ndarray, rgb: np.ndarray, *, max_side: int = _REFINE_SIDE, sharpen: float = 2.5
) -> np.ndarray:
    """Snap a coarse matte to the image's edges with a guided filter.

    The guided filter (He et al. 2013) keeps the matte's values but makes its
    transitions follow the guide image, so hair strands and the jaw line are
    cut where the picture changes, not on the segmenter's 256 px grid. The
    radius scales with the image (about 1/80 of its shorter side), and only a
    band of twice the radius either side of the outline is refined. Images
    larger than ``max_side`` are refined at that size; ``sharpen`` steepens
    the coarse ramp first (1 leaves it as it is).
    """
    rows, cols = rgb.shape[:2]
    factor = min(1.0, max_side / max(rows, cols))
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
    small = sharpen_matte(small, sharpen) if sharpen != 1 else small.astype(np.float32, copy=False)
    radius = max(2, round(min(guide.shape[:2]) / 80))
    # Only a band along the outline is the filter's to decide: elsewhere it
    # would copy the background's texture (a flag's stars) into the matte.
    # The band is every pixel whose window of 4 radii holds both sides.
    solid = (small >= 0.5).astype(np.uint8)
    window = cv2.getStructuringElement(cv2.MORPH_RECT, (4 * radius + 1, 4 * radius + 1))
    band = cv2.dilate(solid, window) > cv2.erode(solid, window)
    fine = fast_guided_filter(contrast_guide(guide, band), small, radius=radius, eps=1e-4)
    np.clip(fine, 0, 1, out=fine)
    np.copyto(fine, solid, where=~band, casting="unsafe")
    if factor < 1:
        fine = cv2.resize(fine, (cols, rows), interpolation=cv2.INTER_LINEAR)
    return fine


def fast_guided_filter(
    guide: np.ndarray, source: np.ndarray, *, radius: int, eps: float
) -> np.ndarray:
    """One-channel guided filter with its linear model fitted at half size.

    He and Sun, "Fast Guided Filter" (2015): the per-window fit ``q = a*I + b``
    is made on half-size copies and its smoothed coefficients are applied to
    the full-size guide, so edges keep full detail for a quarter of the work.
    ``guide`` and ``source`` are float32 in [0, 1]; ``radius`` in full-size
    pixels; ``eps`` on the guide's 0-1 scale.
    """
    rows, cols = source.shape
    small_i, small_p = halve(guide), halve(source)
    window = (2 * max(1, radius // 2) + 1,) * 2

    def mean(x: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(x, -1, window)

    mean_i, mean_p = mean(small_i), mean(small_p)
    var_i = mean(small_i * small_i) - mean_i * mean_i
    cov = mean(small_i * small_p) - mean_i * mean_p
    a = cov / (var_i + eps)
    b = mean_p - a * mean_i
    a, b = double(mean(a), (cols, rows)), double(mean(b), (cols, rows))
    return a * guide + b


def contrast_guide(rgb: np.ndarray, where: np.ndarray) -> np.ndarray:
    """One channel holding most of the colour contrast found ``where``, float32 in [0, 1].

    The pixels of the outline band are projected on their first principal
    colour axis: brightness for dark hair on a light wall, a hue axis for
    blonde hair on a beige one. A one-channel guided filter costs a sixth of
    a three-channel one and, on that axis, sees the same edges.
    """
    pixels = rgb.reshape(-1, 3)
    chosen = np.flatnonzero(where.reshape(-1))
    if chosen.size < 16:
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    sample = pixels[chosen[:: max(1, chosen.size // 4000)]].astype(np.float32)
    sample -= sample.mean(axis=0)
    _, _, axes = np.linalg.svd(sample, full_matrices=False)
    axis = axes[0] if axes[0].sum() >= 0 else -axes[0]
    weights = (axis / np.abs(axis).sum()).reshape(1, 3).astype(np.float32)
    projected = cv2.transform(rgb.astype(np.float32), weights)
    low, high = float(projected.min()), float(projected.max())
    return (projected - low) / max(high - low, 1e-6)


def sharpen_matte(coarse: np.ndarray, factor: float = 2.5) -> np.ndarray:
    """The segmenter's soft ramp made ``factor`` times steeper about 0.5, float32 in [0, 1]."""
    return np.clip((coarse.astype(np.float32) - 0.5) * factor + 0.5, 0, 1)


def keep_person(alpha: np.ndarray, seed: tuple[float, float]) -> np.ndarray:
    """``alpha`` with every piece not joined to the person at ``seed`` (x, y pixels) removed.

    A patch of background the segmenter mistakes for a person (a star of a
    flag, a lamp) is detached from the body; it is dropped together with its
    soft edge. None of the person's own edge is touched.
    """
    solid = (alpha >= 0.5).astype(np.uint8)
    count, labels = cv2.connectedComponents(solid, connectivity=8)
    x, y = (int(round(v)) for v in seed)
    rows, cols = alpha.shape
    if count <= 2 or not (0 <= x < cols and 0 <= y < rows) or labels[y, x] == 0:
        return alpha
    kept = np.zeros(count, bool)
    kept[labels[y, x]] = True
    return keep_pieces(alpha, labels, kept)


def keep_pieces(alpha: np.ndarray, labels: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """``alpha`` with only the pieces ``kept`` (bool per label of ``labels``), soft edges and all.

    ``labels`` numbers the solid pieces of ``alpha`` (its pixels of one half
    or more, ``cv2.connectedComponents``); a kept piece keeps the soft pixels
    within a 40th of the frame of it, the rest go with their piece.
    """
    rows, cols = alpha.shape
    keep = kept.astype(np.uint8)[labels]
    reach = max(3, round(min(rows, cols) / 40)) | 1
    keep = cv2.dilate(keep, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach)))
    return alpha * keep


def face_mask(shape: tuple[int, int], face: Face) -> np.ndarray:
    """Inside the face mesh's outline (forehead, cheeks, jaw), bool, of ``shape``.

    The mesh finds the face on the face's own features; the segmenter and the
    colour models find it on what surrounds it, and can be wrong where a wall
    has the skin's colour. No pixel of the face is ever background.
    """
    mask = np.zeros(shape, np.uint8)
    cv2.fillPoly(mask, [face_polygon(face)], 1)
    return mask > 0


def crown_row(alpha: np.ndarray, face: Face, *, threshold: float = 0.3) -> float | None:
    """Row of the top of the head (hair included) above ``face``, pixels; None if not seen.

    Only the person region joined to the forehead counts (a background blob
    classed as person does not raise the crown), thin protrusions are opened
    away, and only columns within the central part of the face count (a
    raised hand or shoulder does not).
    The row is interpolated to sub-pixel precision from the matte's values.
    The threshold is low (0.3): the thin top of the hair, half transparent in
    the matte, is still hair to an officer looking at a plain background.
    The face must be upright in ``alpha``'s frame.
    """
    seed_x, seed_y = (int(round(v)) for v in face.point(FOREHEAD))
    rows, cols = alpha.shape
    if not (0 <= seed_x < cols and 0 <= seed_y < rows):
        return None
    # Only the head's neighbourhood above the forehead matters: work on that crop.
    reach = int(face.eye_distance * 3)
    x0 = max(0, seed_x - reach)
    alpha = alpha[: min(rows, seed_y + 21), x0 : seed_x + reach + 1]
    seed_x -= x0
    rows, cols = alpha.shape
    solid = (alpha >= threshold).astype(np.uint8)
    # An opening with a disc a third of the eye distance removes narrow things
    # stuck to the head (a stray strand, a frame edge behind it) but leaves the
    # skull's curve, whose radius is several times larger, where it is. It is
    # found on a copy with a 9 px disc (cost grows with the disc) and only
    # decides which pixels are dropped.
    size = face.eye_distance / 3
    shrink = min(1.0, 9 / max(size, 1.0))
    small = cv2.resize(solid, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_NEAREST)
    disc_px = max(3, int(size * shrink) | 1)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (disc_px, disc_px))
    opened = cv2.morphologyEx(small, cv2.MORPH_OPEN, disc)
    opened = cv2.resize(opened, (cols, rows), interpolation=cv2.INTER_NEAREST)
    solid &= opened
    count, labels = cv2.connectedComponents(solid, connectivity=4)
    label = labels[seed_y, seed_x]
    if label == 0:
        # The forehead itself reads as background: look just below it.
        below = labels[seed_y : min(rows, seed_y + 20), seed_x]
        label = next((v for v in below if v), 0)
        if label == 0:
            return None
    width = abs(face.right_eye[0] - face.left_eye[0]) * 1.1
    cx = float(face.eye_mid[0]) - x0
    c0, c1 = max(0, int(cx - width / 2)), min(cols, int(cx + width / 2) + 1)
    band = labels[: seed_y + 1, c0:c1] == label
    hits = np.flatnonzero(band.any(axis=1))
    if hits.size == 0:
        return None
    top = int(hits[0])
    # Sub-pixel: where the column profile crosses the threshold between the row
    # above and ``top`` (only when it does: the opening may have cut ``top``
    # out of a taller run, and the crown never moves by more than a pixel).
    column = int(np.argmax(band[top])) + c0
    if top > 0:
        above, at = float(alpha[top - 1, column]), float(alpha[top, column])
        if above < threshold <= at:
            return top + 0.5 - (at - threshold) / (at - above)
    return float(top)


def background_means(rgb: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Local foreground and background colours at half size, float32 RGB in [0, 1].

    The blur-fusion estimate of Forte and Pitie ("Approximate fast foreground
    colour estimation", ICIP 2021): local means of foreground and background
    weighted by the matte, a large radius first (at quarter size), then a
    small one (at half size). Written here rather than taken from pymatting
    because it runs in milliseconds with OpenCV's box filters and needs no
    JIT warm-up. Both arrays are ``(rows // 2, cols // 2, 3)``.
    """
    small = halve(rgb).astype(np.float32) / 255.0
    a_small = _three(halve(alpha.astype(np.float32)))
    half = (small.shape[1], small.shape[0])
    small4, a4 = halve(small), halve(a_small)
    base = max(3, round(min(half) / 6))
    fg4, bg4 = _blur_fusion(small4, a4, small4, small4, max(3, base // 2) | 1)
    fg, bg = double(fg4, half), double(bg4, half)
    return _local_means(a_small, fg, bg, max(3, base // 6) | 1)


def _three(channel: np.ndarray) -> np.ndarray:
    """A single-channel array repeated into three (numpy broadcasts a trailing 1 slowly)."""
    return cv2.merge([channel, channel, channel])


def _local_means(
    a: np.ndarray, fg: np.ndarray, bg: np.ndarray, radius: int
) -> tuple[np.ndarray, np.ndarray]:
    """Alpha-weighted local means of the foreground and background estimates (``a`` 3-channel)."""
    size = (radius, radius)
    blurred_a = cv2.blur(a, size)
    mean_f = cv2.blur(fg * a, size) / (blurred_a + 1e-5)
    mean_b = cv2.blur(bg * (1 - a), size) / ((1 - blurred_a) + 1e-5)
    return mean_f, np.clip(mean_b, 0, 1)


def _blur_fusion(
    image: np.ndarray, a: np.ndarray, fg: np.ndarray, bg: np.ndarray, radius: int
) -> tuple[np.ndarray, np.ndarray]:
    mean_f, mean_b = _local_means(a, fg, bg, radius)
    fg = mean_f + a * (image - a * mean_f - (1 - a) * mean_b)
    return np.clip(fg, 0, 1), mean_b
