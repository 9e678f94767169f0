"""Face (and palm) boxes from MediaPipe's BlazeFace-style detectors, run by LiteRT.

The steps and their constants are those of MediaPipe's face detection graph
(``mediapipe/modules/face_detection/face_detection.pbtxt`` and its short- and
full-range options, 0.10.21):

- the image is scaled to fit the model's square input, its aspect kept and the
  rest zero (letterbox), values mapped to [-1, 1];
- SSD anchors of fixed size 1: short range, strides 8, 16, 16, 16 on 128 px with
  two anchors per cell (896); full range, stride 4 on 192 px with one (2304);
  palms (``palm_detection_cpu.pbtxt``), strides 8, 16, 16, 16 on 192 px with two
  (2016), the input in [0, 1];
- each anchor's numbers: box centre x, y, width, height, then the keypoints
  (x, y; six for a face, seven for a palm), in input pixels relative to the
  anchor; its score is the
  sigmoid of a logit clipped to +-100; kept from 0.5;
- weighted non-maximum suppression: boxes overlapping the best by more than
  0.3 intersection over union are merged into it, weighted by their scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from .runtime import Model

#: Score from which a face is kept (MediaPipe's ``min_detection_confidence`` as used here).
MIN_SCORE = 0.5
#: Intersection over union above which two boxes are one face (MediaPipe's graph).
MERGE_IOU = 0.3


@dataclass(frozen=True)
class Detector:
    """One detector model: its anchor layout, keypoints and input range."""

    file: str
    strides: tuple[int, ...]
    anchors_per_cell: int
    keypoints: int = 6
    zero_centred: bool = True  # input in [-1, 1], else [0, 1]


SHORT_RANGE = Detector("face_detection_short_range.tflite", (8, 16, 16, 16), 2)
FULL_RANGE = Detector("face_detection_full_range_sparse.tflite", (4,), 1)
PALMS = Detector("palm_detection_lite.tflite", (8, 16, 16, 16), 2, 7, zero_centred=False)


@dataclass(frozen=True)
class Face:
    """A face (or palm) found: its box and keypoints in pixels of the image given, and its
    score. A face's keypoints: right eye, left eye, nose tip, mouth, right ear, left ear;
    a palm's: the wrist, then the knuckles and joints MediaPipe's hand graph turns by."""

    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    keypoints: np.ndarray  # (6 or 7, 2)
    score: float


@cache
def _model(file: str) -> Model:
    return Model(file)


@cache
def anchors(detector: Detector, side: int) -> np.ndarray:
    """``(n, 2)`` anchor centres in [0, 1] of the model's input, in the output's order.

    Consecutive layers of the same stride share a grid: their anchors are
    listed together, cell by cell (MediaPipe's SsdAnchorsCalculator).
    """
    centres = []
    layer = 0
    while layer < len(detector.strides):
        stride = detector.strides[layer]
        same = 1
        while layer + same < len(detector.strides) and detector.strides[layer + same] == stride:
            same += 1
        cells = -(-side // stride)
        ys, xs = np.mgrid[0:cells, 0:cells]
        grid = np.stack([(xs + 0.5) / cells, (ys + 0.5) / cells], axis=-1).reshape(-1, 1, 2)
        centres.append(np.repeat(grid, detector.anchors_per_cell * same, axis=1).reshape(-1, 2))
        layer += same
    return np.concatenate(centres).astype(np.float32)


def letterbox(
    rgb: np.ndarray, side: int, *, zero_centred: bool = True
) -> tuple[np.ndarray, float, float, float]:
    """``(tensor, scale, pad_x, pad_y)``: ``rgb`` scaled to fit ``side`` px square, centred on
    black, values in [-1, 1] (else [0, 1]); pads in input pixels on each side, scale input px
    per image px."""
    rows, cols = rgb.shape[:2]
    scale = side / max(rows, cols)
    pad_x, pad_y = (side - cols * scale) / 2, (side - rows * scale) / 2
    # The affine map of the scaling and the centring, as MediaPipe's ImageToTensor
    # (OpenCV) makes it: black outside the image.
    matrix = np.array([[scale, 0, pad_x], [0, scale, pad_y]], np.float64)
    tensor = cv2.warpAffine(
        np.ascontiguousarray(rgb), matrix, (side, side), flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0),
    )  # fmt: skip
    values = tensor.astype(np.float32)
    values = values / 127.5 - 1.0 if zero_centred else values / 255.0
    return values, scale, pad_x, pad_y


def detect(rgb: np.ndarray, detector: Detector, *, min_score: float = MIN_SCORE) -> list[Face]:
    """The faces in ``rgb`` (uint8, rows x cols x 3) scoring ``min_score`` or more, best first."""
    model = _model(detector.file)
    side = model.input_size[0]
    tensor, scale, pad_x, pad_y = letterbox(rgb, side, zero_centred=detector.zero_centred)
    outputs = model(tensor)
    coords = 4 + 2 * detector.keypoints
    raw = next(out for out in outputs if out.shape[-1] == coords)
    logits = next(out for out in outputs if out.shape[-1] == 1)[:, 0]
    scores = 1.0 / (1.0 + np.exp(-np.clip(logits.astype(np.float64), -100.0, 100.0)))
    keep = np.flatnonzero(scores >= min_score)
    if keep.size == 0:
        return []
    centres = anchors(detector, side)[keep] * side  # input pixels
    values = raw[keep]
    cx, cy = values[:, 0] + centres[:, 0], values[:, 1] + centres[:, 1]
    half_w, half_h = values[:, 2] / 2, values[:, 3] / 2
    boxes = np.stack([cx - half_w, cy - half_h, cx + half_w, cy + half_h], axis=1)
    points = values[:, 4:coords].reshape(-1, detector.keypoints, 2) + centres[:, np.newaxis, :]
    # Back to the image's pixels: undo the centring and the scale.
    offset = np.array([pad_x, pad_y], np.float32)
    boxes = (boxes - np.tile(offset, 2)) / scale
    points = (points - offset) / scale
    return _merge(boxes, points, scores[keep])


def _merge(boxes: np.ndarray, points: np.ndarray, scores: np.ndarray) -> list[Face]:
    """Weighted non-maximum suppression (MediaPipe's WEIGHTED algorithm)."""
    order = list(np.argsort(-scores, kind="stable"))
    faces = []
    while order:
        best = order[0]
        rest = np.array(order)
        overlap = _iou(boxes[best], boxes[rest])
        group = rest[overlap > MERGE_IOU]
        if group.size == 0 or group[0] != best:
            group = np.concatenate([[best], group[group != best]])
        weights = scores[group][:, np.newaxis]
        box = (boxes[group] * weights).sum(axis=0) / weights.sum()
        keypoints = (points[group] * weights[:, :, np.newaxis]).sum(axis=0) / weights.sum()
        faces.append(Face(tuple(float(v) for v in box), keypoints, float(scores[best])))
        taken = set(group.tolist())
        order = [index for index in order if index not in taken]
    return faces


def _iou(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    x0 = np.maximum(box[0], others[:, 0])
    y0 = np.maximum(box[1], others[:, 1])
    x1 = np.minimum(box[2], others[:, 2])
    y1 = np.minimum(box[3], others[:, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1])
    return inter / np.maximum(area + areas - inter, 1e-9)
