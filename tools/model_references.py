"""Write what MediaPipe's own graphs find on the reference photos, for the LiteRT models'
tests (``tests/engine/test_litert_models.py``) to be held to once MediaPipe is gone.

Run with MediaPipe installed: ``.venv/bin/python tools/model_references.py``. Writes
``tests/engine/reference/models.json``: for each photo (scaled to 384 px at most, as
the engine gives the detectors), the face boxes of both detectors with their scores,
the person probability shrunk to 32 x 32, in hundredths, a sample of the face mesh's
points (``MESH_SAMPLE``) from MediaPipe's plain mesh (``face_landmark.tflite``, the
model LiteRT runs), the iris centres of its refined mesh (the one the engine uses) and
the 21 points of each hand found.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "tests/engine/reference/models.json"
#: The mesh points kept: every seventh, and the eyes' corners and lids, the lips, the
#: chin, the forehead and the nose tip.
MESH_SAMPLE = sorted(
    set(range(0, 468, 7)) | {33, 133, 362, 263, 159, 145, 386, 374, 13, 14, 61, 291, 152, 10, 1}
)


def main() -> int:
    from mediapipe.python.solutions import face_mesh

    from anyidphoto.engine.models import get_models, quiet_stderr
    from tests.engine.model_photos import reference_photos

    models = get_models()
    with quiet_stderr():
        plain = face_mesh.FaceMesh(
            static_image_mode=True, max_num_faces=1, refine_landmarks=False,
            min_detection_confidence=0.3,
        )  # fmt: skip
    found = {}
    for name, rgb in reference_photos():
        rows, cols = rgb.shape[:2]
        with quiet_stderr():
            seen = plain.process(np.ascontiguousarray(rgb)).multi_face_landmarks
        refined = models.mesh(rgb)
        found[name] = {
            "shape": list(rgb.shape[:2]),
            "far": [[round(v, 2) for v in box] for box in models.detect(rgb, far=True)],
            "near": [[round(v, 2) for v in box] for box in models.detect(rgb, far=False)],
            "person": (
                cv2.resize(models.segment(rgb), (32, 32), interpolation=cv2.INTER_AREA) * 100
            )
            .round()
            .astype(np.uint8)
            .tolist(),
            "mesh": [
                [round(p.x * cols, 3), round(p.y * rows, 3), round(p.z * cols, 3)]
                for p in (seen[0].landmark[i] for i in MESH_SAMPLE)
            ]
            if seen
            else None,
            "irises": None if refined is None else refined[[468, 473], :2].round(2).tolist(),
            "hands": [hand.round(3).tolist() for hand in models.hands(rgb)],
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    stored = {"mesh_sample": MESH_SAMPLE, "photos": found}
    OUT.write_text(json.dumps(stored, separators=(",", ":")) + "\n")
    print(f"model references: {len(found)} photos in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
