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

from functools import cache

import numpy as np

from . import blazeface
from .regions import Region, crop, to_image_points, turned_square
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


def region(palm: blazeface.Face) -> Region:
    """The square the model looks at: wrist to middle knuckle pointing up."""
    return turned_square(
        palm.box, palm.keypoints[0], palm.keypoints[2], target_deg=90, scale=ROI_SCALE,
        shift_y=ROI_SHIFT_Y,
    )  # fmt: skip


def hands(rgb: np.ndarray) -> list[np.ndarray]:
    """Each hand found as a ``(21, 2)`` float array of ``(x, y)`` pixels of ``rgb``."""
    palms = blazeface.detect(rgb, blazeface.PALMS)[:MAX_HANDS]
    model = _model()
    found = []
    for palm in palms:
        values, to_image = crop(rgb, region(palm), model.input_size[0], replicate=False)
        outputs = model(values)
        presence = float(outputs[1].reshape(()))
        if presence < MIN_PRESENCE:
            continue
        found.append(to_image_points(outputs[0].reshape(21, 3), to_image)[:, :2])
    return found
