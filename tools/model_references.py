"""Write what MediaPipe's own graphs find on the reference photos, for the LiteRT models'
tests (``tests/engine/test_litert_models.py``) to be held to once MediaPipe is gone.

Run with MediaPipe installed: ``.venv/bin/python tools/model_references.py``. Writes
``tests/engine/reference/models.json``: for each photo (scaled to 384 px at most, as
the engine gives the detectors), the face boxes of both detectors with their scores,
and the person probability shrunk to 32 x 32, in hundredths.
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


def main() -> int:
    from anyidphoto.engine.models import get_models
    from tests.engine.model_photos import reference_photos

    models = get_models()
    found = {}
    for name, rgb in reference_photos():
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
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(found, separators=(",", ":")) + "\n")
    print(f"model references: {len(found)} photos in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
