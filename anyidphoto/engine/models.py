"""The bundled neural models, loaded once per process and kept behind our types.

MediaPipe 0.10.21 ships BlazeFace (detection), the 478-point face mesh with
irises, the selfie segmenter and the hand models (palm detection and hand
landmarks) inside its wheel, so nothing is downloaded.
Its C++ side writes log lines straight to file descriptor 2; the models are
created with that descriptor pointed at /dev/null so a command's stderr holds
only its own messages.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from functools import cache

import numpy as np

os.environ.setdefault("GLOG_minloglevel", "3")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

_LOCK = threading.Lock()

#: The side of the square the selfie segmenter sees, pixels (its general model).
SEGMENT_SIDE = 256


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the duration (C++ logging)."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class Models:
    """The MediaPipe graphs (faces, mesh, person, hands), made once and reused for every photo.

    MediaPipe graphs are not re-entrant; calls are serialised with a lock so
    one :class:`Models` can serve threads (the web workers) safely.
    """

    def __init__(self) -> None:
        with quiet_stderr():
            from mediapipe.python.solutions import (
                face_detection,
                face_mesh,
                hands,
                selfie_segmentation,
            )

            self._detect_far = face_detection.FaceDetection(
                model_selection=1, min_detection_confidence=0.5
            )
            self._detect_near = face_detection.FaceDetection(
                model_selection=0, min_detection_confidence=0.5
            )
            self._mesh = face_mesh.FaceMesh(
                static_image_mode=True,
                max_num_faces=1,
                refine_landmarks=True,
                min_detection_confidence=0.3,
            )
            self._segment = selfie_segmentation.SelfieSegmentation(model_selection=0)
            # The lighter hand model (palm detection and 21 landmarks): enough
            # to see a hand in front of a face that fills the frame.
            self._hands = hands.Hands(
                static_image_mode=True,
                max_num_hands=2,
                model_complexity=0,
                min_detection_confidence=0.5,
            )
            # Run each graph once so the first real photo pays no start-up cost.
            blank = np.full((192, 192, 3), 128, np.uint8)
            self._detect_far.process(blank)
            self._detect_near.process(blank)
            self._mesh.process(blank)
            self._segment.process(blank)
            self._hands.process(blank)

    def detect(
        self, rgb: np.ndarray, *, far: bool
    ) -> list[tuple[float, float, float, float, float]]:
        """Face boxes as ``(x0, y0, x1, y1, score)`` in pixels of ``rgb``."""
        graph = self._detect_far if far else self._detect_near
        with _LOCK, quiet_stderr():
            result = graph.process(np.ascontiguousarray(rgb))
        rows, cols = rgb.shape[:2]
        boxes = []
        for det in result.detections or []:
            rel = det.location_data.relative_bounding_box
            x0, y0 = rel.xmin * cols, rel.ymin * rows
            boxes.append((x0, y0, x0 + rel.width * cols, y0 + rel.height * rows, det.score[0]))
        return boxes

    def mesh(self, rgb: np.ndarray) -> np.ndarray | None:
        """478 landmarks as an ``(478, 3)`` float array of ``(x, y, z)`` pixels.

        ``z`` is depth relative to the face centre, in the same pixel scale as
        ``x`` (smaller is nearer the camera). None when no face is found.
        """
        with _LOCK, quiet_stderr():
            result = self._mesh.process(np.ascontiguousarray(rgb))
        if not result.multi_face_landmarks:
            return None
        rows, cols = rgb.shape[:2]
        pts = np.array(
            [(p.x * cols, p.y * rows, p.z * cols) for p in result.multi_face_landmarks[0].landmark],
            dtype=np.float64,
        )
        return pts

    def hands(self, rgb: np.ndarray) -> list[np.ndarray]:
        """Each hand found as a ``(21, 2)`` float array of ``(x, y)`` pixels of ``rgb``."""
        with _LOCK, quiet_stderr():
            result = self._hands.process(np.ascontiguousarray(rgb))
        rows, cols = rgb.shape[:2]
        return [
            np.array([(p.x * cols, p.y * rows) for p in hand.landmark], dtype=np.float64)
            for hand in result.multi_hand_landmarks or []
        ]

    def segment(self, rgb: np.ndarray) -> np.ndarray:
        """Person probability in ``[0, 1]``, float32, same rows and cols as ``rgb``."""
        with _LOCK, quiet_stderr():
            result = self._segment.process(np.ascontiguousarray(rgb))
        return np.asarray(result.segmentation_mask, dtype=np.float32)


@cache
def get_models() -> Models:
    """The process-wide models, created on first use: MediaPipe's graphs, or with
    ``ANYIDPHOTO_MODELS=litert`` the same models on LiteRT (:mod:`.litert_models`)."""
    if os.environ.get("ANYIDPHOTO_MODELS") == "litert":
        from .litert_models import LiteModels

        return LiteModels()  # type: ignore[return-value]
    return Models()


def load_models() -> None:
    """Load the face, person and hand models now (about half a second on one core), so
    that a long-running process (a task worker) does not make its first photo wait."""
    get_models()
