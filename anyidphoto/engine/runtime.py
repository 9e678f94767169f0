"""The face and person models as LiteRT interpreters (``ai-edge-litert``), one per model.

The ``.tflite`` files are MediaPipe's (Apache-2.0). An interpreter is not
re-entrant: :class:`Model` serialises its calls with a lock of its own, so one
instance serves the threads of a process. Each runs on one thread (the engine's
speed is measured on one core, and a worker is one process per core).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from .models import quiet_stderr


def model_path(name: str) -> Path:
    """Where ``name`` (e.g. ``face_detection_short_range.tflite``) is installed."""
    import mediapipe

    found = sorted(Path(mediapipe.__file__).parent.glob(f"modules/*/{name}"))
    if not found:
        raise FileNotFoundError(f"model {name} is not installed")
    return found[0]


class Model:
    """One ``.tflite`` model: float32 tensors in, float32 tensors out."""

    def __init__(self, name: str) -> None:
        from ai_edge_litert.interpreter import Interpreter

        with quiet_stderr():
            self._interpreter = Interpreter(model_path=str(model_path(name)), num_threads=1)
            self._interpreter.allocate_tensors()
        self.name = name
        (self._input,) = self._interpreter.get_input_details()
        self._outputs = self._interpreter.get_output_details()
        self._lock = threading.Lock()

    @property
    def input_size(self) -> tuple[int, int]:
        """``(rows, cols)`` of the input image tensor, in pixels."""
        _, rows, cols, _ = self._input["shape"]
        return int(rows), int(cols)

    def __call__(self, tensor: np.ndarray) -> list[np.ndarray]:
        """The outputs for one input ``(rows, cols, 3)`` float32 tensor, in the model's order."""
        with self._lock:
            self._interpreter.set_tensor(self._input["index"], tensor[np.newaxis])
            self._interpreter.invoke()
            return [self._interpreter.get_tensor(out["index"])[0] for out in self._outputs]
