"""The document's template drawn over a finished photo, as official diagrams draw it.

Green bands are where the rules allow a feature: the eye line, and the crown
given where the chin is (chin minus the head-height range). Lines mark the
measured chin, crown and eye line, and the vertical centre.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..specs import DocumentSpec
from .checks import measure_head
from .face import Face
from .geometry import Canvas

_BAND = (60, 200, 90)
_MEASURED = (220, 40, 40)
_CENTRE = (40, 110, 230)


def annotate(
    image: np.ndarray, alpha: np.ndarray, face: Face, spec: DocumentSpec, canvas: Canvas
) -> np.ndarray:
    """A copy of ``image`` (RGB uint8) with the template of ``spec`` drawn on it."""
    out = image.copy()
    overlay = image.copy()
    head = measure_head(face, alpha)
    cols = canvas.width_px
    if spec.eye_line_mm is not None:
        top = canvas.row_from_bottom_mm(spec.eye_line_mm[1])
        bottom = canvas.row_from_bottom_mm(spec.eye_line_mm[0])
        cv2.rectangle(overlay, (0, round(top)), (cols - 1, round(bottom)), _BAND, -1)
    low, high = spec.head_height_mm
    crown_top = head.chin_y - canvas.px(high)
    crown_bottom = head.chin_y - canvas.px(low)
    cv2.rectangle(overlay, (0, round(crown_top)), (cols - 1, round(crown_bottom)), _BAND, -1)
    cv2.addWeighted(overlay, 0.28, out, 0.72, 0, dst=out)
    thickness = max(1, round(canvas.px(0.2)))
    crown = head.crown_y(spec.head_measure)
    for row in (head.chin_y, crown, head.eye_y):
        cv2.line(out, (0, round(row)), (cols - 1, round(row)), _MEASURED, thickness)
    cx = cols // 2
    cv2.line(out, (cx, 0), (cx, canvas.height_px - 1), _CENTRE, thickness)
    return out
