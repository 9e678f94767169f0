"""Hands from MediaPipe's palm detector and hand landmark model (lite), run by LiteRT.

As MediaPipe's hand graph for still images (``hand_landmark_tracking_cpu``,
0.10.21, model complexity 0, two hands at most): palms are found
(:data:`.blazeface.PALMS`, from a score of 0.5); each palm's region is its box
turned so that the wrist-to-middle-knuckle line points up (keypoints 0 and 2,
target 90 degrees), moved half its height towards the fingers, made square on
the longer side and enlarged 2.6 times; that square is warped to the model's
224 x 224 input, values in [0, 1]; a hand counts from a presence score of 0.5,
and its 21 landmarks are turned and scaled back onto the image.
"""

from __future__ import annotations

import math
from functools import cache

import cv2
import numpy as np

from . import blazeface
from .facemesh import square_to_image
from .runtime import Model

#: At most this many hands (the engine's setting).
MAX_HANDS = 2
#: The palm's region (MediaPipe's PalmDetectionDetectionToRoi).
ROI_SCALE = 2.6
ROI_SHIFT_Y = -0.5
#: Presence score from which a hand's landmarks count (MediaPipe's threshold).
MIN_PRESENCE = 0.5


@cache
def _model() -> Model:
    return Model("hand_landmark_lite.tflite")


def region(palm: blazeface.Face) -> tuple[float, float, float, float]:
    """``(centre x, centre y, side, angle)`` of the square the model looks at: pixels, radians."""
    x0, y0, x1, y1 = palm.box
    (wx, wy), (mx, my) = palm.keypoints[0], palm.keypoints[2]
    angle = math.pi / 2 - math.atan2(-(my - wy), mx - wx)
    angle = (angle + math.pi) % (2 * math.pi) - math.pi
    width, height = x1 - x0, y1 - y0
    shift_x, shift_y = (
        -height * ROI_SHIFT_Y * math.sin(angle),
        height * ROI_SHIFT_Y * math.cos(angle),
    )
    side = max(width, height) * ROI_SCALE
    return (x0 + x1) / 2 + shift_x, (y0 + y1) / 2 + shift_y, side, angle


def hands(rgb: np.ndarray) -> list[np.ndarray]:
    """Each hand found as a ``(21, 2)`` float array of ``(x, y)`` pixels of ``rgb``."""
    palms = blazeface.detect(rgb, blazeface.PALMS)[:MAX_HANDS]
    model = _model()
    size = model.input_size[0]
    found = []
    for palm in palms:
        to_image = square_to_image(*region(palm), size)
        crop = cv2.warpAffine(
            np.ascontiguousarray(rgb), to_image, (size, size),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_CONSTANT,
        )  # fmt: skip
        outputs = model(crop.astype(np.float32) / 255.0)
        presence = float(outputs[1].reshape(()))
        if presence < MIN_PRESENCE:
            continue
        points = outputs[0].reshape(21, 3)[:, :2]
        found.append((points @ to_image[:, :2].T + to_image[:, 2]).astype(np.float64))
    return found
