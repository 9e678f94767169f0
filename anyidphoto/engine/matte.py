"""Matting the outline from colour: how much of each edge pixel is the person.

The segmenter says roughly where the person is; it cannot say how much of
an edge pixel is hair and how much is wall, and its outline shifts with what
is behind the person. Here, in a band either side of its outline, the
person's and the background's colours are modelled locally (weighted means
of the pixels known to be each, a little way inside and outside), and each
band pixel's alpha is the position of its colour between the two: the
colour-line model of closed-form matting (Levin et al. 2008) with the line's
ends given by the local models instead of solved for. It is chosen over
pymatting's closed-form solver (0.2-0.8 s at output size) and over a guided
filter (which copies the guide's edges but not how far a pixel is from
either colour) because it costs a few box filters and gives the same alpha
where the two colours differ. Where they do not (hair on a wall of its own
colour), the colours say nothing and the segmenter's alpha stays.
"""

from __future__ import annotations

import cv2
import numpy as np

#: Colour distance (RGB, 0-1) between the local person and background
#: models at which the colour alpha and the segmenter's count equally; well
#: apart (0.3, such as dark hair on a light wall) the colour decides alone.
COLOUR_TRUST = 0.08


def colour_matte(coarse: np.ndarray, rgb: np.ndarray, *, width: int) -> np.ndarray:
    """Alpha of ``rgb`` (uint8) from the coarse matte ``coarse`` (float32, 0-1), float32 in 0-1.

    Pixels further than ``width`` pixels from the coarse outline keep its
    side; those within it are matted from the local colours.
    """
    solid = (coarse >= 0.5).astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * width + 1, 2 * width + 1))
    inner = cv2.erode(solid, kernel)
    outer = cv2.dilate(solid, kernel)
    band = outer > inner
    out = solid.astype(np.float32)
    if not band.any():
        return out
    image = rgb.astype(np.float32) * (1 / 255.0)
    fore = local_mean(image, inner.astype(np.float32), 2 * width)
    back = local_mean(image, (1 - outer).astype(np.float32), 2 * width)
    r, c = np.nonzero(band)
    i, f, b = image[r, c], fore[r, c], back[r, c]
    span = f - b
    length2 = np.einsum("ij,ij->i", span, span)
    along = np.einsum("ij,ij->i", i - b, span) / (length2 + 1e-6)
    trust = length2 / (length2 + COLOUR_TRUST**2)
    alpha = trust * np.clip(along, 0, 1) + (1 - trust) * coarse[r, c]
    out[r, c] = alpha
    return out


def local_mean(image: np.ndarray, weight: np.ndarray, radius: int) -> np.ndarray:
    """Weighted mean colour of ``image`` within about ``radius`` pixels, float32.

    Computed at a quarter of the size with box filters; where no weighted
    pixel is that near, the mean of a four times wider window fills in.
    """
    rows, cols = weight.shape
    small = cv2.resize(image, (max(1, cols // 4), max(1, rows // 4)), interpolation=cv2.INTER_AREA)
    w = cv2.resize(weight, small.shape[1::-1], interpolation=cv2.INTER_AREA)
    near = max(3, radius // 4 * 2 + 1)
    sums = cv2.boxFilter(small * w[..., None], -1, (near, near), normalize=True)
    total = cv2.boxFilter(w, -1, (near, near), normalize=True)
    wide = (near * 4) | 1
    wide_sums = cv2.boxFilter(small * w[..., None], -1, (wide, wide), normalize=True)
    wide_total = cv2.boxFilter(w, -1, (wide, wide), normalize=True)
    fallback = wide_sums / (wide_total[..., None] + 1e-6)
    eps = 0.02
    mean = (sums + eps * fallback) / (total[..., None] + eps)
    return cv2.resize(mean, (cols, rows), interpolation=cv2.INTER_LINEAR)
