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

import numpy as np

from . import blazeface
from .regions import Region, crop, to_image_points, turned_square
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


def region(face: blazeface.Face) -> Region:
    """The square the model looks at: the eyes (keypoints 0 and 1) level."""
    return turned_square(
        face.box, face.keypoints[0], face.keypoints[1], target_deg=0, scale=ROI_SCALE
    )


def mesh(rgb: np.ndarray) -> np.ndarray | None:
    """468 landmarks as an ``(468, 3)`` float array of ``(x, y, z)`` pixels, or None."""
    faces = blazeface.detect(rgb, blazeface.SHORT_RANGE, min_score=MIN_DETECTION)
    if not faces:
        return None
    model = _model()
    values, to_image = crop(rgb, region(faces[0]), model.input_size[0])
    outputs = model(values)
    points = next(out for out in outputs if out.size == 468 * 3).reshape(468, 3)
    presence = next(out for out in outputs if out.size == 1).reshape(())
    if 1.0 / (1.0 + math.exp(-float(presence))) < MIN_PRESENCE:
        return None
    return to_image_points(points, to_image)


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


def eyes(rgb: np.ndarray, points: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """``(contours, irises)``: each eye's 71 points (:data:`EYE_REFINEMENT`'s order) and the
    ``(10, 3)`` irises (each centre and four points on its rim, the person's right eye
    first: points 468 to 477 of MediaPipe's refined mesh), in pixels of ``rgb``."""
    model = _iris_model()
    size = model.input_size[0]
    found, contours = [], []
    for flip, (outer, inner) in zip((False, True), EYE_CORNERS, strict=True):
        corners = points[[outer, inner], :2]
        box = (*corners.min(axis=0), *corners.max(axis=0))  # the two corners' bounds
        eye = turned_square(box, corners[0], corners[1], target_deg=0, scale=EYE_ROI_SCALE)
        values, to_image = crop(rgb, eye, size)
        if flip:  # the model knows one eye: the other is shown to it mirrored
            values = values[:, ::-1]
        outputs = model(np.ascontiguousarray(values))
        iris = next(out for out in outputs if out.size == 15).reshape(5, 3).copy()
        contour = next(out for out in outputs if out.size == 71 * 3).reshape(71, 3).copy()
        if flip:  # mirrored back: x turns over, and the rim's second and fourth points swap
            iris[:, 0] = size - iris[:, 0]
            iris = iris[[0, 3, 2, 1, 4]]
            contour[:, 0] = size - contour[:, 0]
        found.append(to_image_points(iris, to_image))
        contours.append(to_image_points(contour, to_image))
    return contours, np.concatenate(found)
