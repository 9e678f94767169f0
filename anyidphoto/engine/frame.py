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


def place_head(head: Head, spec: DocumentSpec, canvas: Canvas) -> Placement:
    """Scale and offset that put ``head`` where ``spec`` wants it on ``canvas``.

    The head height aims at the middle of the document's range by its own
    measure (hair or skull). When the two measures differ (full hair), the
    scale is nudged, where possible, so that both fall inside the range, so
    the photo passes whichever way an officer measures. The eye line aims at
    the middle of its range, held so the hair is not cut and the chin stays
    inside; without an eye line, the crown gap (or a share of the free
    space) sets the height. The face is centred horizontally.
    """
    low_px, high_px = (canvas.px(v) for v in spec.head_height_mm)
    own = head.height(spec.head_measure)
    scale = (low_px + high_px) / 2 / own
    hair, skull = head.height("hair"), head.height("crown")
    both_low, both_high = low_px / skull, high_px / hair
    if both_low <= both_high:
        # Keep a margin inside both ranges where there is room for one.
        margin = canvas.px(SAFETY_MARGIN_MM)
        safe_low, safe_high = (low_px + margin) / skull, (high_px - margin) / hair
        if safe_low <= safe_high:
            scale = min(max(scale, safe_low), safe_high)
        else:
            scale = (both_low + both_high) / 2

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
        eye_row = min(max(target, lo), hi) if lo <= hi else target
    else:
        if spec.crown_gap_mm is not None:
            gap = canvas.px(spec.crown_gap_mm)
        else:
            head_px = own * scale
            gap = max(canvas.height_px - head_px, 0.0) * DEFAULT_TOP_SHARE
        eye_row = gap + eye_to_crown
        if highest_eye <= lowest_eye:
            eye_row = min(max(eye_row, highest_eye), lowest_eye)
    return Placement(
        scale=scale,
        dx=canvas.width_px / 2 - head.centre_x * scale,
        dy=eye_row - head.eye_y * scale,
    )
