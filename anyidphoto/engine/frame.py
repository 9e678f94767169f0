"""Placing the head on the canvas: scale and offset from the document's millimetres.

All head positions here are in an *upright* pixel frame (the eye line
horizontal), ``y`` growing downwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..specs import DocumentSpec
from .geometry import Canvas

#: Least gap kept between the top of the hair and the top edge, millimetres.
MIN_HAIR_GAP_MM = 1.0
#: Margin kept inside the head-height range when both measures must fit, mm.
SAFETY_MARGIN_MM = 0.5
#: Share of the space left above and below the head that goes above it when
#: the document gives neither an eye line nor a crown gap.
DEFAULT_TOP_SHARE = 0.42


@dataclass(frozen=True)
class Head:
    """Vertical landmarks of an upright head, pixels of one frame.

    ``crown_hair_y`` is the top of the hair, ``crown_skull_y`` the estimated
    top of the skull (never above the hair); ``centre_x`` is the face's
    horizontal centre.
    """

    eye_y: float
    chin_y: float
    crown_hair_y: float
    crown_skull_y: float
    centre_x: float

    def crown_y(self, measure: str) -> float:
        """The crown the document means: ``"hair"`` or ``"crown"`` (skull)."""
        return self.crown_hair_y if measure == "hair" else self.crown_skull_y

    def height(self, measure: str) -> float:
        """Chin-to-crown height in pixels, by the document's measure."""
        return self.chin_y - self.crown_y(measure)


@dataclass(frozen=True)
class Placement:
    """The similarity map from the upright frame to the canvas: ``out = scale * p + (dx, dy)``."""

    scale: float
    dx: float
    dy: float


def place_head(
    head: Head, spec: DocumentSpec, canvas: Canvas, *, bottom_y: float | None = None
) -> Placement:
    """Scale and offset that put ``head`` where ``spec`` wants it on ``canvas``.

    The head height aims at the middle of the document's range by its own
    measure (hair or skull). When the two measures differ (full hair), the
    scale is nudged, where possible, so that both fall inside the range, so
    the photo passes whichever way an officer measures. The eye line aims at
    the middle of its range, held so the hair is not cut and the chin stays
    inside; without an eye line, the crown gap (or a share of the free
    space) sets the height. The face is centred horizontally.

    ``bottom_y`` is where the source photo ends below the head (upright
    pixels), when it ends at all: a photo cut off at the collar. The head
    is then set lower in the eye-line band, or made larger within the
    head-height range (keeping :data:`SAFETY_MARGIN_MM`), until the photo
    reaches the bottom edge, so no band of new background is left under the
    shoulders; when the rules allow neither, the placement is the usual one
    and the ``shoulders`` check fails it.
    """
    low_px, high_px = (canvas.px(v) for v in spec.head_height_mm)
    own = head.height(spec.head_measure)
    scale = (low_px + high_px) / 2 / own
    hair, skull = head.height("hair"), head.height("crown")
    both_low, both_high = low_px / skull, high_px / hair
    margin = canvas.px(SAFETY_MARGIN_MM)
    if both_low <= both_high:
        # Keep a margin inside both ranges where there is room for one.
        safe_low, safe_high = (low_px + margin) / skull, (high_px - margin) / hair
        if safe_low <= safe_high:
            scale = min(max(scale, safe_low), safe_high)
        else:
            scale = (both_low + both_high) / 2
    eye_row, deepest = _eye_row(head, spec, canvas, scale)
    if bottom_y is not None and bottom_y > head.chin_y:
        reach = bottom_y - head.eye_y
        # The eye row at which the photo's bottom meets the canvas's bottom edge.
        need = canvas.height_px - reach * scale
        if need > deepest:
            largest = (high_px - margin) / max(own, hair)
            fitted = _scale_to_reach(head, spec, canvas, reach, scale, largest)
            if fitted is not None:
                scale = fitted
                eye_row, deepest = _eye_row(head, spec, canvas, scale)
                need = canvas.height_px - reach * scale
        if eye_row < need <= deepest + 1e-9:
            eye_row = need
    return Placement(
        scale=scale,
        dx=canvas.width_px / 2 - head.centre_x * scale,
        dy=eye_row - head.eye_y * scale,
    )


def _eye_row(head: Head, spec: DocumentSpec, canvas: Canvas, scale: float) -> tuple[float, float]:
    """The eye row (pixels from the top) for ``scale``, and the lowest the rules let it go."""
    own = head.height(spec.head_measure)
    eye_to_chin = (head.chin_y - head.eye_y) * scale
    eye_to_hair = (head.eye_y - head.crown_hair_y) * scale
    eye_to_crown = (head.eye_y - head.crown_y(spec.head_measure)) * scale
    # Eye row on the canvas, from the top edge.
    lowest_eye = canvas.height_px - eye_to_chin  # chin on the bottom edge
    highest_eye = canvas.px(MIN_HAIR_GAP_MM) + eye_to_hair  # hair just inside
    if spec.eye_line_mm is not None:
        e_low, e_high = spec.eye_line_mm
        target = canvas.row_from_bottom_mm((e_low + e_high) / 2)
        band_top = canvas.row_from_bottom_mm(e_high)
        band_bottom = canvas.row_from_bottom_mm(e_low)
        lo, hi = max(band_top, highest_eye), min(band_bottom, lowest_eye)
        if lo > hi:
            return target, target
        return min(max(target, lo), hi), hi
    if spec.crown_gap_mm is not None:
        gap = canvas.px(spec.crown_gap_mm)
    else:
        gap = max(canvas.height_px - own * scale, 0.0) * DEFAULT_TOP_SHARE
    eye_row = gap + eye_to_crown
    if highest_eye > lowest_eye:
        return eye_row, eye_row
    eye_row = min(max(eye_row, highest_eye), lowest_eye)
    # A document that fixes the gap above the crown leaves the head no room to move.
    return eye_row, (eye_row if spec.crown_gap_mm is not None else lowest_eye)


def _scale_to_reach(
    head: Head,
    spec: DocumentSpec,
    canvas: Canvas,
    reach: float,
    smallest: float,
    largest: float,
) -> float | None:
    """The least scale in ``[smallest, largest]`` at which the photo reaches the bottom edge.

    ``reach`` is the photo's extent below the eyes, upright pixels. Found by
    bisection: the lowest allowed eye row plus the scaled reach grows with
    the scale. None when even ``largest`` leaves a gap.
    """

    def gap(scale: float) -> float:
        return canvas.height_px - reach * scale - _eye_row(head, spec, canvas, scale)[1]

    if largest <= smallest or gap(largest) > 0:
        return None
    low, high = smallest, largest
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if gap(middle) > 0 else (low, middle)
    return high
