"""Person probability from MediaPipe's selfie segmentation model, run by LiteRT.

As MediaPipe's selfie segmentation graph (0.10.21, general model): the whole
image stretched to 256 x 256 (OpenCV's bilinear warp of the 8-bit image),
values in [0, 1]; the model's sigmoid output scaled back to the image's size
bilinearly.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np

from .runtime import Model


@cache
def _model() -> Model:
    return Model("selfie_segmentation.tflite")


def segment(rgb: np.ndarray) -> np.ndarray:
    """Person probability in ``[0, 1]``, float32, same rows and cols as ``rgb`` (uint8)."""
    model = _model()
    side_rows, side_cols = model.input_size
    rows, cols = rgb.shape[:2]
    stretch = np.array([[side_cols / cols, 0, 0], [0, side_rows / rows, 0]], np.float64)
    tensor = cv2.warpAffine(
        np.ascontiguousarray(rgb), stretch, (side_cols, side_rows), flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
    )  # fmt: skip
    (person,) = model(tensor.astype(np.float32) / 255.0)
    return cv2.resize(person[..., 0], (cols, rows), interpolation=cv2.INTER_LINEAR)
