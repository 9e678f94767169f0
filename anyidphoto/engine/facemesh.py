"""468 face landmarks from MediaPipe's face landmark model, run by LiteRT.

As MediaPipe's face mesh graph for still images (``face_landmark_front_cpu``,
0.10.21): the short-range detector finds the face (from a score of 0.3, the
engine's ``min_detection_confidence``); the region of interest is its box made
square on the longer side and enlarged 1.5 times, turned so that the eyes
(the detector's keypoints 0 and 1) lie level; that square is warped to the
model's 192 x 192 input, values in [0, 1]. The landmarks come back in that
square's pixels and are turned and scaled back onto the image; ``z`` is in
the same pixel scale (smaller is nearer the camera).
"""

from __future__ import annotations

import math
from functools import cache

import cv2
import numpy as np

from . import blazeface
from .runtime import Model

#: Detector score from which the mesh looks at a face (the engine's FaceMesh setting).
MIN_DETECTION = 0.3
#: The region of interest around the detector's box (MediaPipe's RectTransformation).
ROI_SCALE = 1.5
#: Face presence score (sigmoid) from which the landmarks count (MediaPipe's threshold).
MIN_PRESENCE = 0.5


@cache
def _model() -> Model:
    return Model("face_landmark.tflite")


def region(face: blazeface.Face) -> tuple[float, float, float, float]:
    """``(centre x, centre y, side, angle)`` of the square the model looks at: pixels, radians."""
    x0, y0, x1, y1 = face.box
    (ex0, ey0), (ex1, ey1) = face.keypoints[0], face.keypoints[1]
    angle = -math.atan2(-(ey1 - ey0), ex1 - ex0)
    angle = (angle + math.pi) % (2 * math.pi) - math.pi
    side = max(x1 - x0, y1 - y0) * ROI_SCALE
    return (x0 + x1) / 2, (y0 + y1) / 2, side, angle


def square_to_image(centre_x: float, centre_y: float, side: float, angle: float, size: int):
    """The affine map from the model's ``size`` px square onto the image (2 x 3)."""
    cos, sin = math.cos(angle) * side / size, math.sin(angle) * side / size
    return np.array(
        [
            [cos, -sin, centre_x - (cos - sin) * size / 2],
            [sin, cos, centre_y - (sin + cos) * size / 2],
        ]
    )


def mesh(rgb: np.ndarray) -> np.ndarray | None:
    """468 landmarks as an ``(468, 3)`` float array of ``(x, y, z)`` pixels, or None."""
    faces = blazeface.detect(rgb, blazeface.SHORT_RANGE, min_score=MIN_DETECTION)
    if not faces:
        return None
    model = _model()
    size = model.input_size[0]
    to_image = square_to_image(*region(faces[0]), size)
    crop = cv2.warpAffine(
        np.ascontiguousarray(rgb), to_image, (size, size),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE,
    )  # fmt: skip
    outputs = model(crop.astype(np.float32) / 255.0)
    points = next(out for out in outputs if out.size == 468 * 3).reshape(468, 3)
    presence = next(out for out in outputs if out.size == 1).reshape(())
    if 1.0 / (1.0 + math.exp(-float(presence))) < MIN_PRESENCE:
        return None
    xy = points[:, :2] @ to_image[:, :2].T + to_image[:, 2]
    scale = math.hypot(to_image[0, 0], to_image[1, 0])  # image px per model px
    return np.column_stack([xy, points[:, 2] * scale]).astype(np.float64)


#: The corners (outer, inner) of each eye in the mesh: the person's right eye (on the
#: image's left), then the left; the iris model looks at a square 2.3 times the width
#: of the line between them (MediaPipe's iris landmark graph).
EYE_CORNERS = ((33, 133), (362, 263))
EYE_ROI_SCALE = 2.3


@cache
def _iris_model() -> Model:
    return Model("iris_landmark.tflite")


