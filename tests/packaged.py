"""Real problem photos that packages on PyPI ship, fetched once into ``test-photos/``.

Nothing here is committed or shipped: the archive is downloaded with pip
from the package index the project installs from, checked against its
SHA-256 and read in memory. The images' own rights are the packages'
(unstated), so they serve the tests only.

- facetorch 0.6.2 (Apache-2.0), ``data/input/test3.jpg``: a 5x5 collage of
  one woman before a grey wall in 25 poses and expressions, 1920x1920 px,
  and ``data/input/test2.jpg``: a woman with curly hair laughing, eyes
  shut, both hands on her cheeks.
"""

from __future__ import annotations

import functools
import hashlib
import io
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

CACHE = Path(__file__).resolve().parents[1] / "test-photos"

FACETORCH = (
    "facetorch",
    "0.6.2",
    "886662478e3d1afabf469427f7f96fd355950276133ee7e2fe8bb2c57682a069",
)


def _archive(name: str, version: str, sha256: str) -> Path:
    """The package's sdist, downloaded on first use; the test is skipped if pip cannot get it."""
    path = CACHE / f"{name}-{version}.tar.gz"
    if not path.is_file():
        CACHE.mkdir(exist_ok=True)
        command = [
            *(sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"),
            *("--no-binary", ":all:", "--no-build-isolation"),
            *(f"{name}=={version}", "-d", str(CACHE)),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not path.is_file():
            pytest.skip(f"{name} {version} could not be fetched from the package index")
    if hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        path.unlink()
        raise AssertionError(f"{path.name}: not the archive expected (SHA-256 differs)")
    return path


@functools.cache
def _member(package: tuple[str, str, str], member: str) -> np.ndarray:
    name, version, _ = package
    with tarfile.open(_archive(*package)) as tar:
        data = tar.extractfile(f"{name}-{version}/{member}").read()
    with Image.open(io.BytesIO(data)) as im:
        return np.asarray(im.convert("RGB")).copy()


def collage_tile(row: int, col: int) -> np.ndarray:
    """One pose of facetorch's 5x5 collage (rows and columns from 0), its white gaps cut off."""
    collage = _member(FACETORCH, "data/input/test3.jpg")
    side = collage.shape[0] // 5
    return np.ascontiguousarray(
        collage[row * side + 6 : (row + 1) * side - 6, col * side + 6 : (col + 1) * side - 6]
    )


def hands_on_cheeks() -> np.ndarray:
    """facetorch's ``test2.jpg``: laughing, eyes shut, both hands on the cheeks (1280x1920)."""
    return _member(FACETORCH, "data/input/test2.jpg")
