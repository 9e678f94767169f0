"""Resampling: one affine map from source to output, and fast shrinking.

OpenCV's area average is a fast 2x2 block mean when it halves an image and
four to ten times slower at any other ratio; its bicubic ``warpAffine`` is
about twenty times slower than bilinear. So images are shrunk by exact
halvings, the rest of any reduction (a ratio between 1 and 2) is bilinear
after a light blur that stands in for the area average, and a warp that
does not enlarge is bilinear.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

#: Below this scale a bilinear resample would skip source pixels (aliasing,
#: moire on fabric): the image is first blurred by the missing amount.
_ALIAS_BELOW = 0.7


#: Image pixels to the pixels of :func:`halve`'s copy (pixel centres kept),
#: a 2x3 affine matrix.
HALF = np.array([[0.5, 0, -0.25], [0, 0.5, -0.25]])


def halve(image: np.ndarray, times: int = 1) -> np.ndarray:
    """``image`` halved ``times`` times, each pixel the mean of a 2x2 block.

    An odd last row or column is dropped at each halving.
    """
    for _ in range(times):
        rows, cols = image.shape[:2]
        if rows < 2 or cols < 2:
            break
        # An exact ratio of 2 on both sides, or OpenCV takes its slow path.
        even = image[: rows // 2 * 2, : cols // 2 * 2]
        image = cv2.resize(even, (cols // 2, rows // 2), interpolation=cv2.INTER_AREA)
    return image


def double(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Undoes :func:`halve`: ``image`` enlarged twice, bilinearly, to ``size`` ``(cols, rows)``.

    Pixel ``i`` of the halved image covers pixels ``2i`` and ``2i + 1``; a
    last row or column that the halving dropped repeats its neighbour.
    """
    cols, rows = size
    out = cv2.resize(image, None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR)
    bottom, right = rows - out.shape[0], cols - out.shape[1]
    if bottom > 0 or right > 0:
        out = cv2.copyMakeBorder(out, 0, max(0, bottom), 0, max(0, right), cv2.BORDER_REPLICATE)
    return out[:rows, :cols]


def shrink(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``image`` resized to ``size`` ``(cols, rows)``, no larger than it is, without aliasing.

    Halved while it is at least twice ``size``, then resampled bilinearly
    after the blur a reduction by the remaining ratio needs.
    """
    cols, rows = size
    while image.shape[1] >= 2 * cols and image.shape[0] >= 2 * rows:
        image = halve(image)
    if image.shape[1] == cols and image.shape[0] == rows:
        return image
    ratio = min(cols / image.shape[1], rows / image.shape[0])
    return cv2.resize(_antialiased(image, ratio), size, interpolation=cv2.INTER_LINEAR)


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
    Where the map shrinks the image, the part it uses is first halved and
    blurred as needed (:func:`shrink_source`); the rest of the map (a scale
    between 1/2 and 1, the rotation, the sub-pixel shift) is bilinear. Where
    it enlarges, it is bicubic (unless ``enlarge_cubic`` is False).
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
    """The part of ``image`` that ``matrix`` maps into ``size``, ready for a bilinear warp.

    Returns those pixels and the 2x3 map from them back to ``image``'s
    pixels, so ``warp(shrunk, chain(matrix, pre), size)`` equals
    ``warp(image, matrix, size)``. Where the map shrinks by more than
    ``_ALIAS_BELOW``, the part is halved while the map still shrinks it by
    half or more, and blurred for what is left; otherwise the identity is
    returned and nothing is copied.
    """
    identity = np.array([[1.0, 0, 0], [0, 1.0, 0]])
    matrix = np.asarray(matrix, dtype=np.float64)
    scale = math.sqrt(abs(np.linalg.det(matrix[:, :2])))
    if scale >= _ALIAS_BELOW:
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
    k = 1
    while scale * k * 2 <= 1 and k < 64:
        k *= 2
    x1 = x0 + max(k, (x1 - x0) // k * k)
    y1 = y0 + max(k, (y1 - y0) // k * k)
    shrunk = _antialiased(halve(image[y0:y1, x0:x1], k.bit_length() - 1), scale * k)
    # p_shrunk = (p_src - origin) / k  =>  p_src = k * p_shrunk + origin,
    # with pixel centres: p_src + 0.5 = k * (p_shrunk + 0.5) + origin.
    pre = np.array([[k, 0, x0 + (k - 1) / 2], [0, k, y0 + (k - 1) / 2]], np.float64)
    return shrunk, pre


def _antialiased(image: np.ndarray, ratio: float) -> np.ndarray:
    """``image`` blurred for a bilinear reduction by ``ratio`` (1 leaves it as it is).

    Taking a pixel as a Gaussian spot of sigma 1/2, the blur widens it to
    the spot of the reduced image's pixel, ``1 / (2 * ratio)``: sigma
    ``sqrt(1 / ratio**2 - 1) / 2`` source pixels. Only reductions below
    ``_ALIAS_BELOW`` get it.
    """
    if ratio >= _ALIAS_BELOW:
        return image
    sigma = math.sqrt(1 / ratio**2 - 1) / 2
    return cv2.GaussianBlur(image, (0, 0), sigmaX=sigma, sigmaY=sigma)


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
