"""Resampling with one affine map, and laying the person on a new background."""

from __future__ import annotations

import math
import re

import cv2
import numpy as np

from .segment import background_means

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

#: Below this scale the image is first shrunk by area averaging, so the
#: final bilinear warp never skips source pixels (no aliasing, no moire).
_AREA_BELOW = 0.7


def warp(
    image: np.ndarray,
    matrix: np.ndarray,
    size: tuple[int, int],
    *,
    border: float | tuple[float, ...] | None = 0,
    enlarge_cubic: bool = True,
) -> np.ndarray:
    """Resample ``image`` through the 2x3 affine ``matrix`` (source px -> output px).

    ``size`` is ``(cols, rows)`` of the output; outside the source the output
    is ``border``, or the source's edge pixels repeated when ``border`` is None.
    Where the map shrinks the image, it is first shrunk by a whole factor
    (:func:`shrink_source`); the rest of the map (a scale near 1, the
    rotation, the sub-pixel shift) is bilinear, or bicubic where it enlarges.
    """
    matrix = np.asarray(matrix, dtype=np.float64)
    image, pre = shrink_source(image, matrix, size)
    matrix = _chain(matrix, pre)
    scale = math.sqrt(abs(np.linalg.det(matrix[:, :2])))
    return cv2.warpAffine(
        image,
        matrix,
        size,
        flags=cv2.INTER_CUBIC if enlarge_cubic and scale > 1.05 else cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE if border is None else cv2.BORDER_CONSTANT,
        borderValue=0 if border is None else border,
    )


def shrink_source(
    image: np.ndarray, matrix: np.ndarray, size: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """The part of ``image`` that ``matrix`` maps into ``size``, shrunk by a whole factor.

    Returns the shrunk pixels and the 2x3 map from them back to ``image``'s
    pixels, so ``warp(shrunk, chain(matrix, pre), size)`` equals
    ``warp(image, matrix, size)``. Nothing happens (the identity is returned)
    unless the map shrinks by more than ``_AREA_BELOW``. OpenCV's area average
    is a fast block mean at whole ratios and slow at any other.
    """
    identity = np.array([[1.0, 0, 0], [0, 1.0, 0]])
    matrix = np.asarray(matrix, dtype=np.float64)
    scale = math.sqrt(abs(np.linalg.det(matrix[:, :2])))
    if scale >= _AREA_BELOW:
        return image, identity
    inverse = cv2.invertAffineTransform(matrix)
    cols, rows = size
    corners = np.array([[0, 0], [cols, 0], [0, rows], [cols, rows]], np.float64)
    src = corners @ inverse[:, :2].T + inverse[:, 2]
    pad = 2 / scale
    x0 = int(max(0, math.floor(src[:, 0].min() - pad)))
    y0 = int(max(0, math.floor(src[:, 1].min() - pad)))
    x1 = int(min(image.shape[1], math.ceil(src[:, 0].max() + pad)))
    y1 = int(min(image.shape[0], math.ceil(src[:, 1].max() + pad)))
    if x1 <= x0 or y1 <= y0:
        return image, identity
    k = max(2, round(1 / scale))
    x1 = x0 + max(k, (x1 - x0) // k * k)
    y1 = y0 + max(k, (y1 - y0) // k * k)
    crop = image[y0:y1, x0:x1]
    shrunk = cv2.resize(
        crop, (crop.shape[1] // k, crop.shape[0] // k), interpolation=cv2.INTER_AREA
    )
    # p_shrunk = (p_src - origin) / k  =>  p_src = k * p_shrunk + origin,
    # with pixel centres: p_src + 0.5 = k * (p_shrunk + 0.5) + origin.
    pre = np.array([[k, 0, x0 + (k - 1) / 2], [0, k, y0 + (k - 1) / 2]], np.float64)
    return shrunk, pre


def _chain(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """The affine map ``outer(inner(p))`` as 2x3."""
    a = np.vstack([outer, [0, 0, 1]])
    b = np.vstack([inner, [0, 0, 1]])
    return (a @ b)[:2]


def chain(*maps: np.ndarray) -> np.ndarray:
    """Compose 2x3 affine maps, the first applied last: ``chain(f, g)(p) == f(g(p))``."""
    out = np.asarray(maps[-1], np.float64)
    for m in reversed(maps[:-1]):
        out = _chain(np.asarray(m, np.float64), out)
    return out


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` to an ``(r, g, b)`` tuple of 0-255 ints."""
    if not _HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    value = colour[1:]
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def replace_background(
    rgb: np.ndarray, alpha: np.ndarray, colour: tuple[int, int, int]
) -> np.ndarray:
    """The person of ``rgb`` over a plain ``colour``, edges without the old background's halo.

    Where the matte is solid the photo is kept, where it is empty the new
    colour is set, and only along the outline (where it is partial) is the
    person's own colour estimated (:func:`~.segment.background_means`) and
    blended: an edge pixel mixes the person with the old background, and
    keeping it as it is would leave a halo of that background round the hair.
    """
    rows, cols = alpha.shape
    mean_f, mean_b = background_means(rgb, alpha)
    flat_alpha = alpha.reshape(-1)
    # The new colour where the matte is empty, by OpenCV's masked copy (a
    # numpy boolean assignment of a 3-vector is several times slower).
    plain = cv2.merge([np.full((rows, cols), value, np.uint8) for value in colour])
    out = rgb.copy()
    cv2.copyTo(plain, (alpha <= 0.004).astype(np.uint8), out)
    band = np.flatnonzero((flat_alpha > 0.004) & (flat_alpha < 0.98))
    if not band.size:
        return out
    # One colour plane at a time: every array is a flat run of band pixels
    # (numpy is several times slower broadcasting an (n, 1) alpha over (n, 3)).
    r, c = np.divmod(band, cols)
    half_rows, half_cols = mean_f.shape[:2]
    half = np.minimum(r // 2, half_rows - 1) * half_cols + np.minimum(c // 2, half_cols - 1)
    a = flat_alpha[band].astype(np.float32)
    rest = 1 - a
    planes = list(cv2.split(out))
    means = zip(cv2.split(rgb), cv2.split(mean_f), cv2.split(mean_b), colour, strict=True)
    for k, (seen, fore, back, value) in enumerate(means):
        f, b = fore.reshape(-1)[half], back.reshape(-1)[half]
        i = seen.reshape(-1)[band].astype(np.float32) / 255.0
        person = np.clip(f + a * (i - a * f - rest * b), 0, 1)
        blended = (person * a + rest * (value / 255.0)) * 255.0 + 0.5
        planes[k].reshape(-1)[band] = np.clip(blended, 0, 255).astype(np.uint8)
    return cv2.merge(planes)