#: Where the iris model's 71 points of each eye (its lids' contour, the rings around it
#: and the brow) go in the mesh: the person's right eye, then the left (MediaPipe
#: 0.10.21's LandmarksRefinementCalculator for the refined mesh; the same layout).
EYE_REFINEMENT = (
    (33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173, 130, 25, 110,
     24, 23, 22, 26, 112, 243, 247, 30, 29, 27, 28, 56, 190, 226, 31, 228, 229, 230, 231, 232,
     233, 244, 113, 225, 224, 223, 222, 221, 189, 35, 124, 46, 53, 52, 65, 143, 111, 117, 118,
     119, 120, 121, 128, 245, 156, 70, 63, 105, 66, 107, 55, 193),
    (263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398, 359, 255,
     339, 254, 253, 252, 256, 341, 463, 467, 260, 259, 257, 258, 286, 414, 446, 261, 448, 449,
     450, 451, 452, 453, 464, 342, 445, 444, 443, 442, 441, 413, 265, 353, 276, 283, 282, 295,
     372, 340, 346, 347, 348, 349, 350, 357, 465, 383, 300, 293, 334, 296, 336, 285, 417),
)  # fmt: skip


def refined(rgb: np.ndarray, points: np.ndarray) -> np.ndarray:
    """``(478, 3)``: the mesh with each eye's contour and brow from the iris model and the
    irises added (points 468 to 477), as MediaPipe's refined mesh lays them out."""
    contours, iris = eyes(rgb, points)
    out = points.copy()
    for contour, indices in zip(contours, EYE_REFINEMENT, strict=True):
        out[list(indices), :2] = contour[:, :2]  # the mesh's depth kept, as MediaPipe's
    return np.concatenate([out, iris])


def irises(rgb: np.ndarray, points: np.ndarray) -> np.ndarray:
    """``(10, 3)``: each iris's centre and four points on its rim, the person's right eye
    first (the order of MediaPipe's refined mesh, points 468 to 477), in pixels."""
    return eyes(rgb, points)[1]


def eyes(rgb: np.ndarray, points: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """``(contours, irises)``: each eye's 71 points (:data:`EYE_REFINEMENT`'s order) and the
    ``(10, 3)`` irises (:func:`irises`), in pixels of ``rgb``."""
    model = _iris_model()
    size = model.input_size[0]
    found, contours = [], []
    for flip, (outer, inner) in zip((False, True), EYE_CORNERS, strict=True):
        (x0, y0), (x1, y1) = points[outer, :2], points[inner, :2]
        angle = -math.atan2(-(y1 - y0), x1 - x0)
        side = max(abs(x1 - x0), abs(y1 - y0)) * EYE_ROI_SCALE
        to_image = square_to_image((x0 + x1) / 2, (y0 + y1) / 2, side, angle, size)
        crop = cv2.warpAffine(
            np.ascontiguousarray(rgb), to_image, (size, size),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE,
        )  # fmt: skip
        if flip:  # the model knows one eye: the other is shown to it mirrored
            crop = crop[:, ::-1]
        outputs = model(np.ascontiguousarray(crop.astype(np.float32) / 255.0))
        iris = next(out for out in outputs if out.size == 15).reshape(5, 3).copy()
        contour = next(out for out in outputs if out.size == 71 * 3).reshape(71, 3).copy()
        if flip:  # mirrored back: x turns over, and the rim's second and fourth points swap
            iris[:, 0] = size - iris[:, 0]
            iris = iris[[0, 3, 2, 1, 4]]
            contour[:, 0] = size - contour[:, 0]
        scale = math.hypot(to_image[0, 0], to_image[1, 0])
        for model_points, into in ((iris, found), (contour, contours)):
            xy = model_points[:, :2] @ to_image[:, :2].T + to_image[:, 2]
            into.append(np.column_stack([xy, model_points[:, 2] * scale]))
    return contours, np.concatenate(found)
