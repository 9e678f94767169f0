"""The turned squares MediaPipe's graphs crop for their landmark models, and the crop.

A region (MediaPipe's DetectionsToRects and RectTransformation calculators) is
a box's centre, turned so that the line from one keypoint to another points
at a target angle, shifted along its own height, made square on the box's
longer side and enlarged. The crop warps that square to a model's input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Region:
    """A turned square: centre (px), side (px), angle (radians, counter-clockwise)."""

    x: float
    y: float
    side: float
    angle: float


def turned_square(
    box: tuple[float, float, float, float],
    start: np.ndarray,
    end: np.ndarray,
    *,
    target_deg: float,
    scale: float,
    shift_y: float = 0.0,
) -> Region:
    """The region of ``box`` (x0, y0, x1, y1 px) turned by the line ``start`` -> ``end``."""
    x0, y0, x1, y1 = box
    angle = math.radians(target_deg) - math.atan2(-(end[1] - start[1]), end[0] - start[0])
    angle = (angle + math.pi) % (2 * math.pi) - math.pi
    width, height = x1 - x0, y1 - y0
    shift_x, shift_y = -height * shift_y * math.sin(angle), height * shift_y * math.cos(angle)
    side = max(width, height) * scale
    return Region((x0 + x1) / 2 + shift_x, (y0 + y1) / 2 + shift_y, side, angle)


def square_to_image(region: Region, size: int) -> np.ndarray:
    """The affine map from a model's ``size`` px square onto the image (2 x 3)."""
    cos = math.cos(region.angle) * region.side / size
    sin = math.sin(region.angle) * region.side / size
    return np.array(
        [
            [cos, -sin, region.x - (cos - sin) * size / 2],
            [sin, cos, region.y - (sin + cos) * size / 2],
        ]
    )


def crop(
    rgb: np.ndarray, region: Region, size: int, *, replicate: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """``(values, to_image)``: ``region`` warped to ``size`` px square, values in [0, 1]
    (float32), and the map from its pixels back onto ``rgb``'s. Outside the image: the
    edge's pixels repeated, else black."""
    to_image = square_to_image(region, size)
    square = cv2.warpAffine(
        np.ascontiguousarray(rgb), to_image, (size, size),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE if replicate else cv2.BORDER_CONSTANT,
    )  # fmt: skip
    return square.astype(np.float32) / 255.0, to_image


def to_image_points(points: np.ndarray, to_image: np.ndarray) -> np.ndarray:
    """``(n, 3)`` model points (x, y px of its square; z in the same scale) onto the image."""
    xy = points[:, :2] @ to_image[:, :2].T + to_image[:, 2]
    scale = math.hypot(to_image[0, 0], to_image[1, 0])  # image px per model px
    return np.column_stack([xy, points[:, 2] * scale]).astype(np.float64)
