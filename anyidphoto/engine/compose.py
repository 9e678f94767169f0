"""Laying the person on a new background."""

from __future__ import annotations

import re

import cv2
import numpy as np

from .segment import background_means

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` to an ``(r, g, b)`` tuple of 0-255 ints."""
    if not _HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    value = colour[1:]
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def colour_lab(colour: str | tuple[int, int, int]) -> np.ndarray:
    """A ``#rrggbb`` or ``(r, g, b)`` sRGB colour in CIELAB (L* 0-100), float32."""
    rgb = hex_to_rgb(colour) if isinstance(colour, str) else colour
    return cv2.cvtColor(np.array([[rgb]], np.float32) / 255.0, cv2.COLOR_RGB2LAB)[0, 0]


def replace_background(
    rgb: np.ndarray,
    alpha: np.ndarray,
    colour: tuple[int, int, int],
    *,
    opaque: np.ndarray | None = None,
) -> np.ndarray:
    """The person of ``rgb`` over a plain ``colour``, edges without the old background's halo.

    Where the matte is solid the photo is kept, where it is empty the new
    colour is set, and only along the outline (where it is partial) is the
    person's own colour estimated (:func:`~.segment.background_means`) and
    blended: an edge pixel mixes the person with the old background, and
    keeping it as it is would leave a halo of that background round the hair.
    Pixels of ``opaque`` (bool, e.g. the face) are the person whatever the
    matte says: they get the person's estimated colour, unblended, so the
    old background seen through a partial edge there is taken out, and none
    of the new one is put in.
    """
    rows, cols = alpha.shape
    mean_f, mean_b = background_means(rgb, alpha)
    flat_alpha = alpha.reshape(-1)
    # The new colour where the matte is empty, by OpenCV's masked copy (a
    # numpy boolean assignment of a 3-vector is several times slower).
    plain = cv2.merge([np.full((rows, cols), value, np.uint8) for value in colour])
    out = rgb.copy()
    empty = alpha <= 0.004
    if opaque is not None:
        empty &= ~opaque
    cv2.copyTo(plain, empty.astype(np.uint8), out)
    partial = (flat_alpha > 0.004) & (flat_alpha < 0.98)
    if opaque is not None:
        flat_opaque = opaque.reshape(-1)
        partial |= flat_opaque & (flat_alpha < 0.98)
    band = np.flatnonzero(partial)
    if not band.size:
        return out
    # One colour plane at a time: every array is a flat run of band pixels
    # (numpy is several times slower broadcasting an (n, 1) alpha over (n, 3)).
    r, c = np.divmod(band, cols)
    half_rows, half_cols = mean_f.shape[:2]
    half = np.minimum(r // 2, half_rows - 1) * half_cols + np.minimum(c // 2, half_cols - 1)
    a = flat_alpha[band].astype(np.float32)
    # How much of the new colour each band pixel shows: none where it must be opaque.
    rest = 1 - a if opaque is None else np.where(flat_opaque[band], 0.0, 1 - a)
    seen_rest = 1 - a
    planes = list(cv2.split(out))
    means = zip(cv2.split(rgb), cv2.split(mean_f), cv2.split(mean_b), colour, strict=True)
    for k, (seen, fore, back, value) in enumerate(means):
        f, b = fore.reshape(-1)[half], back.reshape(-1)[half]
        i = seen.reshape(-1)[band].astype(np.float32) / 255.0
        person = np.clip(f + a * (i - a * f - seen_rest * b), 0, 1)
        blended = (person * (1 - rest) + rest * (value / 255.0)) * 255.0 + 0.5
        planes[k].reshape(-1)[band] = np.clip(blended, 0, 255).astype(np.uint8)
    return cv2.merge(planes)


def even_background(
    rgb: np.ndarray, alpha: np.ndarray, *, inside: np.ndarray | None = None
) -> np.ndarray:
    """``rgb`` with its own background kept, only its brightness evened out.

    For authorities that refuse a replaced background: the wall's shading
    (its lightness smoothed over a window a third of the photo wide, from
    the pixels the matte calls background) is divided out towards the
    wall's median lightness, in the background only, so a light fall-off
    or a vignette does not read as a shadow. The person is not touched; the
    gain is limited to 0.75-1.35 so nothing is invented. ``inside`` (bool)
    is where the source photo lies on the canvas, None for all of it: the
    wall is measured there only, and the canvas beyond it is given the
    wall's own smoothed colour nearest to it rather than left black.
    """
    rows, cols = alpha.shape
    back = (1 - alpha).astype(np.float32)
    if inside is not None:
        back *= inside
    if float(back.sum()) < 16:
        return rgb.copy()
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    window = (max(3, min(rows, cols) // 3) | 1,) * 2
    weight = cv2.boxFilter(back, -1, window) + 1e-6
    shading = cv2.boxFilter(luma * back, -1, window) / weight
    solid = back > 0.5
    target = float(np.median(luma[solid])) if solid.any() else float(luma.mean())
    gain = np.clip(target / np.maximum(shading, 1.0), 0.75, 1.35)
    gain = 1 + (gain - 1) * back
    out = np.clip(rgb.astype(np.float32) * gain[..., None] + 0.5, 0, 255).astype(np.uint8)
    if inside is not None and not inside.all():
        # Beyond the source: the wall's colour, evened, from the nearest part of it.
        wall = cv2.merge([cv2.boxFilter(ch * back, -1, window) / weight for ch in cv2.split(
            out.astype(np.float32))])  # fmt: skip
        filled = cv2.inpaint(
            np.clip(wall, 0, 255).astype(np.uint8), (weight < 0.05).astype(np.uint8), 3,
            cv2.INPAINT_TELEA,
        )  # fmt: skip
        cv2.copyTo(filled, (~inside).astype(np.uint8), out)
    return out


#: A kept wall is plain when its lightness spreads at most this much (L*)
#: and its mean is this near an accepted colour (CIE76), as the background
#: checks' warning limits (:mod:`~.checks`).
PLAIN_SPREAD, PLAIN_DELTA = 4.0, 8.0


def plain_wall(rgb: np.ndarray, alpha: np.ndarray, spec) -> bool:
    """Whether the photo's own background, well away from the person, is plain and accepted.

    Measured on a quarter-size copy after its shading is evened out
    (:func:`even_background`), as it would be kept.
    """
    small = cv2.resize(rgb, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    a = cv2.resize(alpha, small.shape[1::-1], interpolation=cv2.INTER_AREA)
    away = cv2.erode((a < 0.05).astype(np.uint8), np.ones((5, 5), np.uint8))
    if cv2.countNonZero(away) < 32:
        return False
    lab = cv2.cvtColor(even_background(small, a).astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    mean, std = (v.reshape(-1) for v in cv2.meanStdDev(lab, mask=away))
    if float(std[0]) > PLAIN_SPREAD:
        return False
    return any(
        float(np.linalg.norm(mean - colour_lab(colour))) <= PLAIN_DELTA
        for colour in spec.background
    )
